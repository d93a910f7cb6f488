/**
 * Whether a pod template may run on a Node, as the DaemonSet controller decides it: the
 * template's nodeSelector labels are all on the Node, and its required node affinity (label
 * expressions and `metadata.name` fields) has a matching term. Taints are not considered.
 */
import type { NodeSelectorRequirement } from "../api/types/affinity.ts";
import type { Node } from "../api/types/node.ts";
import type { PodSpec } from "../api/types/pod.ts";

function requirementHolds(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      const n = Number(value), limit = Number(values[0]);
      if (value === undefined || !Number.isInteger(n) || !Number.isInteger(limit)) return false;
      return r.operator === "Gt" ? n > limit : n < limit;
    }
  }
}

/** True when pods of `spec` may run on `node`. */
export function nodeAdmits(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return false;
  }
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((r) => requirementHolds(r, labels[r.key])) &&
    (t.matchFields ?? []).every((r) =>
      requirementHolds(r, r.key === "metadata.name" ? node.metadata.name : undefined)
    ) &&
    ((t.matchExpressions ?? []).length + (t.matchFields ?? []).length > 0)
  );
}

/**
 * What the Job controller reads from its pods: the completion index of an Indexed Job's pod,
 * the compressed list of completed indexes ("0-2,4"), and which podFailurePolicy rule a failed
 * pod matches (exit codes of its containers, or its conditions).
 */
import type { Job, PodFailurePolicyRule } from "../api/types/batch.ts";
import type { Pod } from "../api/types/pod.ts";

/** The annotation (and label) holding an Indexed Job pod's completion index. */
export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

/** The completion index of a pod, or undefined. */
export function indexOf(pod: Pod): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Indexes as Kubernetes writes them: sorted, runs collapsed ("0-2,4,6-7"). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return out.join(",");
}

/** The outcome of matching a failed pod against the Job's podFailurePolicy. */
export interface PolicyMatch {
  rule: PodFailurePolicyRule;
  index: number;
  message: string;
}

function exitCodeMatch(rule: PodFailurePolicyRule, pod: Pod): string | undefined {
  const on = rule.onExitCodes;
  if (!on) return undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    if (on.containerName && s.name !== on.containerName) continue;
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) continue;
    const listed = on.values.includes(code);
    if (on.operator === "In" ? listed : !listed) {
      return `Container ${s.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} ` +
        `failed with exit code ${code}`;
    }
  }
  return undefined;
}

/** The first rule a failed pod matches, if any. */
export function matchFailurePolicy(job: Job, pod: Pod): PolicyMatch | undefined {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    let why = exitCodeMatch(rule, pod);
    if (!why && rule.onPodConditions) {
      const hit = rule.onPodConditions.find((want) =>
        pod.status?.conditions?.some((c) =>
          c.type === want.type && c.status === (want.status ?? "True")
        )
      );
      if (hit) {
        why = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${hit.type}`;
      }
    }
    if (why) {
      return { rule, index, message: `${why} matching ${rule.action} rule at index ${index}` };
    }
  }
  return undefined;
}

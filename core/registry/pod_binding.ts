/**
 * pods/binding (and the `bindings` resource): assigns a pending pod to a node exactly once.
 * Sets spec.nodeName, copies the binding's annotations onto the pod and marks it PodScheduled;
 * a pod already bound or being deleted gets 409.
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { Registry } from "./registry.ts";
import { nowTimestamp } from "./object_names.ts";

/** A core/v1 Binding. */
export interface Binding {
  metadata?: { name?: string; uid?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string };
}

/** Binds pod `name` in `namespace` to `binding.target.name`; returns the bound pod. */
export function bindPod(
  pods: Registry,
  namespace: string,
  name: string,
  binding: Binding,
): Promise<KubeObject> {
  const node = binding.target?.name;
  if (typeof node !== "string" || node === "") {
    return Promise.reject(errors.invalid("Binding", name, [{
      type: "FieldValueRequired",
      field: "target.name",
      message: "Required value: the node to bind the pod to",
    }]));
  }
  const kind = binding.target?.kind;
  if (kind !== undefined && kind !== "" && kind !== "Node") {
    return Promise.reject(errors.invalid("Binding", name, [{
      type: "FieldValueNotSupported",
      field: "target.kind",
      message: `Unsupported value: "${kind}": supported values: "Node"`,
    }]));
  }
  const uid = binding.metadata?.uid;
  return pods.mutate(
    namespace,
    name,
    (pod) => {
      const spec = (pod.spec ?? {}) as Record<string, unknown>;
      if (typeof spec.nodeName === "string" && spec.nodeName !== "") {
        throw errors.conflictWith(
          "pods",
          name,
          `pod ${name} is already assigned to node "${spec.nodeName}"`,
        );
      }
      if (pod.metadata.deletionTimestamp !== undefined) {
        throw errors.conflictWith("pods", name, `pod ${name} is being deleted, cannot be assigned`);
      }
      pod.spec = { ...spec, nodeName: node };
      const annotations = binding.metadata?.annotations;
      if (annotations && Object.keys(annotations).length > 0) {
        pod.metadata.annotations = { ...pod.metadata.annotations, ...annotations };
      }
      const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
      conditions.push({
        type: "PodScheduled",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: nowTimestamp(),
      });
      pod.status = { ...status, conditions };
      return pod;
    },
    "system",
    uid ? { uid } : undefined,
  );
}

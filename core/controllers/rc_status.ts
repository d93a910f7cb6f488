/**
 * The observed status of a replication controller from the pods it owns: replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration and the
 * ReplicaFailure condition when creating or deleting pods failed.
 */
import type { Pod } from "../api/types/pod.ts";
import type {
  ReplicationController,
  ReplicationControllerCondition,
  ReplicationControllerStatus,
} from "../api/types/replication_controller.ts";
import { isPodAvailable, isPodReady } from "./pod_conditions.ts";

/** Computes the status of `rc` owning the active pods `active`; `failure` sets ReplicaFailure. */
export function rcStatus(
  rc: ReplicationController,
  active: Pod[],
  failure?: { reason: string; message: string },
  now = Date.now(),
): ReplicationControllerStatus {
  const templateLabels = rc.spec?.template?.metadata?.labels ?? {};
  const minReady = rc.spec?.minReadySeconds ?? 0;
  const fully =
    active.filter((p) =>
      Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)
    ).length;
  const status: ReplicationControllerStatus = {
    replicas: active.length,
    fullyLabeledReplicas: fully,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rc.metadata.generation ?? 1,
  };
  const previous = (rc.status?.conditions ?? []).find((c) => c.type === "ReplicaFailure");
  if (failure) {
    const cond: ReplicationControllerCondition = {
      type: "ReplicaFailure",
      status: "True",
      reason: failure.reason,
      message: failure.message,
      lastTransitionTime: previous?.status === "True" && previous.lastTransitionTime
        ? previous.lastTransitionTime
        : new Date(now).toISOString().replace(/\.\d+Z$/, "Z"),
    };
    status.conditions = [cond];
  }
  return status;
}

/** True when two statuses differ in anything a reader sees. */
export function statusChanged(
  a: ReplicationControllerStatus | undefined,
  b: ReplicationControllerStatus,
): boolean {
  if (!a) return true;
  const norm = (s: ReplicationControllerStatus) =>
    JSON.stringify([
      s.replicas,
      s.fullyLabeledReplicas ?? 0,
      s.readyReplicas ?? 0,
      s.availableReplicas ?? 0,
      s.observedGeneration ?? 0,
      (s.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]),
    ]);
  return norm(a) !== norm(b);
}

/**
 * What controllers need to know about a pod: whether it still counts (active), whether it is
 * ready and available, who controls it, and the order in which surplus pods are deleted.
 */
import type { OwnerReference } from "../api/object.ts";
import type { Pod } from "../api/types/pod.ts";

/** True while a pod counts towards its controller: not terminating, not Succeeded or Failed. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** The pod's Ready condition, if it has one. */
function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

/** True when the pod has been ready for at least `minReadySeconds` at `now`. */
export function isPodAvailable(pod: Pod, minReadySeconds = 0, now = Date.now()): boolean {
  const c = readyCondition(pod);
  if (c?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && now - since >= minReadySeconds * 1000;
}

/** The ownerReference with `controller: true`, if any. */
export function controllerOf(
  meta: { ownerReferences?: OwnerReference[] },
): OwnerReference | undefined {
  return meta.ownerReferences?.find((r) => r.controller === true);
}

function phaseRank(pod: Pod): number {
  switch (pod.status?.phase) {
    case "Pending":
      return 0;
    case "Unknown":
      return 1;
    case "Running":
      return 2;
    default:
      return 3;
  }
}

function readySince(pod: Pod): number {
  const t = readyCondition(pod)?.lastTransitionTime;
  return t ? Date.parse(t) || 0 : 0;
}

function created(pod: Pod): number {
  const t = pod.metadata.creationTimestamp;
  return t ? Date.parse(t) || 0 : 0;
}

/**
 * Orders pods so that the first ones are the best to delete: unscheduled before scheduled,
 * Pending before Unknown before Running, not ready before ready, ready for less time before
 * longer, more container restarts before fewer, newer before older.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 1 : 0, sb = b.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = phaseRank(a), pb = phaseRank(b);
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0, rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (ra === 1) {
    const ta = readySince(a), tb = readySince(b);
    if (ta !== tb) return tb - ta;
  }
  const restarts = (p: Pod) =>
    (p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const xa = restarts(a), xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ca = created(a), cb = created(b);
  if (ca !== cb) return cb - ca;
  // Same second: list (name) order, as a stable sort over the informer's list leaves them.
  return (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

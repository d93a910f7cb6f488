/**
 * The arithmetic of a RollingUpdate, as kube's deployment controller does it: maxSurge and
 * maxUnavailable resolved against replicas (percentages round up for surge, down for
 * unavailable; never both 0), how far the new ReplicaSet may grow, and which old ReplicaSets
 * shrink by how much (unhealthy pods first, then oldest first, never below replicas −
 * maxUnavailable available pods).
 */
import type { Deployment, IntOrPercent, ReplicaSet } from "../api/types/apps.ts";
import { revisionOf } from "./deployment_revisions.ts";

/** The desired replicas of a ReplicaSet or Deployment. */
export function specReplicas(o: ReplicaSet | Deployment): number {
  return o.spec?.replicas ?? 0;
}

/** Available pods of a ReplicaSet, never more than it wants (its status may lag a scale-down). */
export function availableOf(rs: ReplicaSet): number {
  return Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));
}

function resolve(v: IntOrPercent | undefined, total: number, up: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  const pct = Number(v.replace(/%$/, ""));
  if (!Number.isFinite(pct)) return 0;
  const exact = (pct * total) / 100;
  return up ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable of `d` in pods. */
export function surgeAndUnavailable(d: Deployment): { surge: number; unavailable: number } {
  const replicas = specReplicas(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = resolve(ru.maxSurge ?? "25%", replicas, true);
  let unavailable = resolve(ru.maxUnavailable ?? "25%", replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

/** The replicas the new ReplicaSet should have now (`current` = its spec.replicas). */
export function newReplicaSetReplicas(d: Deployment, all: ReplicaSet[], current: number): number {
  const replicas = specReplicas(d);
  if (d.spec?.strategy?.type === "Recreate") return replicas;
  if (current >= replicas) return replicas;
  const { surge } = surgeAndUnavailable(d);
  const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
  const maxTotal = replicas + surge;
  if (total >= maxTotal) return current;
  return current + Math.min(maxTotal - total, replicas - current);
}

/** Old ReplicaSets oldest first (by revision, then creation). */
export function oldestFirst(rss: ReplicaSet[]): ReplicaSet[] {
  return [...rss].sort((a, b) =>
    revisionOf(a) - revisionOf(b) ||
    (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "")
  );
}

/**
 * How the old ReplicaSets shrink now: a map from ReplicaSet name to its new spec.replicas,
 * for those that change.
 */
export function oldScaleDowns(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  old: ReplicaSet[],
): Map<string, number> {
  const out = new Map<string, number>();
  const oldTotal = old.reduce((n, rs) => n + specReplicas(rs), 0);
  if (oldTotal === 0) return out;
  const all = newRS ? [...old, newRS] : old;
  const allTotal = all.reduce((n, rs) => n + specReplicas(rs), 0);
  const { unavailable } = surgeAndUnavailable(d);
  const minAvailable = specReplicas(d) - unavailable;
  const newUnavailable = newRS ? specReplicas(newRS) - availableOf(newRS) : 0;
  let budget = allTotal - minAvailable - newUnavailable;
  if (budget <= 0) return out;
  const target = new Map(old.map((rs) => [rs.metadata.name ?? "", specReplicas(rs)]));
  // Unhealthy pods of old ReplicaSets go first: removing them costs no availability.
  for (const rs of oldestFirst(old)) {
    const name = rs.metadata.name ?? "";
    const unhealthy = (target.get(name) ?? 0) - availableOf(rs);
    if (budget <= 0 || unhealthy <= 0) continue;
    const n = Math.min(budget, unhealthy);
    target.set(name, (target.get(name) ?? 0) - n);
    budget -= n;
  }
  const available = all.reduce((n, rs) => n + availableOf(rs), 0);
  let down = Math.min(budget, available - minAvailable);
  for (const rs of oldestFirst(old)) {
    const name = rs.metadata.name ?? "";
    const have = Math.min(target.get(name) ?? 0, availableOf(rs));
    if (down <= 0 || have <= 0) continue;
    const n = Math.min(down, have);
    target.set(name, (target.get(name) ?? 0) - n);
    down -= n;
  }
  for (const rs of old) {
    const name = rs.metadata.name ?? "";
    if (target.get(name) !== specReplicas(rs)) out.set(name, target.get(name) ?? 0);
  }
  return out;
}

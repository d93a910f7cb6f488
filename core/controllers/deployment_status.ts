/**
 * The status of a Deployment from its ReplicaSets, with kube's conditions: Available
 * (MinimumReplicasAvailable / MinimumReplicasUnavailable) and Progressing (NewReplicaSetCreated,
 * ReplicaSetUpdated, NewReplicaSetAvailable, DeploymentPaused, DeploymentResumed, and
 * ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress).
 */
import type {
  Deployment,
  DeploymentStatus,
  ReplicaSet,
  WorkloadCondition,
} from "../api/types/apps.ts";
import { availableOf, specReplicas, surgeAndUnavailable } from "./deployment_rollout.ts";

/** The reason kubectl rollout status reports as a failed rollout. */
export const TIMED_OUT = "ProgressDeadlineExceeded";

/** What happened in this sync that the Progressing condition reports. */
export interface SyncEvent {
  /** The new ReplicaSet was created in this sync. */
  createdNewRS?: boolean;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** True when every replica runs the new template and is available, with no old pod left. */
export function rolloutComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = specReplicas(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r &&
    (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

function progressed(old: DeploymentStatus | undefined, s: DeploymentStatus): boolean {
  const o = old ?? {};
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0) ||
    (s.replicas ?? 0) - (s.updatedReplicas ?? 0) < (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
}

function setCondition(
  conds: WorkloadCondition[],
  next: Omit<WorkloadCondition, "lastUpdateTime" | "lastTransitionTime">,
  now: number,
  touch = true,
): WorkloadCondition[] {
  const prev = conds.find((c) => c.type === next.type);
  const same = prev?.status === next.status;
  if (same && prev?.reason === next.reason && !touch) return conds;
  const cond: WorkloadCondition = {
    ...next,
    lastUpdateTime: timestamp(now),
    lastTransitionTime: same && prev?.lastTransitionTime ? prev.lastTransitionTime : timestamp(now),
  };
  return [...conds.filter((c) => c.type !== next.type), cond];
}

/**
 * The status of `d` owning `all` ReplicaSets (new one `newRS`); `event` says what this sync
 * did. Also returns, when the rollout is in progress, in how many ms the deadline passes.
 */
export function deploymentStatus(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  all: ReplicaSet[],
  event: SyncEvent,
  now = Date.now(),
): { status: DeploymentStatus; recheckMs?: number } {
  const sum = (f: (rs: ReplicaSet) => number) => all.reduce((n, rs) => n + f(rs), 0);
  const replicas = specReplicas(d);
  const available = sum(availableOf);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum((rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(specReplicas) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  let conds = [...(d.status?.conditions ?? [])];
  const minAvailable = replicas - surgeAndUnavailable(d).unavailable;
  conds = available >= minAvailable
    ? setCondition(
      conds,
      {
        type: "Available",
        status: "True",
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      },
      now,
      false,
    )
    : setCondition(
      conds,
      {
        type: "Available",
        status: "False",
        reason: "MinimumReplicasUnavailable",
        message: "Deployment does not have minimum availability.",
      },
      now,
      false,
    );
  const name = newRS?.metadata.name ?? "";
  const prev = conds.find((c) => c.type === "Progressing");
  const deadline = d.spec?.progressDeadlineSeconds;
  let recheckMs: number | undefined;
  const progressing = (reason: string, message: string) =>
    setCondition(conds, { type: "Progressing", status: "True", reason, message }, now);
  if (d.spec?.paused) {
    conds = setCondition(
      conds,
      {
        type: "Progressing",
        status: "Unknown",
        reason: "DeploymentPaused",
        message: "Deployment is paused",
      },
      now,
      false,
    );
  } else if (prev?.reason === "DeploymentPaused") {
    conds = setCondition(conds, {
      type: "Progressing",
      status: "Unknown",
      reason: "DeploymentResumed",
      message: "Deployment is resumed",
    }, now);
  } else if (rolloutComplete(d, status)) {
    if (prev?.reason !== "NewReplicaSetAvailable") {
      conds = progressing(
        "NewReplicaSetAvailable",
        `ReplicaSet "${name}" has successfully progressed.`,
      );
    }
  } else if (event.createdNewRS) {
    conds = progressing("NewReplicaSetCreated", `Created new replica set "${name}"`);
  } else if (progressed(d.status, status) || prev === undefined || prev.status !== "True") {
    if (prev?.reason !== TIMED_OUT || progressed(d.status, status)) {
      conds = progressing("ReplicaSetUpdated", `ReplicaSet "${name}" is progressing.`);
    }
  }
  const cur = conds.find((c) => c.type === "Progressing");
  if (deadline !== undefined && cur?.status === "True" && cur.reason !== "NewReplicaSetAvailable") {
    const since = Date.parse(cur.lastUpdateTime ?? "") || now;
    const left = since + deadline * 1000 - now;
    if (left <= 0) {
      conds = setCondition(conds, {
        type: "Progressing",
        status: "False",
        reason: TIMED_OUT,
        message: `ReplicaSet "${name}" has timed out progressing.`,
      }, now);
    } else recheckMs = left + 200;
  }
  status.conditions = conds.sort((a, b) => a.type.localeCompare(b.type));
  return { status, recheckMs };
}

/**
 * Builds a pod's status kubelet style from what its worker observed: phase (kubelet's
 * getPhase), the PodScheduled / Initialized / ContainersReady / Ready conditions with stable
 * transition times, containerStatuses, podIP, hostIP and startTime.
 */
import type { ContainerState, ContainerStatus } from "../api/types/container_status.ts";
import type { PodCondition, PodPhase, PodStatus } from "../api/types/pod.ts";

/** What the worker knows of one container. */
export interface ContainerSnapshot {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  restartCount: number;
  state: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  started: boolean;
}

/** What the worker knows of the pod. */
export interface PodSnapshot {
  restartPolicy: string;
  /** Init containers, run in order before `containers`. */
  initContainers?: ContainerSnapshot[];
  /** True once every init container succeeded (or there are none). */
  initialized?: boolean;
  containers: ContainerSnapshot[];
  podIP?: string;
  hostIP?: string;
  /** RFC 3339: when the executor accepted the pod. */
  startTime: string;
  /** Guaranteed, Burstable or BestEffort (from the spec's requests and limits). */
  qosClass?: "Guaranteed" | "Burstable" | "BestEffort";
  /** Set when the pod was stopped by a kill or cannot run at all: the phase is then Failed. */
  terminal?: { reason: string; message: string };
  /** A reason and message the status shows while the pod runs (what the runtime could not do). */
  notice?: { reason: string; message: string };
}

/** The pod's QoS class from its containers' cpu/memory requests and limits. */
export function qosClassOf(
  containers: {
    resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  }[],
): "Guaranteed" | "Burstable" | "BestEffort" {
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    for (const r of ["cpu", "memory"]) {
      if (limits[r] !== undefined || requests[r] !== undefined) any = true;
      const req = requests[r] ?? limits[r];
      if (limits[r] === undefined || String(req) !== String(limits[r])) guaranteed = false;
    }
  }
  return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

/** Kubelet's phase rule over the container states. */
export function podPhase(restartPolicy: string, containers: ContainerSnapshot[]): PodPhase {
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of containers) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (containers.length === 0) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function condition(
  type: string,
  ok: boolean,
  previous: PodCondition[] | undefined,
  now: string,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? "True" : "False";
  const prev = previous?.find((c) => c.type === type);
  const c: PodCondition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime
      ? prev.lastTransitionTime
      : now,
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** An RFC 3339 time at second precision, as Kubernetes writes them. */
export function kubeTime(t: string): string;
export function kubeTime(t: string | undefined): string | undefined;
export function kubeTime(t: string | undefined): string | undefined {
  return t?.replace(/\.\d+(Z|[+-]\d\d:\d\d)$/, "$1");
}

function stateOf(s: ContainerState): ContainerState {
  if (s.running) return { running: { startedAt: kubeTime(s.running.startedAt) } };
  if (s.terminated) {
    return {
      terminated: {
        ...s.terminated,
        startedAt: kubeTime(s.terminated.startedAt),
        finishedAt: kubeTime(s.terminated.finishedAt),
      },
    };
  }
  return s;
}

/** The containerStatuses entry of one container. */
export function containerStatusOf(c: ContainerSnapshot): ContainerStatus {
  const s: ContainerStatus = {
    name: c.name,
    state: stateOf(c.state),
    lastState: c.lastState ? stateOf(c.lastState) : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageID,
    started: c.started,
  };
  if (c.containerID) s.containerID = c.containerID;
  return s;
}

/** The pod status for `snap`; `previous` keeps condition transition times stable. */
export function buildPodStatus(
  snap: PodSnapshot,
  previous?: PodStatus,
  at = new Date().toISOString(),
): PodStatus {
  const now = kubeTime(at);
  const phase: PodPhase = snap.terminal ? "Failed" : podPhase(snap.restartPolicy, snap.containers);
  const done = phase === "Succeeded" || phase === "Failed";
  const notReady = snap.containers.filter((c) => !c.ready).map((c) => c.name);
  const allReady = !done && snap.containers.length > 0 && notReady.length === 0;
  const why = done ? "PodCompleted" : "ContainersNotReady";
  const msg = done ? undefined : `containers with unready status: [${notReady.join(" ")}]`;
  const prev = previous?.conditions;
  const status: PodStatus = {
    phase,
    conditions: [
      condition(
        "Initialized",
        snap.initialized !== false,
        prev,
        now,
        "ContainersNotInitialized",
        `containers with incomplete status: [${
          (snap.initContainers ?? []).filter((c) => c.state.terminated?.exitCode !== 0)
            .map((c) => c.name).join(" ")
        }]`,
      ),
      condition("Ready", allReady, prev, now, why, msg),
      condition("ContainersReady", allReady, prev, now, why, msg),
      condition("PodScheduled", true, prev, now),
    ],
    startTime: kubeTime(snap.startTime),
    containerStatuses: snap.containers.map(containerStatusOf),
  };
  if (snap.initContainers?.length) {
    status.initContainerStatuses = snap.initContainers.map(containerStatusOf);
  }
  if (snap.hostIP) {
    status.hostIP = snap.hostIP;
    status.hostIPs = [{ ip: snap.hostIP }];
  }
  if (snap.podIP) {
    status.podIP = snap.podIP;
    status.podIPs = [{ ip: snap.podIP }];
  }
  if (snap.qosClass) status.qosClass = snap.qosClass;
  const said = snap.terminal ?? snap.notice;
  if (said) {
    status.reason = said.reason;
    status.message = said.message;
  }
  return status;
}

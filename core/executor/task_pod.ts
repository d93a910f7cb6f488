/**
 * Reading a Mesos task as a pod: `TaskInfo.data` is the base64 of the pod JSON the scheduler
 * bound (DESIGN.md data flow), host ports the scheduler mapped ride in the
 * `k8s.mesosphere.io/hostPorts` annotation, and a KILL's grace comes from the kill policy or
 * else the pod's `terminationGracePeriodSeconds`.
 */
import type { Pod } from "../api/types/pod.ts";
import { base64ToBytes, type TaskInfoJson } from "../mesos/executor_types.ts";
import { decodeTaskData, type ExecutorCredentials } from "./executor_credentials.ts";

/** The annotation holding `{"<containerPort>/<PROTO>": hostPort}` (written by the scheduler). */
export const HOST_PORTS_ANNOTATION = "k8s.mesosphere.io/hostPorts";

/** Kubernetes' default termination grace period (seconds). */
export const DEFAULT_GRACE_SECONDS = 30;

/** A task decoded into its pod. */
export interface TaskPod {
  taskId: string;
  pod: Pod;
  hostPorts: Record<string, number>;
  /** Credentials the scheduler sent with the task (secured clusters). */
  credentials?: ExecutorCredentials;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Decodes the pod of a task, or returns the sentence saying why the task cannot run. */
export function decodeTaskPod(task: TaskInfoJson): TaskPod | string {
  const taskId = task.task_id.value;
  if (typeof task.data !== "string" || task.data === "") {
    return `task ${taskId} carries no pod: TaskInfo.data must hold the pod JSON (base64)`;
  }
  let parsed: unknown;
  let credentials: ExecutorCredentials | undefined;
  try {
    const data = decodeTaskData(JSON.parse(new TextDecoder().decode(base64ToBytes(task.data))));
    parsed = data.pod;
    credentials = data.credentials;
  } catch (e) {
    return `task ${taskId}: TaskInfo.data is not base64 pod JSON (${
      e instanceof Error ? e.message : e
    })`;
  }
  if (!isRecord(parsed) || !isRecord(parsed.metadata) || !isRecord(parsed.spec)) {
    return `task ${taskId}: TaskInfo.data is not a pod (no metadata or spec)`;
  }
  const pod = parsed as unknown as Pod;
  if (!pod.metadata.uid || !pod.metadata.name) {
    return `task ${taskId}: the pod has no metadata.uid or metadata.name (create pods through ` +
      `the apiserver)`;
  }
  if (!Array.isArray(pod.spec?.containers) || pod.spec.containers.length === 0) {
    return `task ${taskId}: pod ${pod.metadata.name} has no containers`;
  }
  pod.metadata.namespace ||= "default";
  return { taskId, pod, hostPorts: hostPortsOf(pod), credentials };
}

/** The scheduler's host-port mapping of a pod (empty when none or malformed). */
export function hostPortsOf(pod: Pod): Record<string, number> {
  const raw = pod.metadata.annotations?.[HOST_PORTS_ANNOTATION];
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v)) return {};
    const out: Record<string, number> = {};
    for (const [k, port] of Object.entries(v)) {
      if (typeof port === "number" && Number.isInteger(port) && port > 0) out[k] = port;
    }
    return out;
  } catch {
    return {};
  }
}

/** The pod's own grace period in seconds. */
export function podGraceSeconds(pod: Pod): number {
  const g = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds;
  return typeof g === "number" && g >= 0 ? g : DEFAULT_GRACE_SECONDS;
}

/** The grace of a KILL: the kill policy's `grace_period`, else the pod's. */
export function killGraceSeconds(policy: Record<string, unknown> | undefined, pod: Pod): number {
  const gp = policy?.grace_period;
  if (isRecord(gp) && gp.nanoseconds !== undefined) {
    const ns = Number(gp.nanoseconds);
    if (Number.isFinite(ns) && ns >= 0) return ns / 1e9;
  }
  return podGraceSeconds(pod);
}

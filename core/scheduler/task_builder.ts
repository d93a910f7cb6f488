/**
 * Turns a placed pod into a Mesos TaskInfo: a fresh task id, the carved resources, our
 * ExecutorInfo, a kill policy with the pod's grace period, labels naming the pod, and as `data`
 * the pod JSON as it will be bound (spec.nodeName and the task annotations already set), which
 * is what the executor runs, with the executor's node credentials beside it on secured clusters.
 */
import type { Pod } from "../api/types/pod.ts";
import type { TaskInfoSpec } from "../mesos/scheduler_calls.ts";
import { bytesToBase64 } from "../mesos/executor_types.ts";
import { type TaskAnnotations, taskAnnotations } from "./annotations.ts";
import type { BuiltExecutor } from "./executor_info.ts";
import type { Fit } from "./fit.ts";
import { encodeTaskData, type ExecutorCredentials } from "../executor/executor_credentials.ts";

/** Task labels naming the pod a task runs (used to adopt a task after a crash). */
export const POD_LABELS = {
  namespace: "k8s.mesosphere.io/namespace",
  name: "k8s.mesosphere.io/name",
  uid: "k8s.mesosphere.io/uid",
} as const;

/** A task ready to launch, with the pod as it will be bound. */
export interface BuiltTask {
  taskId: string;
  task: TaskInfoSpec;
  annotations: TaskAnnotations;
  /** The pod with nodeName and annotations set (what `data` carries). */
  boundPod: Pod;
}

/** A new task id for a pod: `<namespace>.<name>.<random>` (Mesos-safe characters only). */
export function newTaskId(pod: Pod): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");
  const rand = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  return `${safe(pod.metadata.namespace ?? "default")}.${safe(pod.metadata.name ?? "pod")}.${rand}`;
}

/** The pod's termination grace period in seconds (default 30, as Kubernetes). */
export function podGraceSeconds(pod: Pod): number {
  const meta = pod.metadata.deletionGracePeriodSeconds;
  if (typeof meta === "number") return meta;
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** Builds the TaskInfo of `pod` placed on an agent. */
export function buildTask(
  pod: Pod,
  placement: { agentId: string; hostname: string; offerId: string; fit: Fit },
  executor: BuiltExecutor,
  credentials?: ExecutorCredentials,
): BuiltTask {
  const taskId = newTaskId(pod);
  const annotations: TaskAnnotations = {
    taskId,
    agentId: placement.agentId,
    executorId: executor.executorId,
    offerId: placement.offerId,
    bindingHost: placement.hostname,
    hostPorts: placement.fit.hostPorts,
  };
  const boundPod: Pod = {
    ...pod,
    metadata: {
      ...pod.metadata,
      annotations: { ...pod.metadata.annotations, ...taskAnnotations(annotations) },
    },
    spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: placement.hostname },
  };
  const graceNs = BigInt(podGraceSeconds(pod)) * 1_000_000_000n;
  const task: TaskInfoSpec = {
    name: `${pod.metadata.name}.${pod.metadata.namespace ?? "default"}.pod`,
    task_id: { value: taskId },
    agent_id: { value: placement.agentId },
    resources: placement.fit.resources,
    executor: executor.info,
    data: bytesToBase64(new TextEncoder().encode(encodeTaskData(boundPod, credentials))),
    kill_policy: { grace_period: { nanoseconds: graceNs.toString() } },
    labels: {
      labels: [
        { key: POD_LABELS.namespace, value: pod.metadata.namespace ?? "default" },
        { key: POD_LABELS.name, value: pod.metadata.name ?? "" },
        { key: POD_LABELS.uid, value: pod.metadata.uid ?? "" },
      ],
    },
  };
  return { taskId, task, annotations, boundPod };
}

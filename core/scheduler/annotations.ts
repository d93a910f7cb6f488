/**
 * The pod annotations the scheduler reads and writes (DESIGN.md "Decisions"): where a bound pod's
 * task runs, which host ports were mapped for it, and the knobs a user sets on a pod.
 */

/** Annotations written on a bound pod; the task registry is rebuilt from them after a restart. */
export const TASK_ID_ANNOTATION = "k8s.mesosphere.io/taskId";
/** The Mesos agent id the pod's task runs on. */
export const AGENT_ID_ANNOTATION = "k8s.mesosphere.io/agentId";
/** The executor id running the pod's task. */
export const EXECUTOR_ID_ANNOTATION = "k8s.mesosphere.io/executorId";
/** The offer the task was launched from. */
export const OFFER_ID_ANNOTATION = "k8s.mesosphere.io/offerId";
/** The agent hostname the pod was bound to. */
export const BINDING_HOST_ANNOTATION = "k8s.mesosphere.io/bindingHost";

/**
 * Host ports the scheduler mapped from the offer for container ports without a declared
 * `hostPort` (wildcard mapping, or every port under the process runtime). The value is one JSON
 * object keyed exactly like the executor's `StartContext.hostPorts`:
 * `{"8080/TCP": 31005, "53/UDP": 31006}` (key `"<containerPort>/<PROTOCOL>"`, value the host
 * port). The executor reads it from the pod JSON in `TaskInfo.data`; the endpoints controller may
 * read it from the bound pod.
 */
export const HOST_PORTS_ANNOTATION = "k8s.mesosphere.io/hostPorts";

/** Set to `wildcard` on a pod to map every containerPort without a hostPort to an offered port. */
export const PORT_MAPPING_ANNOTATION = "k8s.mesosphere.io/portMapping";

/** Labels of a Node made from agent attribute `<name>`. */
export const ATTRIBUTE_LABEL_PREFIX = "k8s.mesosphere.io/attribute-";

/** The standard hostname label every Node carries. */
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** The schedulerName pods must leave unset or set to this for k8sm to schedule them. */
export const SCHEDULER_NAME = "k8sm-scheduler";

/** Scheduler names k8sm accepts as its own (unset counts too). */
export const OWN_SCHEDULER_NAMES: ReadonlySet<string> = new Set([
  SCHEDULER_NAME,
  "default-scheduler",
]);

/** The annotations of a bound pod, as one record. */
export interface TaskAnnotations {
  taskId: string;
  agentId: string;
  executorId: string;
  offerId: string;
  bindingHost: string;
  hostPorts?: Record<string, number>;
}

/** The annotation map for `a`, ready to merge into metadata.annotations. */
export function taskAnnotations(a: TaskAnnotations): Record<string, string> {
  const out: Record<string, string> = {
    [TASK_ID_ANNOTATION]: a.taskId,
    [AGENT_ID_ANNOTATION]: a.agentId,
    [EXECUTOR_ID_ANNOTATION]: a.executorId,
    [OFFER_ID_ANNOTATION]: a.offerId,
    [BINDING_HOST_ANNOTATION]: a.bindingHost,
  };
  if (a.hostPorts && Object.keys(a.hostPorts).length > 0) {
    out[HOST_PORTS_ANNOTATION] = JSON.stringify(a.hostPorts);
  }
  return out;
}

/** Reads the task annotations of a pod, or undefined when it carries no task id. */
export function readTaskAnnotations(
  annotations: Record<string, string> | undefined,
): TaskAnnotations | undefined {
  const taskId = annotations?.[TASK_ID_ANNOTATION];
  if (!annotations || !taskId) return undefined;
  let hostPorts: Record<string, number> | undefined;
  try {
    const raw: unknown = JSON.parse(annotations[HOST_PORTS_ANNOTATION] ?? "null");
    if (raw && typeof raw === "object") hostPorts = raw as Record<string, number>;
  } catch {
    hostPorts = undefined;
  }
  return {
    taskId,
    agentId: annotations[AGENT_ID_ANNOTATION] ?? "",
    executorId: annotations[EXECUTOR_ID_ANNOTATION] ?? "",
    offerId: annotations[OFFER_ID_ANNOTATION] ?? "",
    bindingHost: annotations[BINDING_HOST_ANNOTATION] ?? "",
    hostPorts,
  };
}

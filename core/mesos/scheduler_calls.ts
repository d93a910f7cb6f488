/**
 * Builders for the scheduler Calls a framework sends after SUBSCRIBE, in Mesos JSON form, so
 * callers get the nesting right (`decline.offer_ids[].value`, `acknowledge.uuid` as received…).
 * framework_id is left out: SchedulerClient fills it in.
 */
import type { MesosResource } from "./resources.ts";
import type { SchedulerCall } from "./scheduler_types.ts";

const ids = (values: readonly string[]) => values.map((value) => ({ value }));
const filters = (refuseSeconds?: number) =>
  refuseSeconds === undefined ? {} : { filters: { refuse_seconds: refuseSeconds } };

/** A TaskInfo in Mesos JSON form (the fields k8sm sets; anything else passes through). */
export interface TaskInfoSpec {
  name: string;
  task_id: { value: string };
  agent_id: { value: string };
  resources: MesosResource[];
  executor?: Record<string, unknown>;
  command?: Record<string, unknown>;
  data?: string;
  labels?: { labels: { key: string; value?: string }[] };
  [field: string]: unknown;
}

/** ACCEPT offers (all from one agent) with LAUNCH of `tasks`; leftovers declined with the filter. */
export function launchCall(
  offerIds: readonly string[],
  tasks: readonly TaskInfoSpec[],
  refuseSeconds?: number,
): SchedulerCall {
  return {
    type: "ACCEPT",
    accept: {
      offer_ids: ids(offerIds),
      operations: [{ type: "LAUNCH", launch: { task_infos: tasks } }],
      ...filters(refuseSeconds),
    },
  };
}

/** DECLINE offers, refusing them for `refuseSeconds` (Mesos default 5). */
export function declineCall(offerIds: readonly string[], refuseSeconds?: number): SchedulerCall {
  return { type: "DECLINE", decline: { offer_ids: ids(offerIds), ...filters(refuseSeconds) } };
}

/** REVIVE offers for `roles` (all roles when empty); clears every offer filter. */
export function reviveCall(roles: readonly string[] = []): SchedulerCall {
  return roles.length ? { type: "REVIVE", revive: { roles: [...roles] } } : { type: "REVIVE" };
}

/** SUPPRESS offers for `roles` (all roles when empty). */
export function suppressCall(roles: readonly string[] = []): SchedulerCall {
  return roles.length
    ? { type: "SUPPRESS", suppress: { roles: [...roles] } }
    : { type: "SUPPRESS" };
}

/** KILL a task, optionally naming its agent and overriding the kill grace period. */
export function killCall(taskId: string, agentId?: string, gracePeriodMs?: number): SchedulerCall {
  const kill: Record<string, unknown> = { task_id: { value: taskId } };
  if (agentId) kill.agent_id = { value: agentId };
  if (gracePeriodMs !== undefined) {
    const ns = BigInt(Math.round(gracePeriodMs)) * 1_000_000n;
    kill.kill_policy = { grace_period: { nanoseconds: ns.toString() } };
  }
  return { type: "KILL", kill };
}

/** A TaskStatus as received in an UPDATE event (only the fields an acknowledgement needs). */
export interface ReceivedStatus {
  task_id: { value: string };
  agent_id?: { value: string };
  uuid?: string;
  [field: string]: unknown;
}

/**
 * The ACKNOWLEDGE for a received status, or undefined when it must not be acknowledged
 * (no uuid: master-generated, reconciliation or validation updates).
 */
export function acknowledgeCall(status: ReceivedStatus): SchedulerCall | undefined {
  if (!status.uuid || !status.agent_id) return undefined;
  return {
    type: "ACKNOWLEDGE",
    acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
  };
}

/** RECONCILE the given tasks (explicit), or every known task when `tasks` is empty (implicit). */
export function reconcileCall(
  tasks: readonly { taskId: string; agentId?: string }[] = [],
): SchedulerCall {
  return {
    type: "RECONCILE",
    reconcile: {
      tasks: tasks.map((t) =>
        t.agentId
          ? { task_id: { value: t.taskId }, agent_id: { value: t.agentId } }
          : { task_id: { value: t.taskId } }
      ),
    },
  };
}

/** SHUTDOWN a custom executor on an agent. */
export function shutdownCall(executorId: string, agentId: string): SchedulerCall {
  return {
    type: "SHUTDOWN",
    shutdown: { executor_id: { value: executorId }, agent_id: { value: agentId } },
  };
}

/** MESSAGE: opaque base64 `data` to an executor (unreliable). */
export function messageCall(agentId: string, executorId: string, data: string): SchedulerCall {
  return {
    type: "MESSAGE",
    message: { agent_id: { value: agentId }, executor_id: { value: executorId }, data },
  };
}

/** TEARDOWN: remove the framework, killing all its tasks. Its id can never be reused. */
export function teardownCall(): SchedulerCall {
  return { type: "TEARDOWN" };
}

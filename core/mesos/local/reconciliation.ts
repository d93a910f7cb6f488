/**
 * RECONCILE: explicit (one answer per listed task) and implicit (the latest state of every task
 * the master knows), with Mesos' answers for unknown tasks by the state of their agent. Answers
 * come from the master: SOURCE_MASTER, REASON_RECONCILIATION and never a uuid.
 */
import type { MesosId, TaskStatus } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { Master } from "./master.ts";
import { makeStatus } from "./task_states.ts";

/** The state a framework without PARTITION_AWARE sees instead of the partition-aware ones. */
export function forFramework(fw: Framework, state: string): string {
  if (fw.hasCapability("PARTITION_AWARE")) return state;
  return ["TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN", "TASK_DROPPED"]
      .includes(state)
    ? "TASK_LOST"
    : state;
}

function nanos(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

/** The reconciliation answer for a task the master knows. */
function knownTask(fw: Framework, task: MasterTask): TaskStatus {
  const status = makeStatus({
    taskId: task.info.task_id.value,
    state: forFramework(fw, task.state),
    source: "SOURCE_MASTER",
    reason: "REASON_RECONCILIATION",
    message: "Reconciliation: Latest task state",
    agentId: task.agentId,
  });
  if (task.info.executor) status.executor_id = task.info.executor.executor_id;
  if (task.unreachableSince !== undefined) {
    status.unreachable_time = { nanoseconds: nanos(task.unreachableSince) };
  }
  return status;
}

/** The answer for a task the master does not know, by what it knows of the agent. */
function unknownTask(master: Master, fw: Framework, taskId: string, agentId?: MesosId): TaskStatus {
  const id = agentId?.value;
  let state = "TASK_UNKNOWN";
  let message = "Reconciliation: Task is unknown";
  const removed = id !== undefined ? master.removedAgents.get(id) : undefined;
  if (id !== undefined && master.agents.has(id)) {
    state = "TASK_GONE";
    message = "Reconciliation: Task is unknown to the agent";
  } else if (removed) {
    state = "TASK_UNREACHABLE";
    message = "Reconciliation: Task is unreachable";
  }
  const status = makeStatus({
    taskId,
    state: forFramework(fw, state),
    source: "SOURCE_MASTER",
    reason: "REASON_RECONCILIATION",
    message,
    agentId: id,
  });
  if (removed && fw.hasCapability("PARTITION_AWARE")) {
    status.unreachable_time = { nanoseconds: nanos(removed.removedAt) };
  }
  return status;
}

/** Answers a RECONCILE call with UPDATE events on the framework's stream. */
export function reconcile(
  master: Master,
  fw: Framework,
  tasks: { task_id: MesosId; agent_id?: MesosId }[],
): void {
  if (tasks.length === 0) {
    for (const task of fw.tasks.values()) master.sendUpdate(fw, knownTask(fw, task));
    return;
  }
  for (const { task_id, agent_id } of tasks) {
    const task = fw.tasks.get(task_id.value);
    if (task && (agent_id === undefined || agent_id.value === task.agentId)) {
      master.sendUpdate(fw, knownTask(fw, task));
    } else {
      master.sendUpdate(fw, unknownTask(master, fw, task_id.value, agent_id));
    }
  }
}

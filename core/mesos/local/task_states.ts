/** Mesos task state classification (isTerminalState and friends) and status constructors. */
import type { MesosId, TaskStatus } from "./mesos_types.ts";
import { uuidBase64 } from "./ids.ts";

const TERMINAL = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_ERROR",
  "TASK_LOST",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);

/** True for the states after which a task never runs again (Mesos' isTerminalState). */
export function isTerminalState(state: string): boolean {
  return TERMINAL.has(state);
}

/** The fields of a status update the master or agent generates. */
export interface StatusFields {
  taskId: string;
  state: string;
  source: "SOURCE_MASTER" | "SOURCE_AGENT" | "SOURCE_EXECUTOR";
  reason?: string;
  message?: string;
  agentId?: string;
  executorId?: string;
  /** Reliable updates (agent-generated) carry a uuid; master-generated ones must not. */
  reliable?: boolean;
}

/** Builds a TaskStatus; only `reliable` statuses get a uuid. */
export function makeStatus(f: StatusFields): TaskStatus {
  const status: TaskStatus = {
    task_id: { value: f.taskId },
    state: f.state,
    source: f.source,
    timestamp: Date.now() / 1000,
  };
  if (f.message !== undefined) status.message = f.message;
  if (f.reason !== undefined) status.reason = f.reason;
  if (f.agentId !== undefined) status.agent_id = { value: f.agentId };
  if (f.executorId !== undefined) status.executor_id = { value: f.executorId };
  if (f.reliable) status.uuid = uuidBase64();
  return status;
}

/** `{value}` wrapper for an id string. */
export function mesosId(value: string): MesosId {
  return { value };
}

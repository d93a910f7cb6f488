/** Classification of Mesos task states (mesos.v1.TaskState) as Mesos' isTerminalState does it. */

/** States after which a task never runs again (FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE…). */
export const TERMINAL_TASK_STATES: ReadonlySet<string> = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_ERROR",
  "TASK_LOST",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);

/** True for a terminal task state. */
export function isTerminalTaskState(state: string): boolean {
  return TERMINAL_TASK_STATES.has(state);
}

/** True for states that say the task's fate is unknown for now (UNREACHABLE, UNKNOWN). */
export function isUnknownTaskState(state: string): boolean {
  return state === "TASK_UNREACHABLE" || state === "TASK_UNKNOWN";
}

/** True for a state in which the task is (or may soon be) running: STAGING, STARTING, RUNNING, KILLING. */
export function isActiveTaskState(state: string): boolean {
  return state === "TASK_STAGING" || state === "TASK_STARTING" || state === "TASK_RUNNING" ||
    state === "TASK_KILLING";
}

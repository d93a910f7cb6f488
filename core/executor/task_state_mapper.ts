/**
 * Maps a pod's status onto Mesos task states: TASK_STARTING when the pod is accepted,
 * TASK_RUNNING once all its containers run, TASK_FINISHED when it Succeeded, TASK_FAILED (with
 * the reason in the message) when it Failed, TASK_KILLING while a kill stops the containers
 * (frameworks with TASK_KILLING_STATE), TASK_KILLED after it. The pod status JSON
 * rides along in the update's `data`.
 */
import type { PodStatus } from "../api/types/pod.ts";
import { bytesToBase64 } from "../mesos/executor_types.ts";

/** The task states an executor sends. */
export type ExecutorTaskState =
  | "TASK_STARTING"
  | "TASK_KILLING"
  | "TASK_RUNNING"
  | "TASK_FINISHED"
  | "TASK_FAILED"
  | "TASK_KILLED";

/** A state to send, with a sentence saying why. */
export interface TaskStateChange {
  state: ExecutorTaskState;
  message?: string;
}

const TERMINAL = new Set<string>(["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED"]);

/** True for the terminal states an executor sends. */
export function isTerminalTaskState(state: string | undefined): boolean {
  return state !== undefined && TERMINAL.has(state);
}

/** Why a Failed pod failed, in one sentence (containers that exited non-zero, or the reason). */
export function failureMessage(status: PodStatus): string {
  if (status.message) return status.message;
  const parts: string[] = [];
  for (const c of status.containerStatuses ?? []) {
    const t = c.state?.terminated ?? c.lastState?.terminated;
    if (t && t.exitCode !== 0) {
      parts.push(
        `container "${c.name}" exited with code ${t.exitCode}` +
          (t.reason ? ` (${t.reason}${t.message ? `: ${t.message}` : ""})` : ""),
      );
    }
  }
  return parts.length > 0 ? `pod failed: ${parts.join("; ")}` : "pod failed";
}

/**
 * The state to send next for a task currently in `current` (undefined before the first
 * update), or undefined when nothing changes.
 */
export function nextTaskState(
  current: string | undefined,
  status: PodStatus,
  killed: boolean,
): TaskStateChange | undefined {
  if (isTerminalTaskState(current)) return undefined;
  if (killed) {
    return { state: "TASK_KILLED", message: "the task was killed; its containers are stopped" };
  }
  if (status.phase === "Succeeded") {
    return { state: "TASK_FINISHED", message: "all containers of the pod completed" };
  }
  if (status.phase === "Failed") return { state: "TASK_FAILED", message: failureMessage(status) };
  // While a kill is under way only its end is reported.
  if (current === "TASK_KILLING") return undefined;
  const containers = status.containerStatuses ?? [];
  const allRunning = status.phase === "Running" && containers.length > 0 &&
    containers.every((c) => c.state?.running !== undefined);
  if (allRunning && current !== "TASK_RUNNING") {
    return { state: "TASK_RUNNING", message: "all containers of the pod are running" };
  }
  if (current === undefined) return { state: "TASK_STARTING", message: "the pod was accepted" };
  return undefined;
}

/** The update's `data`: the pod status as JSON, base64 encoded. */
export function statusData(status: PodStatus): string {
  return bytesToBase64(new TextEncoder().encode(JSON.stringify(status)));
}

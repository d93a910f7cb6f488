/**
 * What the scheduler does with a task status update: acknowledge it when it carries a uuid,
 * track the task's state, and act on the pod: a terminal or lost task fails the pod with the
 * Mesos reason and message (and an Event), a task killed for a gracefully deleted pod lets the
 * pod go, a launch that failed before binding puts the pod back in the queue, and a task no
 * pod claims is adopted (an unbound pod whose launch survived a scheduler crash) or killed.
 */
import type { Pod } from "../api/types/pod.ts";
import { acknowledgeCall, type ReceivedStatus } from "../mesos/scheduler_calls.ts";
import { isActiveTaskState, isTerminalTaskState } from "../mesos/task_state.ts";
import type { TaskRecord } from "./task_registry.ts";

/** A TaskStatus as received (Mesos JSON). */
export interface TaskStatusJson extends ReceivedStatus {
  state: string;
  reason?: string;
  message?: string;
  source?: string;
  executor_id?: { value: string };
}

/** What the status handler needs from the scheduler. */
export interface StatusContext {
  /** Sends a call (acknowledgements are fire-and-forget). */
  send(call: import("../mesos/scheduler_types.ts").SchedulerCall): void;
  /** The task record, if known. */
  task(taskId: string): TaskRecord | undefined;
  /** Forgets a terminal task. */
  forget(taskId: string): void;
  /** The cached pod by key. */
  pod(podKey: string): Pod | undefined;
  /** Marks the pod Failed (background, with an Event). */
  failPod(rec: TaskRecord, reason: string, message: string): void;
  /** Removes a gracefully deleted pod whose task ended. */
  removePod(rec: TaskRecord): void;
  /** Puts an unbound pod back into the queue. */
  requeue(podKey: string): void;
  /** Handles a task no pod claims: adopt or kill. */
  orphan(status: TaskStatusJson): void;
  /** Tells reconciliation Mesos answered for the task. */
  answered(taskId: string): void;
  /** KILLs a task (its pod was already failed or deleted). */
  kill(rec: TaskRecord, graceSeconds: number): void;
}

/** The pod reason for a Mesos status: its reason name, else the state name. */
export function mesosReason(status: TaskStatusJson): string {
  return status.reason ?? status.state;
}

/** The pod message for a Mesos status. */
export function mesosMessage(status: TaskStatusJson): string {
  const what = `Mesos task ${status.task_id.value} is ${status.state}`;
  return status.message ? `${what}: ${status.message}` : what;
}

/** Handles one UPDATE; `now` is for the unreachable timer. */
export function handleStatus(ctx: StatusContext, status: TaskStatusJson, now = Date.now()): void {
  const ack = acknowledgeCall(status);
  const taskId = status.task_id.value;
  ctx.answered(taskId);
  const rec = ctx.task(taskId);
  try {
    if (!rec) {
      if (isActiveTaskState(status.state) || status.state === "TASK_UNREACHABLE") {
        ctx.orphan(status);
      }
      return;
    }
    rec.unconfirmed = false;
    if (status.agent_id?.value && !rec.agentId) rec.agentId = status.agent_id.value;
    rec.state = status.state;
    if (status.state === "TASK_UNREACHABLE") {
      rec.unreachableSince ??= now;
      rec.lastReason = mesosReason(status);
      rec.lastMessage = mesosMessage(status);
      return;
    }
    rec.unreachableSince = undefined;
    if (rec.failed && isActiveTaskState(status.state) && !rec.killSent) {
      ctx.kill(rec, 0);
      return;
    }
    if (status.state === "TASK_UNKNOWN") {
      ctx.forget(taskId);
      if (rec.bound) {
        ctx.failPod(rec, "TASK_UNKNOWN", `Mesos does not know task ${taskId} any more`);
      } else ctx.requeue(rec.podKey);
      return;
    }
    if (!isTerminalTaskState(status.state)) return;
    ctx.forget(taskId);
    const pod = ctx.pod(rec.podKey);
    if (!pod || pod.metadata.uid !== rec.podUid) return;
    if (pod.metadata.deletionTimestamp !== undefined) {
      ctx.removePod(rec);
      return;
    }
    if (!rec.bound) {
      ctx.requeue(rec.podKey);
      return;
    }
    if (status.state === "TASK_FINISHED") return;
    if (status.state === "TASK_KILLED" && rec.killSent) return;
    ctx.failPod(rec, mesosReason(status), mesosMessage(status));
  } finally {
    if (ack) ctx.send(ack);
  }
}

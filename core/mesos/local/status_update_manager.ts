/**
 * The agent's status update manager: one ordered stream of reliable updates per task. Only the
 * head of a stream is forwarded; the next waits until the framework acknowledges the head (by
 * uuid). Unacknowledged heads are resent with exponential backoff (Mesos: 10 s doubling to
 * 10 min) and at once when the framework resubscribes.
 */
import type { TaskStatus } from "./mesos_types.ts";
import { isTerminalState } from "./task_states.ts";

/** Sends an update towards the framework; `latestState` is the newest state of the task. */
export type ForwardUpdate = (frameworkId: string, status: TaskStatus, latestState: string) => void;

/** Retry timing of the manager. */
export interface StatusUpdateRetry {
  /** First resend after this many ms (Mesos: 10 000). */
  initialMs: number;
  /** Cap of the doubling backoff (Mesos: 600 000). */
  maxMs: number;
}

interface UpdateStream {
  frameworkId: string;
  taskId: string;
  pending: TaskStatus[];
  seen: Set<string>;
  latestState: string;
  delayMs: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Per-task ordered, acknowledged update streams of one agent. */
export class StatusUpdateManager {
  #streams = new Map<string, UpdateStream>();

  constructor(readonly forward: ForwardUpdate, readonly retry: StatusUpdateRetry) {}

  /**
   * Queues a reliable update (it must carry a uuid). Returns false for a duplicate uuid, which
   * is ignored. The update goes out at once when nothing is ahead of it.
   */
  add(frameworkId: string, status: TaskStatus): boolean {
    const key = `${frameworkId}/${status.task_id.value}`;
    let s = this.#streams.get(key);
    if (!s) {
      s = {
        frameworkId,
        taskId: status.task_id.value,
        pending: [],
        seen: new Set(),
        latestState: status.state,
        delayMs: this.retry.initialMs,
      };
      this.#streams.set(key, s);
    }
    if (status.uuid === undefined || s.seen.has(status.uuid)) return false;
    s.seen.add(status.uuid);
    s.pending.push(status);
    s.latestState = status.state;
    if (s.pending.length === 1) this.#send(s);
    return true;
  }

  /**
   * The framework acknowledged `uuid` for a task: the head is dropped and the next update sent.
   * Stale or unknown acknowledgements are ignored (returns false).
   */
  acknowledge(frameworkId: string, taskId: string, uuid: string): boolean {
    const key = `${frameworkId}/${taskId}`;
    const s = this.#streams.get(key);
    if (!s || s.pending.length === 0 || s.pending[0].uuid !== uuid) return false;
    clearTimeout(s.timer);
    const acked = s.pending.shift()!;
    s.delayMs = this.retry.initialMs;
    if (s.pending.length > 0) this.#send(s);
    else if (isTerminalState(acked.state)) this.#streams.delete(key);
    return true;
  }

  /** Resends every pending head of a framework now (it just resubscribed). */
  resume(frameworkId: string): void {
    for (const s of this.#streams.values()) {
      if (s.frameworkId !== frameworkId || s.pending.length === 0) continue;
      clearTimeout(s.timer);
      s.delayMs = this.retry.initialMs;
      this.#send(s);
    }
  }

  /** Unacknowledged updates of a task, oldest first. */
  pending(frameworkId: string, taskId: string): TaskStatus[] {
    return [...(this.#streams.get(`${frameworkId}/${taskId}`)?.pending ?? [])];
  }

  /** Drops every stream of a framework (it was removed). */
  removeFramework(frameworkId: string): void {
    for (const [key, s] of this.#streams) {
      if (s.frameworkId !== frameworkId) continue;
      clearTimeout(s.timer);
      this.#streams.delete(key);
    }
  }

  /** Stops every retry timer. */
  close(): void {
    for (const s of this.#streams.values()) clearTimeout(s.timer);
    this.#streams.clear();
  }

  #send(s: UpdateStream): void {
    clearTimeout(s.timer);
    this.forward(s.frameworkId, s.pending[0], s.latestState);
    s.timer = setTimeout(() => {
      if (s.pending.length === 0) return;
      s.delayMs = Math.min(this.retry.maxMs, s.delayMs * 2);
      this.#send(s);
    }, s.delayMs);
  }
}

/**
 * In-memory stand-ins for the Mesos seams, for unit tests of schedulers and executors: the test
 * emits events and inspects (or refuses) the calls, with no HTTP involved. Every call is still
 * encoded with the real schema, so malformed calls fail as they would against Mesos.
 */
import { waitFor } from "../util/mod.ts";
import { AsyncQueue } from "./async_queue.ts";
import { encodeMesos } from "./codec.ts";
import {
  bytesToBase64,
  type ExecutorConnection,
  type ExecutorEvent,
  randomUuidBytes,
  type TaskStatusInput,
} from "./executor_types.ts";
import type { SchedulerCall, SchedulerConnection, SchedulerEvent } from "./scheduler_types.ts";

/** Decides the outcome of a call: return normally to accept it, throw to refuse it. */
export type CallScript<C> = (call: C) => void | Promise<void>;

/** A SchedulerConnection driven by the test. */
export class ScriptedSchedulerConnection implements SchedulerConnection {
  /** Events the test emitted, as the scheduler will read them. */
  readonly events: AsyncQueue<SchedulerEvent> = new AsyncQueue();
  /** Every call the scheduler sent, in order (framework_id filled in). */
  readonly calls: SchedulerCall[] = [];
  /** Optional hook deciding each call's outcome (default: accept). */
  script: CallScript<SchedulerCall> | undefined;

  /** `frameworkId` is what SUBSCRIBED announces and calls carry. */
  constructor(readonly frameworkId = "scripted-framework") {}

  /** Emits SUBSCRIBED (heartbeat 15 s). */
  subscribe(): void {
    this.emit({
      type: "SUBSCRIBED",
      subscribed: { framework_id: { value: this.frameworkId }, heartbeat_interval_seconds: 15 },
    });
  }

  /** Emits one event to the scheduler. */
  emit(event: SchedulerEvent): void {
    this.events.push(event);
  }

  /** Records the call after checking it encodes as a mesos.v1.scheduler.Call. */
  async call(call: SchedulerCall): Promise<void> {
    const full = { ...call, framework_id: call.framework_id ?? { value: this.frameworkId } };
    encodeMesos("mesos.v1.scheduler.Call", full);
    this.calls.push(full);
    await this.script?.(full);
  }

  /** Calls of one type, in order. */
  callsOf(type: string): SchedulerCall[] {
    return this.calls.filter((c) => c.type === type);
  }

  /** Waits for the n-th call of `type` (1-based) and returns it. */
  waitForCall(type: string, n = 1, timeoutMs = 10_000): Promise<SchedulerCall> {
    return waitFor(() => this.callsOf(type)[n - 1], { what: `${n} ${type} call(s)`, timeoutMs });
  }

  /** Ends the event stream. */
  close(): Promise<void> {
    this.events.end();
    return Promise.resolve();
  }
}

/** An ExecutorConnection driven by the test. */
export class ScriptedExecutorConnection implements ExecutorConnection {
  /** Events the test emitted, as the executor will read them. */
  readonly events: AsyncQueue<ExecutorEvent> = new AsyncQueue();
  /** Every status the executor sent (with uuid, source and executor_id filled in). */
  readonly updates: Record<string, unknown>[] = [];
  /** Every MESSAGE payload the executor sent. */
  readonly messages: Uint8Array[] = [];

  /** `executorId` is put into the statuses like the real client does. */
  constructor(readonly executorId = "scripted-executor") {}

  /** Emits one event to the executor. */
  emit(event: ExecutorEvent): void {
    this.events.push(event);
  }

  /** Records a status after checking it encodes as a mesos.v1.TaskStatus; returns its uuid. */
  update(status: TaskStatusInput): Promise<string> {
    if (status.state === "TASK_STAGING") {
      return Promise.reject(new Error("An executor must not send TASK_STAGING."));
    }
    const uuid = bytesToBase64(randomUuidBytes());
    const full = {
      ...status,
      executor_id: { value: this.executorId },
      source: "SOURCE_EXECUTOR",
      uuid,
    };
    encodeMesos("mesos.v1.TaskStatus", full);
    this.updates.push(full);
    return Promise.resolve(uuid);
  }

  /** States sent for one task, in order. */
  statesOf(taskId: string): string[] {
    return this.updates
      .filter((u) => (u.task_id as { value: string }).value === taskId)
      .map((u) => String(u.state));
  }

  /** Waits until the task reached `state` (sent by the executor). */
  async waitForState(taskId: string, state: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.statesOf(taskId).includes(state), {
      what: `${taskId} to report ${state}`,
      timeoutMs,
    });
  }

  /** Records a message. */
  message(data: Uint8Array): Promise<void> {
    this.messages.push(data);
    return Promise.resolve();
  }

  /** Ends the event stream. */
  close(): Promise<void> {
    this.events.end();
    return Promise.resolve();
  }
}

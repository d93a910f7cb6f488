/**
 * The operator API's SUBSCRIBE streams (`mesos.v1.master.Event`): SUBSCRIBED with the whole
 * GET_STATE and the heartbeat interval, a first HEARTBEAT at once, then TASK_ADDED, TASK_UPDATED,
 * AGENT_ADDED, AGENT_REMOVED, FRAMEWORK_ADDED/UPDATED/REMOVED as the master changes, and a
 * HEARTBEAT every interval. At most 1000 subscribers; past that the oldest stream is closed.
 */
import type { TaskStatus } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { AgentRecord, Master } from "./master.ts";
import type { EventStream } from "./event_stream.ts";
import { getState, v1Agent, v1Framework, v1Task } from "./operator_model.ts";

/** Largest number of operator streams (`--max_operator_event_stream_subscribers`). */
const MAX_SUBSCRIBERS = 1000;

/** The master's operator event subscribers. */
export class OperatorEvents {
  #streams: EventStream[] = [];

  constructor(private readonly master: Master) {}

  /** Number of open operator streams (metric `master/operator_event_stream_subscribers`). */
  get subscribers(): number {
    return this.#streams.length;
  }

  /** Starts a subscriber: SUBSCRIBED and a first HEARTBEAT. */
  subscribe(stream: EventStream): void {
    while (this.#streams.length >= MAX_SUBSCRIBERS) this.#streams.shift()!.close();
    this.#streams.push(stream);
    stream.onClose(() => this.#streams = this.#streams.filter((s) => s !== stream));
    stream.send({
      type: "SUBSCRIBED",
      subscribed: {
        get_state: getState(this.master),
        heartbeat_interval_seconds: this.master.heartbeatIntervalSeconds,
      },
    });
    stream.send({ type: "HEARTBEAT" });
  }

  #send(event: { type: string; [key: string]: unknown }): void {
    for (const s of [...this.#streams]) s.send(event);
  }

  /** A HEARTBEAT to every subscriber. */
  heartbeat(): void {
    this.#send({ type: "HEARTBEAT" });
  }

  /** A task was launched (STAGING) or re-added. */
  taskAdded(task: MasterTask): void {
    if (this.#streams.length > 0) {
      this.#send({ type: "TASK_ADDED", task_added: { task: v1Task(task) } });
    }
  }

  /** A status update changed a task's state; `state` is the task's latest state. */
  taskUpdated(frameworkId: string, status: TaskStatus, state: string): void {
    if (this.#streams.length === 0) return;
    const copy = { ...status };
    delete copy.data;
    this.#send({
      type: "TASK_UPDATED",
      task_updated: { framework_id: { value: frameworkId }, status: copy, state },
    });
  }

  /** An agent registered. */
  agentAdded(rec: AgentRecord): void {
    if (this.#streams.length > 0) {
      this.#send({ type: "AGENT_ADDED", agent_added: { agent: v1Agent(this.master, rec) } });
    }
  }

  /** An agent was removed (shut down, machine DOWN). */
  agentRemoved(agentId: string): void {
    this.#send({ type: "AGENT_REMOVED", agent_removed: { agent_id: { value: agentId } } });
  }

  /** A framework subscribed for the first time. */
  frameworkAdded(fw: Framework): void {
    this.#send({
      type: "FRAMEWORK_ADDED",
      framework_added: { framework: v1Framework(this.master, fw, false) },
    });
  }

  /** A framework subscribed again or was updated. */
  frameworkUpdated(fw: Framework): void {
    this.#send({
      type: "FRAMEWORK_UPDATED",
      framework_updated: { framework: v1Framework(this.master, fw, false) },
    });
  }

  /** A framework was torn down or timed out. */
  frameworkRemoved(fw: Framework): void {
    this.#send({
      type: "FRAMEWORK_REMOVED",
      framework_removed: { framework_info: { ...fw.info, id: { value: fw.id } } },
    });
  }

  /** Closes every operator stream (the master is going away). */
  close(): void {
    for (const s of this.#streams.splice(0)) s.close();
  }
}

/**
 * The Mesos v1 executor HTTP client: SUBSCRIBE to the agent with the unacknowledged tasks and
 * updates, reliable UPDATEs (fresh v4 UUID, SOURCE_EXECUTOR) kept until ACKNOWLEDGED, and
 * reconnection only as MESOS_CHECKPOINT and MESOS_RECOVERY_TIMEOUT allow. An agent that comes
 * back as a different agent (another id, or one that no longer knows this executor) ends the
 * events with AgentDisconnectedError at once: the executor must kill its tasks and exit.
 */
import { delay, logger } from "../util/mod.ts";
import { AsyncQueue } from "./async_queue.ts";
import {
  CONTENT_TYPE_PROTOBUF,
  decodeMesosBody,
  encodeMesosBody,
  isMesosContentType,
  type MesosContentType,
} from "./content_type.ts";
import { type ExecutorEnv, readExecutorEnv } from "./executor_env.ts";
import {
  AgentDisconnectedError,
  bytesToBase64,
  type ExecutorConnection,
  type ExecutorEvent,
  randomUuidBytes,
  type TaskInfoJson,
  type TaskStatusInput,
} from "./executor_types.ts";
import { executorEndpoint } from "./master_url.ts";
import { readRecords } from "./recordio.ts";
import { MesosCallError } from "./scheduler_types.ts";

const CALL = "mesos.v1.executor.Call";
const EVENT = "mesos.v1.executor.Event";
const log = logger("mesos-executor");

/** Settings of an ExecutorClient. */
export interface ExecutorClientOptions {
  /** The agent-provided environment (default: read from the process environment). */
  env?: ExecutorEnv;
  /** Wire encoding for calls and events (default protobuf). */
  contentType?: MesosContentType;
}

/** An executor's connection to its Mesos agent over the v1 HTTP API. */
export class ExecutorClient implements ExecutorConnection {
  /**
   * Events in arrival order, plus `DISCONNECTED` when the agent connection drops. One consumer;
   * leaving a `for await` loop early ends the queue.
   */
  readonly events: AsyncQueue<ExecutorEvent> = new AsyncQueue();
  /** The environment in use. */
  readonly env: ExecutorEnv;
  #contentType: MesosContentType;
  #endpoint: URL;
  #subscribed = false;
  #shutdown = false;
  #shutdownDeadline: number | undefined;
  #closed = false;
  #agentId: string | undefined;
  #everSubscribed = false;
  #abort = new AbortController();
  #tasks = new Map<string, TaskInfoJson>();
  #updates = new Map<string, { status: Record<string, unknown> }>();
  #loop: Promise<void>;

  /** Starts subscribing at once; read `events` for SUBSCRIBED, LAUNCH, KILL, SHUTDOWN… */
  constructor(opts: ExecutorClientOptions = {}) {
    this.env = opts.env ?? readExecutorEnv();
    // readExecutorEnv() removed the token from the process environment: it is ours, not for
    // the processes we start.
    this.#contentType = opts.contentType ?? CONTENT_TYPE_PROTOBUF;
    this.#endpoint = executorEndpoint(this.env.agentEndpoint);
    this.#agentId = this.env.agentId;
    this.#loop = this.#run();
  }

  /** True while a subscription to the agent is live. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** How long the executor may take to finish after SHUTDOWN, in ms. */
  get shutdownGracePeriodMs(): number {
    return this.env.shutdownGracePeriodMs;
  }

  /**
   * When SHUTDOWN arrived: the time (ms since the epoch) by which every task must be killed and
   * the executor gone (arrival + MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD); undefined before.
   */
  get shutdownDeadline(): number | undefined {
    return this.#shutdownDeadline;
  }

  /** Updates sent but not yet ACKNOWLEDGED by the agent (Call.Update JSON objects). */
  get unacknowledgedUpdates(): { status: Record<string, unknown> }[] {
    return [...this.#updates.values()];
  }

  /** Tasks received for which no update has been ACKNOWLEDGED yet. */
  get unacknowledgedTasks(): TaskInfoJson[] {
    return [...this.#tasks.values()];
  }

  /**
   * Sends a status update with a fresh UUID and SOURCE_EXECUTOR, and keeps it until the agent
   * ACKNOWLEDGES it (it is re-sent on re-subscribe). Resolves with the uuid (base64) once the
   * agent accepted it (202) or, while disconnected, once it is queued. Rejects with a
   * MesosCallError when the agent refuses it (the update is then dropped).
   */
  async update(input: TaskStatusInput): Promise<string> {
    if (input.state === "TASK_STAGING") {
      throw new Error(
        "An executor must not send TASK_STAGING; send TASK_STARTING or TASK_RUNNING.",
      );
    }
    const uuid = bytesToBase64(randomUuidBytes());
    const status: Record<string, unknown> = {
      timestamp: Date.now() / 1000,
      ...input,
      executor_id: { value: this.env.executorId },
      source: "SOURCE_EXECUTOR",
      uuid,
    };
    if (this.#agentId && !status.agent_id) status.agent_id = { value: this.#agentId };
    const update = { status };
    this.#updates.set(uuid, update);
    if (!this.#subscribed) return uuid;
    try {
      await this.#send({ type: "UPDATE", update });
    } catch (e) {
      if (e instanceof MesosCallError && e.status >= 400 && e.status < 500 && e.status !== 403) {
        this.#updates.delete(uuid);
        throw e;
      }
      log.warn(
        `UPDATE for ${input.task_id.value} not delivered now, kept for re-subscribe: ${
          e instanceof Error ? e.message : e
        }`,
      );
    }
    return uuid;
  }

  /** Sends opaque `data` to the scheduler (unreliable; requires a live subscription). */
  async message(data: Uint8Array): Promise<void> {
    await this.#send({ type: "MESSAGE", message: { data: bytesToBase64(data) } });
  }

  /**
   * Waits until every update sent so far was ACKNOWLEDGED (call before exiting), or `timeoutMs`
   * passed. Resolves true when all were acknowledged.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#updates.size > 0 && Date.now() < deadline && !this.#closed) {
      await delay(Math.min(20, Math.max(1, deadline - Date.now())), this.#abort.signal);
    }
    return this.#updates.size === 0;
  }

  /** Stops the connection and ends `events`. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort(new Error("executor client closed"));
    await this.#loop;
    this.events.end();
  }

  #headers(): Record<string, string> {
    const h: Record<string, string> = {
      "Content-Type": this.#contentType,
      "Accept": this.#contentType,
    };
    if (this.env.authToken) h["Authorization"] = `Bearer ${this.env.authToken}`;
    return h;
  }

  #call(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      executor_id: { value: this.env.executorId },
      framework_id: { value: this.env.frameworkId },
      ...fields,
    };
  }

  async #send(fields: { type: string; [k: string]: unknown }): Promise<void> {
    const body = encodeMesosBody(CALL, this.#call(fields), this.#contentType);
    const res = await fetch(this.#endpoint, {
      method: "POST",
      headers: this.#headers(),
      body,
      signal: this.#abort.signal,
    });
    const text = await res.text();
    if (res.status === 202 || res.status === 200) return;
    throw new MesosCallError(fields.type, res.status, text, this.#endpoint.host);
  }

  async #run(): Promise<void> {
    let disconnectedAt: number | undefined;
    while (!this.#closed && !this.#shutdown) {
      try {
        await this.#subscribeOnce(() => (disconnectedAt = undefined));
      } catch (e) {
        if (this.#closed) break;
        if (e instanceof AgentDisconnectedError) {
          this.#subscribed = false;
          return this.events.fail(e);
        }
        log.warn(
          `subscription to agent ${this.#endpoint.host} failed: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
      const wasSubscribed = this.#subscribed;
      this.#subscribed = false;
      if (this.#closed || this.#shutdown) break;
      if (wasSubscribed) {
        this.events.push({ type: "DISCONNECTED", disconnected: { reason: "agent stream ended" } });
      }
      disconnectedAt ??= Date.now();
      if (!this.env.checkpoint) {
        return this.events.fail(
          new AgentDisconnectedError(
            `Lost the connection to agent ${this.#endpoint.host} and the framework does not ` +
              `checkpoint (MESOS_CHECKPOINT is not "1"), so the executor exits.`,
          ),
        );
      }
      if (Date.now() - disconnectedAt > this.env.recoveryTimeoutMs) {
        return this.events.fail(
          new AgentDisconnectedError(
            `Agent ${this.#endpoint.host} did not come back within MESOS_RECOVERY_TIMEOUT ` +
              `(${this.env.recoveryTimeoutMs} ms), so the executor exits.`,
          ),
        );
      }
      await delay(Math.random() * this.env.subscriptionBackoffMaxMs, this.#abort.signal);
    }
    this.events.end();
  }

  async #subscribeOnce(onSubscribed: () => void): Promise<void> {
    const subscribe: Record<string, unknown> = {};
    if (this.#tasks.size > 0) subscribe.unacknowledged_tasks = this.unacknowledgedTasks;
    if (this.#updates.size > 0) subscribe.unacknowledged_updates = this.unacknowledgedUpdates;
    const res = await fetch(this.#endpoint, {
      method: "POST",
      headers: this.#headers(),
      body: encodeMesosBody(CALL, this.#call({ type: "SUBSCRIBE", subscribe }), this.#contentType),
      signal: this.#abort.signal,
    });
    const ct = res.headers.get("Content-Type");
    if (res.status !== 200 || !isMesosContentType(ct) || !res.body) {
      const text = (await res.text()).trim();
      if (res.status === 401 || res.status === 403) {
        throw new Error(
          `agent at ${this.#endpoint.host} refused the executor's authentication token ` +
            `(${res.status}: ${text}); MESOS_EXECUTOR_AUTHENTICATION_TOKEN was ` +
            `${this.env.authToken ? "not accepted" : "not set"}`,
        );
      }
      if (res.status === 400 && this.#everSubscribed) {
        throw new AgentDisconnectedError(
          `Agent ${this.#endpoint.host} came back without executor ${this.env.executorId} of ` +
            `framework ${this.env.frameworkId} (${text}): it is a different agent, so the ` +
            `executor kills its tasks and exits.`,
        );
      }
      throw new Error(`agent answered SUBSCRIBE with HTTP ${res.status} (${ct}): ${text}`);
    }
    // The signal also cancels the body's reader: a fetch's abort alone did not always end a
    // read waiting on the stream, and close() then waited for the agent (issue 17).
    for await (const record of readRecords(res.body, this.#abort.signal)) {
      const event = decodeMesosBody(EVENT, record, ct) as ExecutorEvent;
      this.#track(event, onSubscribed);
      this.events.push(event);
    }
  }

  #track(event: ExecutorEvent, onSubscribed: () => void): void {
    switch (event.type) {
      case "SUBSCRIBED": {
        const id = event.subscribed?.agent_info.id?.value;
        if (this.#everSubscribed && id !== undefined && id !== this.#agentId) {
          throw new AgentDisconnectedError(
            `Agent ${this.#endpoint.host} came back as agent ${id}, not ${this.#agentId}: the ` +
              `executor's tasks belong to the old agent, so it kills them and exits.`,
          );
        }
        this.#everSubscribed = true;
        this.#subscribed = true;
        this.#agentId = id ?? this.#agentId;
        onSubscribed();
        break;
      }
      case "LAUNCH":
        if (event.launch) this.#tasks.set(event.launch.task.task_id.value, event.launch.task);
        break;
      case "LAUNCH_GROUP":
        for (const t of event.launch_group?.task_group.tasks ?? []) {
          this.#tasks.set(t.task_id.value, t);
        }
        break;
      case "ACKNOWLEDGED":
        if (event.acknowledged) {
          this.#updates.delete(event.acknowledged.uuid);
          this.#tasks.delete(event.acknowledged.task_id.value);
        }
        break;
      case "SHUTDOWN":
        this.#shutdown = true;
        this.#shutdownDeadline = Date.now() + this.env.shutdownGracePeriodMs;
        break;
    }
  }
}

/**
 * A test framework on core/mesos/scheduler_client.ts: records every event, acknowledges
 * reliable updates unless told not to, and offers waiting helpers (next offers, updates of a
 * task) with deadlines. Also builds the ExecutorInfo of tests/_helpers/test_executor.ts.
 */
import { SchedulerClient } from "../../core/mesos/scheduler_client.ts";
import type { SchedulerEvent } from "../../core/mesos/scheduler_types.ts";
import { acknowledgeCall } from "../../core/mesos/scheduler_calls.ts";
import { CONTENT_TYPE_JSON, CONTENT_TYPE_PROTOBUF } from "../../core/mesos/content_type.ts";
import { waitFor } from "../../core/util/wait.ts";
import type { ExecutorInfo, Offer, TaskStatus } from "../../core/mesos/local/mesos_types.ts";
import { TEST_EXECUTOR_PATH } from "./test_executor.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Options of a TestFramework. */
export interface TestFrameworkOptions {
  json?: boolean;
  frameworkId?: string;
  failoverTimeout?: number;
  capabilities?: string[];
  autoAck?: boolean;
  name?: string;
  /** Roles to subscribe with (default ["*"]). */
  roles?: string[];
  /** FrameworkInfo.checkpoint (default true). */
  checkpoint?: boolean;
}

/** A recording framework for tests. */
export class TestFramework {
  readonly client: SchedulerClient;
  readonly events: SchedulerEvent[] = [];
  autoAck: boolean;
  #usedOffers = new Set<string>();
  #pump: Promise<void>;
  failure: unknown;

  constructor(masterUrl: string, opts: TestFrameworkOptions = {}) {
    this.autoAck = opts.autoAck ?? true;
    this.client = new SchedulerClient({
      master: masterUrl,
      contentType: opts.json ? CONTENT_TYPE_JSON : CONTENT_TYPE_PROTOBUF,
      frameworkId: opts.frameworkId,
      backoffInitialMs: 50,
      backoffMaxMs: 200,
      frameworkInfo: {
        user: Deno.env.get("USER") ?? "root",
        name: opts.name ?? "k8sm-test",
        failover_timeout: opts.failoverTimeout ?? 0,
        checkpoint: opts.checkpoint ?? true,
        capabilities: (opts.capabilities ?? ["MULTI_ROLE"]).map((type) => ({ type })),
        roles: opts.roles ?? ["*"],
      },
    });
    this.#pump = this.#run();
  }

  async #run(): Promise<void> {
    try {
      for await (const ev of this.client.events) {
        this.events.push(ev);
        const status = ev.type === "UPDATE" ? this.#status(ev) : undefined;
        if (status?.uuid && this.autoAck) await this.ack(status);
      }
    } catch (e) {
      this.failure = e;
    }
  }

  #status(ev: SchedulerEvent): TaskStatus | undefined {
    return (ev.update as { status?: TaskStatus } | undefined)?.status;
  }

  /** Acknowledges an update (it must carry a uuid). */
  async ack(status: TaskStatus): Promise<void> {
    const call = acknowledgeCall(status);
    if (call) await this.client.call(call).catch(() => {});
  }

  /** The framework id once SUBSCRIBED arrived. */
  async subscribed(): Promise<string> {
    const ev = await this.waitEvent((e) => e.type === "SUBSCRIBED", "SUBSCRIBED");
    return ev.subscribed!.framework_id.value;
  }

  /** Waits for an event matching `pred` (already received or future). */
  waitEvent(
    pred: (e: SchedulerEvent) => boolean,
    what: string,
    timeoutMs = 15_000,
    fromIndex = 0,
  ): Promise<SchedulerEvent> {
    return waitFor(() => this.events.slice(fromIndex).find(pred), {
      what,
      timeoutMs,
      intervalMs: 10,
    });
  }

  /** UPDATE statuses received at or after event index `fromIndex`. */
  statusesSince(fromIndex: number): TaskStatus[] {
    return this.events.slice(fromIndex).map((e) =>
      e.type === "UPDATE" ? this.#status(e) : undefined
    )
      .filter((s): s is TaskStatus => s !== undefined);
  }

  /** Waits for offers not handed out before, and marks them used. */
  async offers(min = 1, timeoutMs = 15_000): Promise<Offer[]> {
    return await waitFor(() => {
      const fresh = this.events.filter((e) => e.type === "OFFERS").flatMap((e) =>
        (e.offers as { offers: Offer[] }).offers
      ).filter((o) => !this.#usedOffers.has(o.id.value));
      const rescinded = new Set(
        this.events.filter((e) => e.type === "RESCIND").map((e) =>
          (e.rescind as { offer_id: { value: string } }).offer_id.value
        ),
      );
      const live = fresh.filter((o) => !rescinded.has(o.id.value));
      if (live.length < min) return undefined;
      for (const o of live) this.#usedOffers.add(o.id.value);
      return live;
    }, { what: `${min} offer(s)`, timeoutMs, intervalMs: 10 });
  }

  /** Every UPDATE status received for a task, in order. */
  updates(taskId: string): TaskStatus[] {
    return this.events.map((e) => e.type === "UPDATE" ? this.#status(e) : undefined)
      .filter((s): s is TaskStatus => s !== undefined && s.task_id.value === taskId);
  }

  /** Waits until the task received an update in `state`; returns it. */
  waitState(taskId: string, state: string, timeoutMs = 20_000): Promise<TaskStatus> {
    return waitFor(() => this.updates(taskId).find((s) => s.state === state), {
      what: `${state} for task ${taskId} (seen: ${
        this.updates(taskId).map((s) => s.state).join(",")
      })`,
      timeoutMs,
      intervalMs: 10,
    });
  }

  /** Closes the client and waits for the event pump. */
  async close(): Promise<void> {
    await this.client.close();
    await this.#pump;
  }
}

/** ExecutorInfo running tests/_helpers/test_executor.ts with `deno run -A`. */
export function testExecutorInfo(id: string, json = false): ExecutorInfo {
  const deno = Deno.execPath();
  return {
    executor_id: { value: id },
    name: "k8sm test executor",
    command: {
      value: deno,
      shell: false,
      arguments: [deno, "run", "-A", "--config", `${ROOT}deno.json`, TEST_EXECUTOR_PATH],
      environment: {
        variables: [{ name: "TEST_EXECUTOR_CONTENT_TYPE", value: json ? "json" : "protobuf" }],
      },
    },
    resources: [
      { name: "cpus", type: "SCALAR", scalar: { value: 0.1 } },
      { name: "mem", type: "SCALAR", scalar: { value: 32 } },
    ],
  };
}

/** base64 of `{"mode": mode}`: the test executor's instruction for a task. */
export function taskMode(mode: string): string {
  return btoa(JSON.stringify({ mode }));
}

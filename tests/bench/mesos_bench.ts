/**
 * mesos-local benchmark: (1) offer → ACCEPT → TASK_RUNNING round trip (median, p99) on one
 * agent with a warm executor; (2) tasks launched per second for 1,000 tasks on 10 agents with
 * one no-op executor per agent running many tasks (tests/_helpers/test_executor.ts, mode
 * "running"). Protobuf on the wire, updates acknowledged as they arrive.
 * Run: deno run -A tests/bench/mesos_bench.ts [roundTrips] [tasks] [agents]
 */
import { figure } from "./figures.ts";
import { startLocalCluster } from "../../core/mesos/local/local_cluster.ts";
import { SchedulerClient } from "../../core/mesos/scheduler_client.ts";
import { acknowledgeCall, launchCall } from "../../core/mesos/scheduler_calls.ts";
import type { SchedulerEvent } from "../../core/mesos/scheduler_types.ts";
import type { Offer, TaskStatus } from "../../core/mesos/local/mesos_types.ts";
import { AsyncQueue } from "../../core/mesos/async_queue.ts";
import { taskMode, testExecutorInfo } from "../_helpers/mesos_test_framework.ts";

/** Figures printed by the benchmark. */
export interface MesosBenchResult {
  roundTrips: number;
  medianMs: number;
  p99Ms: number;
  tasks: number;
  agents: number;
  launchSeconds: number;
  tasksPerSecond: number;
}

/** A framework loop that acknowledges updates and hands offers and RUNNING states out. */
class BenchFramework {
  readonly client: SchedulerClient;
  readonly offers = new AsyncQueue<Offer>();
  readonly running = new Set<string>();
  onRunning: (taskId: string) => void = () => {};
  #pump: Promise<void>;

  constructor(masterUrl: string) {
    this.client = new SchedulerClient({
      master: masterUrl,
      frameworkInfo: {
        user: "root",
        name: "bench",
        roles: ["*"],
        capabilities: [{ type: "MULTI_ROLE" }],
      },
    });
    this.#pump = this.#run();
  }

  async #run(): Promise<void> {
    for await (const ev of this.client.events) this.#handle(ev);
  }

  #handle(ev: SchedulerEvent): void {
    if (ev.type === "OFFERS") {
      for (const o of (ev.offers as { offers: Offer[] }).offers) this.offers.push(o);
    } else if (ev.type === "UPDATE") {
      const status = (ev.update as { status: TaskStatus }).status;
      const ack = acknowledgeCall(status);
      if (ack) this.client.call(ack).catch(() => {});
      if (status.state === "TASK_RUNNING" && !this.running.has(status.task_id.value)) {
        this.running.add(status.task_id.value);
        this.onRunning(status.task_id.value);
      }
    }
  }

  async nextOffer(): Promise<Offer> {
    const r = await this.offers.next();
    if (r.done) throw new Error("the event stream ended while waiting for an offer");
    return r.value;
  }

  waitRunning(taskIds: string[]): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (taskIds.every((id) => this.running.has(id))) {
          this.onRunning = () => {};
          resolve();
        }
      };
      this.onRunning = check;
      check();
    });
  }

  async close(): Promise<void> {
    await this.client.close();
    this.offers.end();
    await this.#pump;
  }
}

function task(offer: Offer, id: string, executorId: string) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [{
      name: "cpus",
      type: "SCALAR" as const,
      scalar: { value: 0.01 },
      allocation_info: { role: "*" },
    }],
    executor: testExecutorInfo(executorId),
    data: taskMode("running"),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function benchRoundTrip(n: number): Promise<{ medianMs: number; p99Ms: number }> {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:1000;mem:1000000",
    // The measurement starts when an offer is in hand; with the default 1 s offer cycle each of
    // the launches would first wait up to a second for its offer (200 s of a 204 s run).
    allocationIntervalMs: 20,
  });
  const fw = new BenchFramework(cluster.masterUrl);
  try {
    const warm = await fw.nextOffer();
    await fw.client.call(launchCall([warm.id.value], [task(warm, "warm", "rt")], 0));
    await fw.waitRunning(["warm"]);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const offer = await fw.nextOffer();
      const t0 = performance.now();
      const id = `rt-${i}`;
      await fw.client.call(launchCall([offer.id.value], [task(offer, id, "rt")], 0));
      await fw.waitRunning([id]);
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    return { medianMs: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) };
  } finally {
    await fw.close();
    await cluster.close();
  }
}

async function benchThroughput(tasks: number, agents: number): Promise<number> {
  const cluster = await startLocalCluster({
    port: 0,
    agents,
    resources: "cpus:1000;mem:1000000",
    allocationIntervalMs: 50,
  });
  const fw = new BenchFramework(cluster.masterUrl);
  try {
    // Start one executor per agent first, so the measurement is of task launches.
    const warmIds: string[] = [];
    const seen = new Set<string>();
    while (seen.size < agents) {
      const o = await fw.nextOffer();
      if (seen.has(o.agent_id.value)) continue;
      seen.add(o.agent_id.value);
      const id = `warm-${seen.size}`;
      warmIds.push(id);
      await fw.client.call(launchCall([o.id.value], [task(o, id, `noop-${o.agent_id.value}`)], 0));
    }
    await fw.waitRunning(warmIds);
    const ids: string[] = [];
    const perAgent = Math.ceil(tasks / agents);
    const t0 = performance.now();
    const done = new Set<string>();
    const calls: Promise<void>[] = [];
    while (ids.length < tasks) {
      const o = await fw.nextOffer();
      if (done.has(o.agent_id.value)) {
        calls.push(fw.client.call({ type: "DECLINE", decline: { offer_ids: [o.id] } }));
        continue;
      }
      done.add(o.agent_id.value);
      const batch = [];
      for (let i = 0; i < perAgent && ids.length < tasks; i++) {
        const id = `t-${ids.length}`;
        ids.push(id);
        batch.push(task(o, id, `noop-${o.agent_id.value}`));
      }
      calls.push(fw.client.call(launchCall([o.id.value], batch, 0)));
    }
    await Promise.all(calls);
    await fw.waitRunning(ids);
    return (performance.now() - t0) / 1000;
  } finally {
    await fw.close();
    await cluster.close();
  }
}

/** Runs both measurements. */
export async function runMesosBench(
  roundTrips = 200,
  tasks = 1000,
  agents = 10,
): Promise<MesosBenchResult> {
  const rt = await benchRoundTrip(roundTrips);
  const seconds = await benchThroughput(tasks, agents);
  return {
    roundTrips,
    ...rt,
    tasks,
    agents,
    launchSeconds: seconds,
    tasksPerSecond: tasks / seconds,
  };
}

async function main(): Promise<void> {
  const [rt, tasks, agents] = Deno.args.map(Number);
  const r = await runMesosBench(rt || 200, tasks || 1000, agents || 10);
  console.log(
    `mesos-local offer → ACCEPT → TASK_RUNNING round trip over ${r.roundTrips} launches:`,
  );
  console.log(`  median ${r.medianMs.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`);
  figure("mesos", "offer → RUNNING median", r.medianMs, "ms");
  figure("mesos", "offer → RUNNING p99", r.p99Ms, "ms");
  figure("mesos", "launch throughput", r.tasksPerSecond, "tasks/s");
  console.log(`mesos-local launch throughput: ${r.tasks} tasks on ${r.agents} agents`);
  console.log(
    `  ${r.launchSeconds.toFixed(2)} s → ${
      r.tasksPerSecond.toFixed(0)
    } tasks/s (all TASK_RUNNING seen)`,
  );
}

if (import.meta.main) await main();

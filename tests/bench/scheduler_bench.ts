/**
 * Scheduler benchmark (issue 5, acceptance 8): N pods (default 1,000) on M mesos-local agents
 * (default 100) through a real apiserver, the scheduler (`k8sm scheduler`, its own process as
 * in production) and executors. Reports pods bound per
 * second and pods Running per second (first create → last bound / Running), and pod startup
 * latency, API create → Running seen by watch (p50, p99), against DESIGN.md's budgets
 * (≥ 200 pods/s bound and launched; startup p99 ≤ 1 s at 50 pods/s).
 * Run: deno run -A tests/bench/scheduler_bench.ts [pods] [agents] [real|test] [rate]
 * `real` uses `k8sm executor --container-runtime=process` (one executor process per agent, one
 * `sleep` process per pod); `test` the pod test executor (no containers). `rate` paces creates
 * (pods/s, 0 = as fast as 8 parallel clients go). One warm-up pod per agent runs first, so
 * that executor start-up (a process per agent) is not counted.
 */
import { figure } from "./figures.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { Informer } from "../../core/client/informer.ts";
import { setVerbosity } from "../../core/util/log.ts";
import { sleepPod, startTestCluster, type TestExecutorKind } from "../_helpers/cluster.ts";
import { POD_TEST_EXECUTOR_PATH } from "../_helpers/pod_test_executor.ts";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";

/** Figures printed by the benchmark. */
export interface SchedulerBenchResult {
  pods: number;
  agents: number;
  executor: TestExecutorKind;
  createSeconds: number;
  boundPerSecond: number;
  runningPerSecond: number;
  startupP50Ms: number;
  startupP99Ms: number;
  boundP50Ms: number;
  boundP99Ms: number;
  /** Queue → launch inside the scheduler, from its histogram (bucket upper bounds). */
  queueToLaunchP50: string;
  queueToLaunchP99: string;
}

function progress(msg: string): void {
  console.error(`[scheduler bench] ${msg}`);
}

/** p50 and p99 bucket bounds of the scheduler's queue → launch histogram. */
function schedulerLatency(metrics: string): { queueToLaunchP50: string; queueToLaunchP99: string } {
  const buckets = [...metrics.matchAll(
    /^k8sm_scheduler_scheduling_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm,
  )].map((m) => ({ le: m[1], n: Number(m[2]) }));
  const total = buckets[buckets.length - 1]?.n ?? 0;
  const at = (q: number) => buckets.find((b) => b.n >= total * q)?.le ?? "?";
  return { queueToLaunchP50: `≤ ${at(0.5)} s`, queueToLaunchP99: `≤ ${at(0.99)} s` };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Runs the benchmark and returns its figures. */
export async function runSchedulerBench(
  pods = 1000,
  agents = 100,
  executor: TestExecutorKind = "real",
  rate = 0,
): Promise<SchedulerBenchResult> {
  const c = await startTestCluster({
    agents: Array.from({ length: agents }, () => ({ resources: "cpus:8;mem:16384" })),
    executor,
    scheduler: false,
    allocationIntervalMs: 1000,
  });
  const dataDir = await Deno.makeTempDir({ prefix: "k8sm-scheduler-bench-" });
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const statusPort = probe.addr.port;
  probe.close();
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(Deno.env.get("BENCH_PROFILE_DIR")
        ? ["--cpu-prof", `--cpu-prof-dir=${Deno.env.get("BENCH_PROFILE_DIR")}`]
        : []),
      CLI_MAIN_PATH,
      "scheduler",
      `--mesos-master=${c.mesos.masterUrl}`,
      `--api-servers=${c.api.url}`,
      `--executor-path=${executor === "real" ? CLI_MAIN_PATH : POD_TEST_EXECUTOR_PATH}`,
      "--container-runtime=process",
      "--storage=sqlite",
      `--data-dir=${dataDir}`,
      `--port=${statusPort}`,
      `--executor-arg=--root-dir=${c.executorRoot}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let informer: Informer<Pod> | undefined;
  const created = new Map<string, number>();
  const bound = new Map<string, number>();
  const running = new Map<string, number>();
  try {
    const warm = Array.from({ length: agents }, (_, i) => `warm-${i}`);
    for (const n of warm) await c.createPod(sleepPod(n, { cpu: "10m", memory: "8Mi" }));
    await c.waitRunning(warm, 600_000);
    progress(`${agents} warm-up pods Running (one executor per agent)`);
    informer = new Informer<Pod>(c.client, {
      ref: { resource: "pods", namespace: "default" },
    });
    const see = (pod: Pod) => {
      const name = pod.metadata.name ?? "";
      const now = performance.now();
      if (!name.startsWith("bench-")) return;
      if (pod.spec?.nodeName && !bound.has(name)) bound.set(name, now);
      if (pod.status?.phase === "Running" && !running.has(name)) running.set(name, now);
    };
    await informer.addHandlers({ onAdd: see, onUpdate: (_o, p) => see(p) });
    informer.start();
    await informer.waitForSync();
    const names = Array.from({ length: pods }, (_, i) => `bench-${i}`);
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const i = next++;
        if (rate > 0) {
          const due = start + (i * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const name = names[i];
        created.set(name, performance.now());
        await c.client.requestJson("POST", "/api/v1/namespaces/default/pods", {
          body: sleepPod(name, { cpu: "10m", memory: "8Mi" }),
          signal: AbortSignal.timeout(60_000),
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const createSeconds = (performance.now() - start) / 1000;
    progress(`${pods} pods created in ${createSeconds.toFixed(1)} s`);
    // The informer is the measurement; a LIST every 5 s is a fallback so that the run ends even
    // if the watch stalls (pods first seen that way are counted, and reported, at list time).
    let lastList = performance.now();
    let seenByList = 0;
    await waitFor(async () => {
      if (running.size >= pods || abort.signal.aborted) return true;
      if (performance.now() - lastList < 5000) return false;
      lastList = performance.now();
      const items = (await c.listPods()).filter((p) => p.metadata.name?.startsWith("bench-"));
      for (const p of items) {
        const name = p.metadata.name!;
        if (p.status?.phase === "Running" && !running.has(name)) {
          seenByList++;
          see(p);
        }
      }
      return running.size >= pods;
    }, {
      timeoutMs: 600_000,
      intervalMs: 100,
      what: `${pods} pods Running`,
    });
    if (seenByList > 0) progress(`${seenByList} pods were seen Running by LIST, not by the watch`);
    if (abort.signal.aborted) throw new Error("interrupted; the cluster was stopped");
    const metrics = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
    const lastBound = Math.max(...bound.values());
    const lastRunning = Math.max(...running.values());
    const startups = names.map((n) => running.get(n)! - created.get(n)!).sort((a, b) => a - b);
    const binds = names.map((n) => bound.get(n)! - created.get(n)!).sort((a, b) => a - b);
    return {
      ...schedulerLatency(metrics),
      boundP50Ms: percentile(binds, 0.5),
      boundP99Ms: percentile(binds, 0.99),
      pods,
      agents,
      executor,
      createSeconds,
      boundPerSecond: pods / ((lastBound - start) / 1000),
      runningPerSecond: pods / ((lastRunning - start) / 1000),
      startupP50Ms: percentile(startups, 0.5),
      startupP99Ms: percentile(startups, 0.99),
    };
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    abort.abort();
    await informer?.stop();
    child.kill("SIGTERM");
    await child.status;
    await c.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** The result as report lines. */
export function formatSchedulerBench(r: SchedulerBenchResult): string {
  return [
    `scheduler: ${r.pods} pods on ${r.agents} agents (${r.executor} executor), created in ${
      r.createSeconds.toFixed(1)
    } s`,
    `  bound:   ${r.boundPerSecond.toFixed(0)} pods/s (budget ≥ 200 bound and launched)`,
    `  running: ${r.runningPerSecond.toFixed(0)} pods/s`,
    `  inside the scheduler, queued → launched: p50 ${r.queueToLaunchP50}, p99 ${r.queueToLaunchP99}`,
    `  create → bound: p50 ${r.boundP50Ms.toFixed(0)} ms, p99 ${r.boundP99Ms.toFixed(0)} ms`,
    `  startup create → Running: p50 ${r.startupP50Ms.toFixed(0)} ms, p99 ${
      r.startupP99Ms.toFixed(0)
    } ms (budget p99 ≤ 1000 ms at 50 pods/s)`,
  ].join("\n");
}

if (import.meta.main) {
  setVerbosity(Number(Deno.env.get("BENCH_V") ?? -1));
  const [pods, agents, kind, rate] = Deno.args;
  const paced = Number(rate ?? 0);
  const r = await runSchedulerBench(
    Number(pods ?? 1000),
    Number(agents ?? 100),
    (kind ?? "real") as TestExecutorKind,
    paced,
  );
  console.log(formatSchedulerBench(r));
  const f = (name: string, value: number, unit: string, budget: string | null = null) =>
    figure("scheduler", name, value, unit, budget);
  // Each budget holds at its own load: throughput unpaced, startup latency at 50 pods/s.
  const at = paced > 0 ? `at ${paced} pods/s` : "unpaced";
  f(`bound ${at}`, r.boundPerSecond, "pods/s", paced === 0 ? "≥ 200" : null);
  f(`running ${at}`, r.runningPerSecond, "pods/s", paced === 0 ? "≥ 200" : null);
  f(`create ${at}`, r.createSeconds, "s");
  f(`create → bound p99 ${at}`, r.boundP99Ms, "ms");
  f(`startup p50 ${at}`, r.startupP50Ms, "ms");
  f(`startup p99 ${at}`, r.startupP99Ms, "ms", paced === 50 ? "≤ 1000" : null);
}

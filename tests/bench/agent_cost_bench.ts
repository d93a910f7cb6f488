/**
 * Per-agent steady-state cost (issue 17, item 5: the scale story of tests/bench/README.md).
 * `k8sm mesos-local --agents=N`, `k8sm apiserver` (sqlite) and `k8sm scheduler`, each its own
 * process; for each N (default 20 and 50) it measures the CPU (/proc/<pid>/stat) each uses in:
 * - idle: every agent registered as a Node, nothing to schedule (offers suppressed);
 * - leases: N node Leases renewed as executors do (core/executor/node_lease.ts) but every 1 s,
 *   ten times an executor's rate (N × 10 agents' worth), so the cost stands out of the noise;
 * - offers: one pod that fits nowhere keeps the scheduler revived, so every agent's resources
 *   are offered and declined; CPU per offer from the scheduler's offers_received counter.
 * Prints CPU ms per second and RSS of each process per phase and the derived cost per Lease
 * request and per offer, with the load average (the machine is shared).
 * Run: deno run -A tests/bench/agent_cost_bench.ts [agents…] (e.g. 20 50)
 */
import { figure } from "./figures.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import type { KubeList } from "../../core/api/object.ts";
import { NodeLease } from "../../core/executor/node_lease.ts";
import { waitFor } from "../../core/util/wait.ts";
import { type ComponentProcess, spawnComponent } from "../_helpers/component_process.ts";
import { freePort } from "../_helpers/ports.ts";

const SIZES = Deno.args.filter((a) => /^\d+$/.test(a)).map(Number);
const WINDOW_MS = 20_000;
const USER_HZ = 100;

function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / USER_HZ;
}

/** VmRSS of `pid` in MiB. */
function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

/** The sum of a Prometheus counter's samples whose labels match `labels` (a regex source). */
async function counter(url: string, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(url)).text();
  let n = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, "gm"))) {
    if (!labels || new RegExp(labels).test(m[1] ?? "")) n += Number(m[2]);
  }
  return n;
}

/** CPU ms per second of each process over WINDOW_MS, and the counters' increase. */
async function window(
  procs: Record<string, ComponentProcess>,
  counters: Record<string, () => Promise<number>>,
): Promise<{ cpu: Record<string, number>; count: Record<string, number> }> {
  const c0 = Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, cpuSeconds(p.pid)]));
  const n0: Record<string, number> = {};
  for (const [k, f] of Object.entries(counters)) n0[k] = await f();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const cpu: Record<string, number> = {};
  for (const [k, p] of Object.entries(procs)) {
    cpu[k] = (cpuSeconds(p.pid) - c0[k]) * 1000 / (WINDOW_MS / 1000);
  }
  const count: Record<string, number> = {};
  for (const [k, f] of Object.entries(counters)) count[k] = await f() - n0[k];
  return { cpu, count };
}

async function measure(agents: number, dir: string, stopping: AbortSignal): Promise<string[]> {
  const [apiPort, schedPort, mesosPort] = [freePort(), freePort(), freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const procs: Record<string, ComponentProcess> = {};
  const leases: NodeLease[] = [];
  const client = new RestClient({ server: api });
  const out: string[] = [];
  try {
    procs.mesos = spawnComponent("mesos-local", [
      "mesos-local",
      `--port=${mesosPort}`,
      `--agents=${agents}`,
      `--work-dir=${dir}/mesos-${agents}`,
    ]);
    procs.apiserver = spawnComponent("apiserver", [
      "apiserver",
      `--port=${apiPort}`,
      "--storage=sqlite",
      `--data-dir=${dir}/api-${agents}`,
    ]);
    await procs.mesos.waitForLog(/listening on http:\/\//, "the master URL", 180_000);
    await procs.apiserver.waitForLog(/serving the Kubernetes API/, "serving", 180_000);
    procs.scheduler = spawnComponent("scheduler", [
      "scheduler",
      `--mesos-master=127.0.0.1:${mesosPort}`,
      `--api-servers=${api}`,
      "--container-runtime=process",
      "--storage=sqlite",
      `--data-dir=${dir}/sched-${agents}`,
      `--port=${schedPort}`,
    ]);
    const nodes = async () =>
      (await client.requestJson<KubeList>("GET", "/api/v1/nodes")).items.map((n) => n.metadata.name)
        .filter((n): n is string => n !== undefined);
    const names = await waitFor(async () => {
      const n = await nodes().catch(() => []);
      return n.length === agents ? n : undefined;
    }, { timeoutMs: 180_000, intervalMs: 500, what: `${agents} Nodes registered` });
    if (stopping.aborted) return out;
    // Settle: start-up work (module loading, first offers) is not idle work.
    await new Promise((r) => setTimeout(r, 10_000));
    const schedMetrics = `http://127.0.0.1:${schedPort}/metrics`;
    const apiMetrics = `${api}/metrics`;
    const counters = {
      requests: () => counter(apiMetrics, "apiserver_request_total"),
      leaseRequests: () => counter(apiMetrics, "apiserver_request_total", 'resource="leases"'),
      offers: () => counter(schedMetrics, "k8sm_scheduler_offers_received_total"),
    };
    const line = (phase: string, w: Awaited<ReturnType<typeof window>>) => {
      const per = (k: string) => (w.count[k] / (WINDOW_MS / 1000)).toFixed(1);
      const cpu = Object.entries(w.cpu).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ");
      const rss = Object.entries(procs).map(([k, p]) => `${k} ${rssMiB(p.pid).toFixed(0)}`);
      out.push(
        `${agents} agents, ${phase.padEnd(7)} CPU ms/s: ${cpu}; API requests/s ${per("requests")}` +
          `, Lease requests/s ${per("leaseRequests")}, offers/s ${per("offers")}; RSS MiB: ${
            rss.join(", ")
          }`,
      );
      for (const [k, v] of Object.entries(w.cpu)) {
        figure("agent_cost", `${k} CPU, ${agents} agents, ${phase}`, v, "ms/s");
      }
    };
    const idle = await window(procs, counters);
    line("idle", idle);
    for (const n of names) {
      leases.push(new NodeLease({ client, nodeName: n, renewIntervalMs: 1000 }));
    }
    await new Promise((r) => setTimeout(r, 5_000));
    const leased = await window(procs, counters);
    line("leases", leased);
    const perWrite = (k: string) =>
      (leased.cpu[k] - idle.cpu[k]) / (leased.count.leaseRequests / (WINDOW_MS / 1000));
    out.push(
      `  → per Lease request (GET or PUT): apiserver ${
        perWrite("apiserver").toFixed(2)
      } ms, scheduler ${perWrite("scheduler").toFixed(2)} ms CPU`,
    );
    await client.create({ resource: "pods", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "fits-nowhere" },
      spec: {
        containers: [{
          name: "c",
          image: "busybox",
          command: ["sleep", "1"],
          resources: { requests: { cpu: "1000" } },
        }],
      },
    });
    await new Promise((r) => setTimeout(r, 5_000));
    const offered = await window(procs, counters);
    line("offers", offered);
    const perOffer = (k: string) =>
      (offered.cpu[k] - leased.cpu[k]) / (offered.count.offers / (WINDOW_MS / 1000));
    out.push(
      `  → per offer: scheduler ${perOffer("scheduler").toFixed(2)} ms, mesos-local ${
        perOffer("mesos").toFixed(2)
      } ms CPU`,
    );
    figure("agent_cost", `scheduler CPU per offer, ${agents} agents`, perOffer("scheduler"), "ms");
    figure(
      "agent_cost",
      `apiserver CPU per Lease request, ${agents} agents`,
      perWrite("apiserver"),
      "ms",
    );
    return out;
  } finally {
    await Promise.all(leases.map((l) => l.close()));
    client.close();
    for (const name of ["scheduler", "mesos", "apiserver"]) {
      await procs[name]?.stop("SIGTERM", 15_000).catch((e) => console.error((e as Error).message));
    }
  }
}

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-agent-cost-" });
  const stopping = new AbortController();
  const onSignal = () => stopping.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  const report: string[] = [`load average before: ${loadAverage()}`];
  let failed = false;
  try {
    for (const n of SIZES.length ? SIZES : [20, 50]) {
      if (stopping.signal.aborted) break;
      report.push(...await measure(n, dir, stopping.signal));
    }
  } catch (e) {
    failed = true;
    console.error(`agent cost bench failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  report.push(`load average after: ${loadAverage()}`);
  for (const l of report) console.log(l);
  Deno.exit(failed || stopping.signal.aborted ? 1 : 0);
}

/**
 * RSS benchmark (issue 17, item 4): the resident memory (VmRSS of /proc/<pid>/status) of every
 * k8sm process of a secured multi-process cluster (tests/_helpers/secured_cluster.ts: `k8sm
 * mesos-local` with 2 agents, `apiserver`, `scheduler`, `controller-manager`, `proxy`, each its
 * own process, the process runtime):
 * - each daemon at idle (20 s after start-up) with its CPU share over the last 10 s;
 * - one `k8sm executor` with 1 pod (fresh), with 10 pods, and with 0 pods after they were
 *   deleted (the pods are pinned to agent 0 by its hostname label);
 * - each daemon and executor once an RC of N pods (default 200) is Running.
 * Prints a table (with the load average, the machine is often shared) and records each number
 * with figure() (MiB; no budget: DESIGN.md has none for these processes).
 * Run: deno run -A tests/bench/rss_bench.ts [pods]
 */
import { figure } from "./figures.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import type { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod } from "../_helpers/cluster.ts";
import { processesUnder } from "../_helpers/component_process.ts";
import { type SecuredCluster, startSecuredCluster } from "../_helpers/secured_cluster.ts";

const PODS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 200);
const IDLE_WINDOW_MS = 10_000;
const PODS_NS = { resource: "pods", namespace: "default" };
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** VmRSS of `pid` in MiB (NaN when it is gone). */
function rssMiB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** User + system CPU seconds `pid` has used so far. */
function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

/** The `k8sm executor` processes of the cluster: pid and the agent endpoint they serve. */
function executors(c: SecuredCluster): { pid: number; agent: string }[] {
  return processesUnder(`${c.dir}/exec`)
    // The agent starts `sh -c "deno run … executor …"`: the Deno process is the executor.
    .filter((p) => p.split(" ")[1] === Deno.execPath() && / executor /.test(p))
    .map((p) => {
      const pid = Number(p.split(" ")[0]);
      let agent = "?";
      try {
        const env = Deno.readTextFileSync(`/proc/${pid}/environ`).split("\0");
        agent = env.find((e) => e.startsWith("MESOS_AGENT_ENDPOINT="))?.split("=")[1] ?? "?";
      } catch {
        // gone meanwhile
      }
      return { pid, agent };
    });
}

/** apiserver_request_total of every verb but LIST and WATCH (this bench polls with LISTs). */
async function apiRequests(client: RestClient): Promise<number> {
  const text = await (await client.request("GET", "/metrics")).text();
  let n = 0;
  for (const m of text.matchAll(/^apiserver_request_total(\{[^}]*\})? (\S+)$/gm)) {
    if (!/verb="(LIST|WATCH)"/.test(m[1] ?? "")) n += Number(m[2]);
  }
  return n;
}

async function pods(client: RestClient, selector: string): Promise<Pod[]> {
  return (await client.list<Pod>(PODS_NS, { labelSelector: selector })).items;
}

async function allRunning(client: RestClient, selector: string, n: number, what: string) {
  await waitFor(
    async () =>
      (await pods(client, selector)).filter((p) => p.status?.phase === "Running")
        .length === n,
    { timeoutMs: 300_000, intervalMs: 250, what },
  );
}

/** The report: one row per measured process and situation. */
const rows: string[] = [];
function record(name: string, mib: number, note = ""): void {
  rows.push(`${name.padEnd(44)} ${mib.toFixed(1).padStart(7)} MiB  ${note}`);
  figure("rss", name, mib, "MiB");
}

async function measure(c: SecuredCluster, client: RestClient): Promise<void> {
  const daemons = () => ({
    apiserver: c.apiserver.pid,
    scheduler: c.scheduler.pid,
    "controller-manager": c.controllerManager.pid,
    proxy: c.proxy.pid,
    "mesos-local (2 agents)": c.mesos.pid,
  });
  // Idle: nothing created yet, 10 s after start-up (a loaded machine is still loading modules
  // before that); the CPU share is that of the next 10 s.
  await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
  const cpu0 = Object.values(daemons()).map(cpuSeconds);
  await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
  Object.entries(daemons()).forEach(([name, pid], i) => {
    const share = (cpuSeconds(pid) - cpu0[i]) / (IDLE_WINDOW_MS / 1000) * 100;
    record(`${name} idle`, rssMiB(pid), `CPU ${share.toFixed(1)} % over 10 s`);
  });

  // One executor: agent 0 carries the machine's hostname.
  const pinned = { "kubernetes.io/hostname": Deno.hostname() };
  const pod = (i: number) =>
    sleepPod(`rss-exec-${i}`, {
      cpu: "1m",
      memory: "1Mi",
      nodeSelector: pinned,
      labels: { app: "rss-exec" },
    });
  await client.create(PODS_NS, pod(0));
  await allRunning(client, "app=rss-exec", 1, "the first pinned pod Running");
  const [exec] = executors(c);
  if (!exec) throw new Error(`no k8sm executor process found under ${c.dir}/exec`);
  record("executor, 1 pod (fresh)", rssMiB(exec.pid));
  for (let i = 1; i < 10; i++) await client.create(PODS_NS, pod(i));
  await allRunning(client, "app=rss-exec", 10, "10 pinned pods Running");
  record("executor, 10 pods", rssMiB(exec.pid));
  for (const p of await pods(client, "app=rss-exec")) {
    await client.delete({ ...PODS_NS, name: p.metadata.name });
  }
  await waitFor(async () => (await pods(client, "app=rss-exec")).length === 0, {
    timeoutMs: 120_000,
    intervalMs: 250,
    what: "the 10 pinned pods deleted",
  });
  record("executor, 0 pods (after 10)", rssMiB(exec.pid));

  // Under load: an RC of PODS Running on both agents.
  const requests0 = await apiRequests(client);
  const t0 = performance.now();
  await client.create({ resource: "replicationcontrollers", namespace: "default" }, {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "rss" },
    spec: {
      replicas: PODS,
      selector: { app: "rss-rc" },
      template: {
        metadata: { labels: { app: "rss-rc" } },
        spec: sleepPod("x", { cpu: "1m" }).spec,
      },
    },
  });
  await allRunning(client, "app=rss-rc", PODS, `${PODS} RC pods Running`);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const perPod = (await apiRequests(client) - requests0) / PODS;
  for (const [name, pid] of Object.entries(daemons())) {
    record(`${name}, RC of ${PODS} Running`, rssMiB(pid));
  }
  const perNode = new Map<string, number>();
  for (const p of await pods(client, "app=rss-rc")) {
    const n = p.spec?.nodeName ?? "?";
    perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  executors(c).forEach((e, i) => {
    const cpu = `CPU ${cpuSeconds(e.pid).toFixed(1)} s since start`;
    record(`executor ${i + 1}, RC of ${PODS} Running`, rssMiB(e.pid), `agent ${e.agent}, ${cpu}`);
  });
  rows.push(
    `(RC of ${PODS} Running in ${secs} s, ${perPod.toFixed(1)} apiserver requests per pod` +
      ` (LIST and WATCH not counted); pods per node: ${
        [...perNode].map(([n, k]) => `${n} ${k}`).join(", ")
      })`,
  );
}

if (import.meta.main) {
  console.log(`load average before: ${loadAverage()}`);
  const c = await startSecuredCluster();
  const client = c.adminClient();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      client.close();
      await c.stop().catch((e) => console.error(`stopping the cluster: ${(e as Error).message}`));
      for (const p of processesUnder(c.dir)) {
        console.error(`left behind, killing: ${p}`);
        try {
          Deno.kill(Number(p.split(" ")[0]), "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
      await Deno.remove(c.dir, { recursive: true }).catch(() => {});
    })();
  const onSignal = () => stop().then(() => Deno.exit(130));
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  let failed = false;
  try {
    await measure(c, client);
  } catch (e) {
    failed = true;
    console.error(`rss bench failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    await stop();
  }
  console.log(`RSS (VmRSS) of k8sm processes, secured cluster, process runtime:`);
  for (const r of rows) console.log(`  ${r}`);
  console.log(`load average after: ${loadAverage()}`);
  Deno.exit(failed ? 1 : 0);
}

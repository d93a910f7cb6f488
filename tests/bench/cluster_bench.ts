/**
 * Cluster benchmark (issue 7, acceptance 5) on an in-process `k8sm up` (process runtime):
 * - an RC of N replicas (default 500) → all Running, against N direct pod creates by 64
 *   parallel clients, each timed from the first create to the last pod Running;
 * - proxy throughput against a direct connection: bulk bytes (8 parallel streams) and
 *   connection rate (connect, one line each way, close), as ratios (budget ≥ 0.5);
 * - endpoint change → proxy routing: an Endpoints write until a new connection through the
 *   proxy reaches the new backend, p50/p99 (budget p99 ≤ 100 ms).
 * Pods are counted with an informer (one watch), not by LISTing hundreds of pods every few
 * milliseconds from the process being measured; a LIST every 5 s only guards against a stalled
 * watch.
 * Run: deno run -A tests/bench/cluster_bench.ts [replicas] [agents]
 */
import { figure } from "./figures.ts";
import type { KubeList } from "../../core/api/object.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { resolveClientConfig } from "../../core/client/client_config.ts";
import { Informer } from "../../core/client/informer.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { startAllInOne } from "../../core/up/all_in_one.ts";
import { shutdownSignal } from "../../core/up/shutdown_signal.ts";
import { waitFor } from "../../core/util/wait.ts";
import { setVerbosity } from "../../core/util/log.ts";
import { ProxyLoad } from "./proxy_load.ts";

const NS = { resource: "pods", namespace: "default" };
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const podSpec = {
  containers: [{
    name: "sleep",
    image: "busybox",
    command: ["sleep", "3600"],
    resources: { requests: { cpu: "1m", memory: "1Mi" } },
  }],
};

/** The pods matching `selector` (a LIST that gives up after 10 s, so deadlines hold). */
async function pods(client: RestClient, selector: string): Promise<Pod[]> {
  const list = await client.requestJson<KubeList<Pod>>("GET", "/api/v1/namespaces/default/pods", {
    query: { labelSelector: selector },
    signal: AbortSignal.timeout(10_000),
  });
  return list.items;
}

/** Milliseconds between the LISTs that guard against a stalled watch. */
const FALLBACK_LIST_MS = 5_000;

/**
 * Waits until `done` holds for the pods matching `selector`, as an informer (one watch, synced
 * before this returns its waiter) sees them; a LIST every 5 s is the fallback that still ends
 * the wait if the watch stalls.
 */
async function podWatch(client: RestClient, selector: string) {
  const informer = new Informer<Pod>(client, {
    ref: { resource: "pods", namespace: "default" },
    labelSelector: selector,
  });
  informer.start();
  await informer.waitForSync();
  return {
    until: async (done: (pods: Pod[]) => boolean, what: string, timeoutMs = 600_000) => {
      let lastList = performance.now();
      await waitFor(async () => {
        if (done(informer.list())) return true;
        if (performance.now() - lastList < FALLBACK_LIST_MS) return false;
        lastList = performance.now();
        return done(await pods(client, selector));
      }, { timeoutMs, intervalMs: 20, what });
    },
    stop: () => informer.stop(),
  };
}

const runningCount = (ps: Pod[]) => ps.filter((p) => p.status?.phase === "Running").length;

async function rcVsDirect(
  client: RestClient,
  n: number,
): Promise<{ rcS: number; directS: number }> {
  const rcPods = await podWatch(client, "app=bench-rc");
  const directPods = await podWatch(client, "app=bench-direct");
  try {
    return await measure(client, n, rcPods, directPods);
  } finally {
    await rcPods.stop();
    await directPods.stop();
  }
}

type PodWatch = Awaited<ReturnType<typeof podWatch>>;

async function measure(
  client: RestClient,
  n: number,
  rcPods: PodWatch,
  directPods: PodWatch,
): Promise<{ rcS: number; directS: number }> {
  let t0 = performance.now();
  await client.create({ resource: "replicationcontrollers", namespace: "default" }, {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "bench" },
    spec: {
      replicas: n,
      selector: { app: "bench-rc" },
      template: { metadata: { labels: { app: "bench-rc" } }, spec: podSpec },
    },
  });
  await rcPods.until((ps) => ps.length === n, `${n} RC pods created`);
  const rcCreatedS = (performance.now() - t0) / 1000;
  console.log(
    `RC of ${n}: all pods created by the replication manager in ${rcCreatedS.toFixed(2)} s`,
  );
  await rcPods.until((ps) => runningCount(ps) === n, `${n} RC pods Running`);
  const rcS = (performance.now() - t0) / 1000;
  await client.delete({ resource: "replicationcontrollers", namespace: "default", name: "bench" });
  await rcPods.until((ps) => ps.length === 0, "RC pods deleted", 300_000);
  t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < n) {
      const i = next++;
      await client.create(NS, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `direct-${i}`, labels: { app: "bench-direct" } },
        spec: podSpec,
      });
    }
  }));
  await directPods.until((ps) => runningCount(ps) === n, `${n} direct pods Running`);
  const directS = (performance.now() - t0) / 1000;
  const list = await client.list<Pod>(NS, { labelSelector: "app=bench-direct" });
  await Promise.all(list.items.map((p) => client.delete({ ...NS, name: p.metadata.name })));
  await directPods.until((ps) => ps.length === 0, "direct pods deleted", 300_000);
  return { rcS, directS };
}

async function ask(port: number): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode("hi\n"));
  const buf = new Uint8Array(64);
  const r = await conn.read(buf);
  conn.close();
  return new TextDecoder().decode(buf.subarray(0, r ?? 0)).trim();
}

async function setEndpoints(client: RestClient, name: string, port: number): Promise<void> {
  const ref = { resource: "endpoints", namespace: "default", name };
  const cur = await client.get(ref).catch(() => undefined);
  const body = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name, resourceVersion: cur?.metadata.resourceVersion },
    subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ port }] }],
  };
  if (cur) await client.update(ref, body);
  else await client.create(ref, body);
}

async function proxyService(
  client: RestClient,
  name: string,
  proxied: () => number | undefined,
): Promise<number> {
  await client.create({ resource: "services", namespace: "default" }, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { ports: [{ port: 80 }] },
  });
  return await waitFor(() => proxied(), { what: `service ${name} proxied` });
}

async function main(): Promise<void> {
  const replicas = Number(Deno.args[0] ?? 500);
  const agents = Number(Deno.args[1] ?? 2);
  const dataDir = await Deno.makeTempDir({ prefix: "k8sm-cluster-bench-" });
  const cluster = await startAllInOne({
    port: 0,
    dataDir,
    agents,
    agentResources: "cpus:64;mem:65536",
    containerRuntime: "process",
  }, (p) => {
    if (p.stopping) console.error(`${p.component}: ${p.message}`);
  });
  // The API serves HTTPS with client certificates: use the admin kubeconfig up wrote.
  const client = new RestClient(
    resolveClientConfig({
      kubeconfig: cluster.kubeconfig,
      implicitKubeconfig: false,
      env: () => undefined,
    }),
  );
  // Ctrl-C or SIGTERM (e.g. from `timeout`) still stops the cluster and its executors.
  const interrupted = new AbortController();
  shutdownSignal(interrupted.signal).then((why) => {
    if (why === "abort") return;
    console.error(`${why}: stopping the cluster`);
    cluster.close().then(() => Deno.exit(130));
  });
  const load = new ProxyLoad();
  try {
    const { rcS, directS } = await rcVsDirect(client, replicas);
    console.log(
      `RC of ${replicas} → all Running: ${rcS.toFixed(1)} s (${
        (replicas / rcS).toFixed(0)
      } pods/s); ${replicas} direct creates (64 clients): ${directS.toFixed(1)} s (${
        (replicas / directS).toFixed(0)
      } pods/s); RC/direct time ${(rcS / directS).toFixed(2)}`,
    );
    figure("cluster", `RC of ${replicas} → all Running, time`, rcS, "s", "≤ 5 for 500");
    figure("cluster", `RC of ${replicas} → all Running, rate`, replicas / rcS, "pods/s", "≥ 100");
    figure("cluster", `${replicas} direct creates → all Running`, directS, "s");

    // Clients and backends run in a worker thread: sharing the proxy's event loop, their own
    // connect/accept work would be charged to the proxy (a real client and backend do not run
    // in kube-proxy's process).
    const bulkBackend = await load.backend("bulk", 64 * 1024 * 1024);
    await setEndpoints(client, "bulk", bulkBackend);
    const bulkPort = await proxyService(
      client,
      "bulk",
      () =>
        cluster.proxier.port("default/bulk")?.endpoints.length
          ? cluster.proxier.port("default/bulk")?.port
          : undefined,
    );
    // Best of 3 alternating rounds, so that a busy moment of the shared machine hits both.
    let directMBs = 0, proxiedMBs = 0;
    for (let round = 0; round < 3; round++) {
      directMBs = Math.max(directMBs, await load.streams(bulkBackend));
      proxiedMBs = Math.max(proxiedMBs, await load.streams(bulkPort));
    }
    console.log(
      `proxy bulk throughput: direct ${directMBs.toFixed(0)} MiB/s, proxied ${
        proxiedMBs.toFixed(0)
      } MiB/s, ratio ${(proxiedMBs / directMBs).toFixed(2)} (budget ≥ 0.5)`,
    );
    figure("cluster", "proxy bulk throughput ÷ direct", proxiedMBs / directMBs, "ratio", "≥ 0.5");
    await load.closeBackend(bulkBackend);

    const a = await load.backend("a"), b = await load.backend("b");
    await setEndpoints(client, "flip", a);
    const flipPort = await proxyService(
      client,
      "flip",
      () =>
        cluster.proxier.port("default/flip")?.endpoints.length
          ? cluster.proxier.port("default/flip")?.port
          : undefined,
    );
    let directRate = 0, proxiedRate = 0;
    for (let round = 0; round < 3; round++) {
      directRate = Math.max(directRate, await load.rate(a));
      proxiedRate = Math.max(proxiedRate, await load.rate(flipPort));
    }
    console.log(
      `proxy connection rate: direct ${directRate.toFixed(0)}/s, proxied ${
        proxiedRate.toFixed(0)
      }/s, ratio ${(proxiedRate / directRate).toFixed(2)}`,
    );
    figure("cluster", "proxy connection rate ÷ direct", proxiedRate / directRate, "ratio", "≥ 0.5");

    const lat: number[] = [];
    for (let i = 0; i < 100; i++) {
      const [want, port] = i % 2 === 0 ? ["b", b] : ["a", a];
      const t = performance.now();
      await setEndpoints(client, "flip", port);
      await waitFor(async () => (await ask(flipPort)) === want, {
        intervalMs: 1,
        what: `routing to ${want}`,
      });
      lat.push(performance.now() - t);
    }
    console.log(
      `endpoint change → proxy routing: p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${
        percentile(lat, 0.99).toFixed(1)
      } ms (budget p99 ≤ 100 ms)`,
    );
    figure("cluster", "endpoint change → routing p99", percentile(lat, 0.99), "ms", "≤ 100");
    await load.closeBackend(a);
    await load.closeBackend(b);
  } finally {
    load.close();
    interrupted.abort();
    client.close();
    await cluster.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

if (import.meta.main) {
  // Info lines of the in-process components (500 garbage-collector lines) would bury the report.
  setVerbosity(Number(Deno.env.get("BENCH_V") ?? -1));
  await main();
}

/**
 * apiserver benchmark (`deno run -A tests/bench/apiserver_bench.ts [pods]`): pod creates/s
 * through HTTP (the apiserver in its own process, 64 concurrent clients) vs direct Store
 * writes/s on the same backend, LIST of 10,000 pods, and apiserver heap per stored pod.
 * Runs on sqlite and, when installed, on a private etcd. Prints the figures beside the
 * budgets of DESIGN.md.
 *
 * The HTTP clients are lean keep-alive HTTP/1.1 connections (http_load_connection.ts) in
 * separate processes that start together at an agreed time; `--fetch-clients` uses fetch
 * instead, whose own CPU per request is about the apiserver's and so halves what a 2-core
 * machine has left for the server. Besides wall-clock rates, the CPU time of the store writer
 * and of the apiserver is read from /proc, which gives a ratio that machine load barely moves.
 */
import { figure } from "./figures.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { openStore } from "../../core/storage/open_store.ts";
import type { Store } from "../../core/storage/store.ts";
import { etcdBinary, type EtcdHandle, startEtcd } from "../_helpers/etcd.ts";
import { measureStoreWrites } from "../_helpers/measure_store_writes.ts";
import { waitFor } from "../../core/util/wait.ts";
import { clientPod, CLIENTS, httpCreates, leanCreates } from "./pod_create_load.ts";

const PODS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 10_000);
/** Client processes the 64 connections are spread over. */
const CLIENT_PROCS = Deno.args.includes("--fetch-clients") ? 4 : 2;
/** Client processes start sending together this long after being spawned (start-up excluded). */
const CLIENT_START_DELAY_MS = 3000;
const SELF = new URL(import.meta.url).pathname;
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

type Backend = "sqlite" | "etcd";

interface Figures {
  backend: Backend;
  rawPerSec: number;
  /** CPU time of the benchmark process per direct store write. */
  rawCpuPerWriteMs: number;
  httpPerSec: number;
  /** apiserver CPU time per HTTP create (user + system), independent of machine load. */
  cpuPerCreateMs: number;
  listMs: number;
  listItems: number;
  watchP50: number;
  watchP99: number;
}

/**
 * Watch latency: a watcher on an empty namespace, then sequential creates; each latency is
 * from sending the create to receiving its ADDED event (an upper bound of commit → client).
 */
async function watchLatency(base: string, n = 300): Promise<{ p50: number; p99: number }> {
  await (await fetch(`${base}/api/v1/namespaces`, {
    method: "POST",
    body: JSON.stringify({ metadata: { name: "latency" } }),
  })).arrayBuffer();
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/namespaces/latency/pods?watch=true`, {
    signal: abort.signal,
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const sent = new Map<string, number>();
  const got: number[] = [];
  let buffer = "";
  const reading = (async () => {
    while (got.length < n) {
      const r = await reader.read();
      if (r.done) break;
      const now = performance.now();
      buffer += decoder.decode(r.value, { stream: true });
      let i;
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.trim() === "") continue;
        const ev = JSON.parse(line) as { object: { metadata: { name: string } } };
        const t0 = sent.get(ev.object.metadata.name);
        if (t0 !== undefined) got.push(now - t0);
      }
    }
  })();
  for (let i = 0; i < n; i++) {
    const name = `lat-${i}`;
    sent.set(name, performance.now());
    const r = await fetch(`${base}/api/v1/namespaces/latency/pods`, {
      method: "POST",
      body: clientPod(name).replace('"namespace":"bench"', '"namespace":"latency"'),
    });
    await r.arrayBuffer();
  }
  await reading;
  abort.abort();
  await reader.cancel().catch(() => {});
  got.sort((a, b) => a - b);
  return { p50: got[Math.floor(got.length * 0.5)], p99: got[Math.floor(got.length * 0.99)] };
}

/** A fresh backend: its flags for the apiserver and a Store opener. */
interface BackendHandle {
  flags: string[];
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function backend(kind: Backend): Promise<BackendHandle> {
  if (kind === "sqlite") {
    const dir = await Deno.makeTempDir({ prefix: "k8sm-bench-" });
    return {
      flags: ["--storage=sqlite", `--data-dir=${dir}`],
      open: () => openStore({ storage: "sqlite", dataDir: dir }),
      dispose: () => Deno.remove(dir, { recursive: true }),
    };
  }
  const etcd: EtcdHandle = await startEtcd();
  return {
    flags: [`--etcd-servers=${etcd.endpoint}`],
    open: () => openStore({ storage: "etcd", etcdServers: [etcd.endpoint] }),
    dispose: () => etcd.stop(),
  };
}

/** CPU seconds (user + system) a process has used, from /proc (NaN where unavailable). */
function cpuSeconds(pid: number): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
  } catch {
    return NaN;
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Creates `total` pods from CLIENT_PROCS processes of CLIENTS / CLIENT_PROCS connections each;
 * the rate is total / (last finish − first start) as the clients report them.
 */
async function httpCreatesMulti(base: string, total: number): Promise<number> {
  const per = Math.ceil(total / CLIENT_PROCS);
  const startAt = Date.now() + CLIENT_START_DELAY_MS;
  const kind = Deno.args.includes("--fetch-clients") ? "fetch" : "lean";
  const runs = Array.from({ length: CLIENT_PROCS }, (_, k) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        SELF,
        "--client",
        base,
        `c${k}`,
        String(per),
        String(CLIENTS / CLIENT_PROCS),
        String(startAt),
        kind,
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output());
  const spans = (await Promise.all(runs)).map((o) => {
    if (o.code !== 0) throw new Error(`a benchmark client failed (exit ${o.code})`);
    return JSON.parse(new TextDecoder().decode(o.stdout)) as { start: number; end: number };
  });
  const start = Math.min(...spans.map((x) => x.start));
  const end = Math.max(...spans.map((x) => x.end));
  return (per * CLIENT_PROCS) / ((end - start) / 1000);
}

/**
 * Client-process mode: `--client <base> <prefix> <count> <connections> <startAt> <lean|fetch>`;
 * prepares its bodies and connections, waits for `startAt` (epoch ms), creates, prints its span.
 */
async function clientMain(args: string[]): Promise<void> {
  const [base, prefix, count, conns, startAt, kind] = args;
  const ready = kind === "fetch"
    ? () => httpCreates(base, Number(count), prefix, Number(conns))
    : await leanCreates(base, Number(count), prefix, Number(conns));
  const wait = Number(startAt) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const start = Date.now();
  await ready();
  console.log(JSON.stringify({ start, end: Date.now() }));
}

async function listMs(base: string): Promise<{ ms: number; items: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/v1/namespaces/bench/pods`);
    const bytes = await r.arrayBuffer();
    times.push(performance.now() - t0);
    if (i === 0) {
      const text = new TextDecoder().decode(bytes);
      items = (JSON.parse(text) as { items: unknown[] }).items.length;
    }
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], items };
}

async function runBackend(kind: Backend): Promise<Figures> {
  const raw = await backend(kind);
  let rawPerSec: number;
  let rawCpuPerWriteMs: number;
  try {
    const store = await raw.open();
    try {
      const cpu0 = cpuSeconds(Deno.pid);
      rawPerSec = (await measureStoreWrites(store, CLIENTS, PODS)).perSecond;
      rawCpuPerWriteMs = (cpuSeconds(Deno.pid) - cpu0) * 1000 / PODS;
    } finally {
      await store.close();
    }
  } finally {
    await raw.dispose();
  }
  const b = await backend(kind);
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "apiserver", `--port=${port}`, ...b.flags],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await (await fetch(`${base}/healthz`)).text()) === "ok", {
      timeoutMs: 30_000,
      what: "the apiserver to answer /healthz",
    });
    const ns = await fetch(`${base}/api/v1/namespaces`, {
      method: "POST",
      body: JSON.stringify({ metadata: { name: "bench" } }),
    });
    await ns.arrayBuffer();
    const cpu0 = cpuSeconds(child.pid);
    const httpPerSec = await httpCreatesMulti(base, PODS);
    const cpuPerCreateMs = (cpuSeconds(child.pid) - cpu0) * 1000 / PODS;
    const list = await listMs(base);
    const lat = await watchLatency(base);
    return {
      backend: kind,
      rawPerSec,
      rawCpuPerWriteMs,
      httpPerSec,
      cpuPerCreateMs,
      listMs: list.ms,
      listItems: list.items,
      watchP50: lat.p50,
      watchP99: lat.p99,
    };
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await b.dispose();
  }
}

/**
 * Bytes per stored pod of an in-process apiserver on sqlite (needs --expose-gc): V8 heap plus
 * external memory (the watch cache keeps each object as a UTF-8 buffer outside the heap).
 */
async function memoryPerPod(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return NaN;
  const used = () => {
    const m = Deno.memoryUsage();
    return m.heapUsed + m.external;
  };
  const dir = await Deno.makeTempDir({ prefix: "k8sm-bench-mem-" });
  const server = await startApiServer({ port: 0, storage: "sqlite", dataDir: dir });
  try {
    await (await fetch(`${server.url}/api/v1/namespaces`, {
      method: "POST",
      body: JSON.stringify({ metadata: { name: "bench" } }),
    })).arrayBuffer();
    // Warm up (JIT, caches, connection pools) so the baseline is not start-up garbage.
    await httpCreates(server.url, Math.min(1000, PODS), "warm");
    gc();
    gc();
    const before = used();
    await httpCreates(server.url, PODS);
    gc();
    gc();
    return (used() - before) / PODS;
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function main(): Promise<void> {
  const client = Deno.args.indexOf("--client");
  if (client >= 0) return await clientMain(Deno.args.slice(client + 1));
  if ((globalThis as { gc?: unknown }).gc === undefined && !Deno.args.includes("--no-reexec")) {
    // Re-run with an explicit GC so the heap figure is not noise.
    const st = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--expose-gc",
        new URL(import.meta.url).pathname,
        ...Deno.args,
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    Deno.exit(st.code);
  }
  const backends: Backend[] = etcdBinary() ? ["sqlite", "etcd"] : ["sqlite"];
  if (backends.length === 1) console.error("!!! etcd is not installed: etcd figures skipped");
  const rows: Figures[] = [];
  for (const b of backends) {
    console.error(`measuring ${b} with ${PODS} pods and ${CLIENTS} clients…`);
    rows.push(await runBackend(b));
  }
  const perPod = await memoryPerPod();
  const f0 = (n: number) => n.toFixed(0);
  console.log(
    `\napiserver benchmark: ${PODS} pods, ${CLIENTS} concurrent ${
      Deno.args.includes("--fetch-clients") ? "fetch" : "lean HTTP/1.1"
    } clients in ${CLIENT_PROCS} processes (store writes: ${CLIENTS} in-process writers)\n`,
  );
  console.log("| what | figure | budget (DESIGN.md) |");
  console.log("| --- | --- | --- |");
  for (const r of rows) {
    const ratio = r.httpPerSec / r.rawPerSec;
    const f = (name: string, value: number, unit: string, budget: string | null = null) =>
      figure("apiserver", `${r.backend}: ${name}`, value, unit, budget);
    f("HTTP creates/s ÷ store writes/s", ratio, "ratio", "≥ 0.5");
    f("HTTP creates", r.httpPerSec, "creates/s");
    f("watch latency p99", r.watchP99, "ms", "≤ 10");
    f(`LIST of ${r.listItems} pods`, r.listMs, "ms", "≤ 200");
    console.log(
      `| ${r.backend}: HTTP creates/s vs store writes/s | ${f0(r.httpPerSec)} / ${
        f0(r.rawPerSec)
      } = ${ratio.toFixed(2)} | ≥ 0.5 |`,
    );
    console.log(
      `| ${r.backend}: CPU per create, apiserver (HTTP) vs store writer (direct) | ${
        r.cpuPerCreateMs.toFixed(3)
      } / ${r.rawCpuPerWriteMs.toFixed(3)} ms → ${
        (r.rawCpuPerWriteMs / r.cpuPerCreateMs).toFixed(2)
      } (${f0(1000 / r.cpuPerCreateMs)} vs ${f0(1000 / r.rawCpuPerWriteMs)}/s per core) | — |`,
    );
    console.log(
      `| ${r.backend}: watch latency, create sent → event received (p50 / p99) | ${
        r.watchP50.toFixed(1)
      } / ${r.watchP99.toFixed(1)} ms | p99 ≤ 10 ms (commit → client) |`,
    );
    console.log(
      `| ${r.backend}: LIST of ${r.listItems} pods (HTTP request → last byte, median of 5) | ${
        r.listMs.toFixed(1)
      } ms | ≤ 200 ms |`,
    );
  }
  figure("apiserver", "memory (heap + external) per stored pod", perPod / 1024, "KiB", "≤ 10");
  console.log(
    `| apiserver memory (heap + external) per stored pod (sqlite) | ${
      (perPod / 1024).toFixed(2)
    } KiB | ≤ 10 KiB |`,
  );
}

await main();

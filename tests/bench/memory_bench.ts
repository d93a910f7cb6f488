/**
 * Memory benchmark (`deno run -A tests/bench/memory_bench.ts [pods]`): a `k8sm apiserver`
 * (memory store, own process) holding 10,000 pods, then 200 LIST clients that send
 * `GET /api/v1/pods` and never read the answer, then 100 concurrent LISTs read to the end,
 * then LIST pagination (pages of 500) throughput. Prints the apiserver's RSS after each phase
 * and its peak RSS (VmHWM) against the 512 MiB budget.
 */
import { figure } from "./figures.ts";
import { waitFor } from "../../core/util/wait.ts";
import { freePort } from "../_helpers/ports.ts";
import { leanCreates } from "./pod_create_load.ts";

const PODS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const STALLED_CLIENTS = 200;
const CONCURRENT_LISTS = 100;
const PAGE = 500;
const BUDGET_MIB = 512;
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** VmRSS and VmHWM (peak) of `pid` in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

/** How many LIST requests the apiserver has answered (from /metrics). */
async function listsServed(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^apiserver_request_total\{[^}]*verb="LIST"[^}]*\} (\d+)/gm)) {
    n += Number(m[1]);
  }
  return n;
}

/** Opens `n` connections that each ask for every pod and never read a byte of the answer. */
async function stalledLists(host: string, port: number, n: number): Promise<Deno.TcpConn[]> {
  const req = new TextEncoder().encode(`GET /api/v1/pods HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < n; i++) {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    await c.write(req);
    conns.push(c);
  }
  return conns;
}

/** Lists every pod in pages of PAGE; items per second and pages per second. */
async function pagedThroughput(base: string, rounds: number) {
  const t0 = performance.now();
  let items = 0;
  let pages = 0;
  for (let r = 0; r < rounds; r++) {
    let cont = "";
    do {
      const q = `limit=${PAGE}${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`;
      const body = await (await fetch(`${base}/api/v1/pods?${q}`)).json();
      items += body.items.length;
      pages++;
      cont = body.metadata.continue ?? "";
    } while (cont);
  }
  const secs = (performance.now() - t0) / 1000;
  return { itemsPerSec: items / secs, pagesPerSec: pages / secs, items: items / rounds };
}

if (import.meta.main) {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "apiserver", `--port=${port}`, "--storage=memory"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  const mem = () => memoryOf(child.pid);
  const report: string[] = [];
  const line = (what: string) => {
    const m = mem();
    report.push(`${what.padEnd(44)} RSS ${m.rss.toFixed(0).padStart(5)} MiB`);
  };
  try {
    await waitFor(async () => (await (await fetch(`${base}/healthz`)).text()) === "ok", {
      timeoutMs: 30_000,
      what: "the apiserver to answer /healthz",
    });
    await (await fetch(`${base}/api/v1/namespaces`, {
      method: "POST",
      body: JSON.stringify({ metadata: { name: "bench" } }),
    })).arrayBuffer();
    await (await leanCreates(base, PODS, "mem", 16))();
    line(`${PODS} pods stored`);

    const before = await listsServed(base);
    const stalled = await stalledLists("127.0.0.1", port, STALLED_CLIENTS);
    await waitFor(async () => (await listsServed(base)) >= before + STALLED_CLIENTS, {
      timeoutMs: 120_000,
      what: `the apiserver to answer ${STALLED_CLIENTS} LISTs`,
    });
    line(`${STALLED_CLIENTS} LIST clients that never read`);

    const t0 = performance.now();
    const sizes = await Promise.all(
      Array.from(
        { length: CONCURRENT_LISTS },
        async () => (await (await fetch(`${base}/api/v1/pods`)).arrayBuffer()).byteLength,
      ),
    );
    const listSecs = (performance.now() - t0) / 1000;
    line(`+ ${CONCURRENT_LISTS} concurrent LISTs read to the end`);
    for (const c of stalled) c.close();
    const paged = await pagedThroughput(base, 3);
    line("stalled clients gone, after paged LISTs");
    const peak = mem().peak;
    console.log(`memory benchmark: ${PODS} pods, LIST body ${(sizes[0] / 2 ** 20).toFixed(1)} MiB`);
    for (const r of report) console.log(`  ${r}`);
    console.log(
      `  ${CONCURRENT_LISTS} concurrent full LISTs: ${listSecs.toFixed(1)} s ` +
        `(${(CONCURRENT_LISTS / listSecs).toFixed(1)} LIST/s)`,
    );
    console.log(
      `  paged LIST (limit=${PAGE}): ${paged.pagesPerSec.toFixed(0)} pages/s, ` +
        `${paged.itemsPerSec.toFixed(0)} pods/s (${paged.items} pods per full pass)`,
    );
    figure("memory", "concurrent LISTs", CONCURRENT_LISTS / listSecs, "LIST/s");
    figure("memory", "paged LIST", paged.itemsPerSec, "pods/s");
    figure("memory", "apiserver peak RSS", peak, "MiB", `≤ ${BUDGET_MIB}`);
    console.log(
      `  peak RSS ${peak.toFixed(0)} MiB; budget ${BUDGET_MIB} MiB: ${
        peak <= BUDGET_MIB ? "within" : "OVER"
      }`,
    );
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

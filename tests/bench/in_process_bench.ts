/**
 * The apiserver's in-process transport against HTTPS, on one secured apiserver (memory store,
 * RBAC, x509), with the same client certificate either way: CPU time of this process (every
 * thread, TLS included) and wall time per request for creates and GETs by 16 parallel
 * clients, and watch latency (create sent → event seen by a watch over that transport).
 * Rounds alternate between the transports so a shared machine's load hits both alike.
 * Run: deno run -A tests/bench/in_process_bench.ts [requests per round] [rounds]
 */
import { cpuUsage } from "node:process";
import { createClientCertificate } from "../../core/auth/pki/certificate.ts";
import { MASTERS_GROUP } from "../../core/auth/user_info.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { figure } from "./figures.ts";
import { startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NS = { resource: "pods", namespace: "default" };
const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { bench: "in-process" } },
  spec: { containers: [{ name: "c", image: "busybox" }] },
});
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** CPU µs and wall ms of `n` creates then `n` GETs by 16 parallel workers. */
async function requestRound(
  client: RestClient,
  prefix: string,
  n: number,
): Promise<{ cpuUsPerRequest: number; wallMsPerRequest: number }> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  const parallel = async (each: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < n) await each(next++);
    }));
  };
  await parallel((i) => client.create(NS, pod(`${prefix}-${i}`)));
  await parallel((i) => client.get({ ...NS, name: `${prefix}-${i}` }));
  const cpu = cpuUsage(cpu0);
  return {
    cpuUsPerRequest: (cpu.user + cpu.system) / (2 * n),
    wallMsPerRequest: (performance.now() - t0) / (2 * n),
  };
}

/** Watch latency (ms) of `n` creates, one at a time, seen over `watcher`'s transport. */
async function watchRound(
  watcher: RestClient,
  writer: RestClient,
  prefix: string,
  n: number,
): Promise<number[]> {
  const ac = new AbortController();
  const seen = new Map<string, () => void>();
  const reading = (async () => {
    const events = watcher.watch(NS, { labelSelector: `round=${prefix}` }, ac.signal);
    for await (const ev of events) seen.get(ev.object.metadata.name ?? "")?.();
  })();
  // Created until one is seen: the watch is then open (the generator starts it lazily).
  for (let warm = 0;; warm++) {
    const name = `${prefix}-warm-${warm}`;
    const arrived = new Promise<boolean>((resolve) => seen.set(name, () => resolve(true)));
    await writer.create(NS, { ...pod(name), metadata: { name, labels: { round: prefix } } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), 1000));
    const open = await Promise.race([arrived, late]);
    clearTimeout(timer);
    if (open) break;
  }
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i}`;
    const arrived = new Promise<void>((resolve) => seen.set(name, resolve));
    const t = performance.now();
    await writer.create(NS, { ...pod(name), metadata: { name, labels: { round: prefix } } });
    await arrived;
    lat.push(performance.now() - t);
  }
  ac.abort();
  await reading;
  return lat;
}

async function main(): Promise<void> {
  const n = Number(Deno.args[0] ?? 1000);
  const rounds = Number(Deno.args[1] ?? 3);
  const api = await startSecuredApiServer();
  const cert = createClientCertificate(api.ca, "bench", [MASTERS_GROUP]);
  const id = { certChain: cert.certPem, privateKey: cert.keyPem };
  const https = new RestClient({ server: api.url, caCerts: [api.ca.certPem], ...id });
  const inProcess = new RestClient({ server: api.url, ...id, transport: api.server.inProcess(id) });
  const results = {
    https: { cpu: [] as number[], wall: [] as number[], watch: [] as number[] },
    "in-process": { cpu: [] as number[], wall: [] as number[], watch: [] as number[] },
  };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [name, client] of [["https", https], ["in-process", inProcess]] as const) {
        const prefix = `${name}-${r}`;
        const round = await requestRound(client, prefix, n);
        results[name].cpu.push(round.cpuUsPerRequest);
        results[name].wall.push(round.wallMsPerRequest);
        results[name].watch.push(...await watchRound(client, client, `${prefix}-w`, 200));
        await client.requestJson("DELETE", "/api/v1/namespaces/default/pods", {
          query: { labelSelector: "bench=in-process" },
        });
      }
    }
    for (const [name, r] of Object.entries(results)) {
      const cpu = percentile(r.cpu, 0.5);
      const wall = percentile(r.wall, 0.5);
      console.log(
        `${name}: ${cpu.toFixed(0)} µs CPU and ${wall.toFixed(2)} ms wall per request ` +
          `(median of ${rounds} rounds of ${n} creates + ${n} GETs, 16 parallel); watch ` +
          `latency p50 ${percentile(r.watch, 0.5).toFixed(2)} ms, p99 ${
            percentile(r.watch, 0.99).toFixed(2)
          } ms`,
      );
      figure("in-process", `${name} CPU per request`, cpu, "µs");
      figure("in-process", `${name} watch latency p99`, percentile(r.watch, 0.99), "ms");
    }
    const ratio = percentile(results["in-process"].cpu, 0.5) / percentile(results.https.cpu, 0.5);
    console.log(`in-process ÷ HTTPS CPU per request: ${ratio.toFixed(2)}`);
    figure("in-process", "in-process ÷ HTTPS CPU per request", ratio, "ratio");
  } finally {
    https.close();
    inProcess.close();
    await api.stop();
  }
}

if (import.meta.main) await main();

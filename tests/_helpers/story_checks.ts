/**
 * Checks shared by the end-to-end stories of `k8sm up`: waiting for Running pods and their
 * endpoints, spreading requests over the proxy, and stopping with nothing left behind; and
 * the examples' service with a NodePort that is free on this machine instead of its own.
 */
import assert from "node:assert/strict";
import type { Endpoints } from "../../core/api/types/endpoints.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import type { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { httpGet, podProcesses, processesMentioning, type UpProcess } from "./k8sm_up.ts";
import { freePortRange } from "./ports.ts";

const NS = { resource: "pods", namespace: "default" };

/** The pods matching `selector` once exactly `n` are Running and Ready. */
export async function runningPods(client: RestClient, selector: string, n: number): Promise<Pod[]> {
  return await waitFor(async () => {
    const pods = (await client.list<Pod>(NS, { labelSelector: selector })).items
      .filter((p) => !p.metadata.deletionTimestamp);
    const ok = pods.length === n && pods.every((p) =>
      p.status?.phase === "Running" &&
      p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True")
    );
    return ok ? pods : undefined;
  }, { timeoutMs: 60_000, intervalMs: 100, what: `${n} Running pods matching ${selector}` });
}

/** The ready endpoint addresses of service `name`, once they name exactly `pods`. */
export async function endpointsOf(
  client: RestClient,
  name: string,
  pods: Pod[],
): Promise<string[]> {
  const want = pods.map((p) => p.metadata.name).sort().join(",");
  return await waitFor(async () => {
    const ep = await client.get<Endpoints>({ resource: "endpoints", namespace: "default", name });
    const addrs = (ep.subsets ?? []).flatMap((s) =>
      (s.addresses ?? []).map((a) => ({
        name: a.targetRef?.name,
        at: `${a.ip}:${s.ports?.[0].port}`,
      }))
    );
    return addrs.map((a) => a.name).sort().join(",") === want ? addrs.map((a) => a.at) : undefined;
  }, { timeoutMs: 30_000, what: `endpoints of ${name} listing ${want}` });
}

/** A NodePort of the apiserver's default range (30000–32767) that nothing listens on now. */
export function freeNodePort(): number {
  return freePortRange(1, { first: 30000, last: 32767 }).first;
}

/**
 * Writes `manifest` (an examples/ service with a fixed `nodePort`) into `dir` with a free
 * NodePort instead, so the test never depends on the example's port being free.
 */
export async function withFreeNodePort(
  manifest: string,
  dir: string,
): Promise<{ file: string; port: number }> {
  const text = await Deno.readTextFile(manifest);
  assert.match(text, /nodePort: \d+\b/, `${manifest} sets no nodePort to replace`);
  const port = freeNodePort();
  const file = `${dir}/service-${port}.yaml`;
  await Deno.writeTextFile(file, text.replace(/nodePort: \d+\b/, `nodePort: ${port}`));
  return { file, port };
}

/** Sends `n` requests to the proxy on `port`; returns how many each answer got. */
export async function spread(port: number, n: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const body = (await httpGet(port)).trim();
    seen.set(body, (seen.get(body) ?? 0) + 1);
  }
  return seen;
}

/** Stops `up` with SIGINT and checks that no process of it (executors, pods) is left. */
export async function interruptAndCheck(up: UpProcess, podNames: Iterable<string>): Promise<void> {
  assert.equal(await up.interrupt(), 0, `k8sm up did not exit cleanly:\n${up.stdout()}`);
  assert.match(up.stdout(), /stopped\. Data kept in/);
  await waitFor(() => processesMentioning(up.apiUrl).length === 0, {
    what: `no process using ${up.apiUrl}`,
  });
  for (const name of podNames) {
    await waitFor(() => podProcesses(name).length === 0, {
      timeoutMs: 60_000,
      what: `the processes of pod ${name} to end (left: ${describe(podProcesses(name))})`,
    });
  }
}

function describe(pids: number[]): string {
  return pids.map((pid) => {
    try {
      return `${pid} ${Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ")}`;
    } catch {
      return `${pid} (gone)`;
    }
  }).join("; ") || "none";
}

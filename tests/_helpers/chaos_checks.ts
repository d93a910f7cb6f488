/**
 * What the chaos test needs around a cluster: an RC of `sleep` pods under the process runtime
 * whose host processes carry a marker argument and their pod's name and uid (HOSTNAME and a
 * downward-API POD_UID), a partial rollout that makes the RC create pods, and the check that
 * the API and the host agree on exactly the desired pods.
 */
import type { Pod } from "../../core/api/types/pod.ts";
import type { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";

/** The name and label of the chaos RC. */
export const CHAOS_APP = "chaos";

const PODS = { resource: "pods", namespace: "default" };
const RCS = { resource: "replicationcontrollers", namespace: "default" };

/** The RC of `replicas` pods running `sleep <marker>`, template label `gen=<gen>`. */
export function chaosRc(replicas: number, marker: string, gen: string): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: CHAOS_APP },
    spec: {
      replicas,
      selector: { app: CHAOS_APP },
      template: {
        metadata: { labels: { app: CHAOS_APP, gen } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: "main",
            image: "busybox",
            command: ["sh", "-c", `exec sleep ${marker}`],
            env: [{ name: "POD_UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } }],
          }],
        },
      },
    },
  };
}

/** One host process of a chaos pod. */
export interface PodProcess {
  pid: number;
  /** The pod name (HOSTNAME) and uid (POD_UID) of its environment. */
  name: string;
  uid: string;
}

/** The host processes whose command line is exactly `sleep <marker>`. */
export function podProcessesOf(marker: string): PodProcess[] {
  const found: PodProcess[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`);
      if (cmd !== `sleep\0${marker}\0`) continue;
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`).split("\0");
      const get = (k: string) => env.find((v) => v.startsWith(`${k}=`))?.slice(k.length + 1);
      found.push({ pid: Number(e.name), name: get("HOSTNAME") ?? "?", uid: get("POD_UID") ?? "?" });
    } catch {
      // ended while reading, or not ours
    }
  }
  return found;
}

/** The chaos pods in the API. */
export async function chaosPods(client: RestClient): Promise<Pod[]> {
  return (await client.list<Pod>(PODS, { labelSelector: `app=${CHAOS_APP}` })).items;
}

/** How far the API and the host are from exactly `n` pods, or "" when they agree. */
export function disagreement(pods: Pod[], procs: PodProcess[], n: number): string {
  const running = pods.filter((p) =>
    p.status?.phase === "Running" && !p.metadata.deletionTimestamp
  );
  const names = new Set(running.map((p) => p.metadata.name));
  const uids = new Set(running.map((p) => p.metadata.uid));
  const procNames = new Set(procs.map((p) => p.name));
  const procUids = new Set(procs.map((p) => p.uid));
  const problems = [
    pods.length !== n &&
    `${pods.length} pods in the API (not Running: ${
      pods.filter((p) => !running.includes(p)).map((p) =>
        `${p.metadata.name} ${p.status?.phase}${p.metadata.deletionTimestamp ? " Terminating" : ""}`
      ).join(", ")
    })`,
    running.length !== n && `${running.length} Running`,
    names.size !== running.length && "duplicate pod names",
    procs.length !== n && `${procs.length} pod processes on the host`,
    procNames.size !== procs.length && "two processes for one pod name",
    procUids.size !== procs.length && "two processes for one pod uid",
    [...procUids].some((u) => !uids.has(u)) &&
    `processes of pods that are not Running in the API: ${
      procs.filter((p) => !uids.has(p.uid)).map((p) => `${p.name}(${p.pid})`).join(", ")
    }`,
    [...uids].some((u) => !procUids.has(u!)) && "Running pods without a process",
  ].filter(Boolean);
  return problems.join("; ");
}

/**
 * Waits until the API lists exactly `n` chaos pods, all Running, and the host runs exactly one
 * `sleep <marker>` process for each of them and no other; returns the milliseconds it took.
 */
export async function converge(
  client: () => RestClient,
  marker: string,
  n: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  let last = "nothing checked yet";
  await waitFor(async () => {
    const c = client();
    try {
      last = disagreement(await chaosPods(c), podProcessesOf(marker), n);
    } catch (e) {
      last = `the API answered: ${(e as Error).message}`;
      return false;
    } finally {
      c.close();
    }
    return last === "";
  }, { timeoutMs, intervalMs: 250, what: `exactly ${n} Running pods and processes` })
    .catch((e) => {
      throw new Error(`${(e as Error).message}; last seen: ${last}`);
    });
  return Date.now() - started;
}

/**
 * A partial rollout: the RC's template gets label `gen=<gen>` and `count` of its current pods
 * are deleted, so the RC creates `count` new ones; resolves once the first new pod exists.
 */
export async function rollout(client: RestClient, gen: string, count: number): Promise<void> {
  await client.patch(
    { ...RCS, name: CHAOS_APP },
    { spec: { template: { metadata: { labels: { app: CHAOS_APP, gen } } } } },
    "merge",
  );
  const old = (await chaosPods(client)).filter((p) => !p.metadata.deletionTimestamp)
    .slice(0, count);
  await Promise.all(old.map((p) => client.delete({ ...PODS, name: p.metadata.name! })));
  await waitFor(async () => (await chaosPods(client)).some((p) => p.metadata.labels?.gen === gen), {
    timeoutMs: 60_000,
    intervalMs: 50,
    what: `the RC to create a pod of gen ${gen}`,
  });
}

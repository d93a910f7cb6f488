/**
 * Issue 12's chaos acceptance: an RC of 30 `sleep` pods under the process runtime, and in turn
 * a SIGKILL of the apiserver, the scheduler, the controller-manager, an executor and mesos-local
 * (all separate processes of a secured cluster, restarted on their data: sqlite stores, the
 * agents' --work-dir), then of the whole `k8sm up` — each while the RC is creating pods of a
 * partial rollout. After each fault the API lists exactly 30 Running pods and the host runs
 * exactly one `sleep <marker>` process for each of them (matched by pod name and uid) and no
 * other: no duplicate, no orphan. Each fault's convergence time is printed, not asserted.
 */
import assert from "node:assert/strict";
import { processesUnder } from "../_helpers/component_process.ts";
import {
  type ComponentName,
  type SecuredCluster,
  startSecuredCluster,
} from "../_helpers/secured_cluster.ts";
import { startUp, type UpProcess } from "../_helpers/k8sm_up.ts";
import { freePort, freePortRange } from "../_helpers/ports.ts";
import {
  chaosPods,
  chaosRc,
  converge,
  disagreement,
  podProcessesOf,
  rollout,
} from "../_helpers/chaos_checks.ts";
import { waitFor } from "../../core/util/wait.ts";
import type { RestClient } from "../../core/client/rest_client.ts";
import type { Lease } from "../../core/api/groups/leases.ts";

const REPLICAS = 30;
/** Pods each fault's rollout replaces. */
const ROLLED = 10;
const CONVERGE_MS = 150_000;

function newMarker(): string {
  return String(80_000_000 + Math.floor(Math.random() * 9_999_999));
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // ended meanwhile
    }
  }
}

/** Waits until `pids()` (pod processes, executors) is empty, else fails naming them. */
async function noneLeft(pids: () => number[]): Promise<void> {
  await waitFor(() => pids().length === 0, {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: "no pod process and no executor left after the stop",
  }).catch((e) => {
    throw new Error(`${(e as Error).message}; left: ${pids().join(", ")}`);
  });
}

/** The components' last warning and error lines, for a failure message. */
function warnings(c: SecuredCluster): string {
  const all = [c.apiserver, c.mesos, c.scheduler, c.controllerManager].flatMap((p) =>
    p.log().split("\n").filter((l) => /^[WE]\d{4} |killing task|could not/.test(l)).slice(-15)
      .map((l) => `${p.name}: ${l}`)
  );
  return all.join("\n");
}

/** Resolves 25 s after `since`: past the executors' 20 s recovery timeout. */
async function settledSince(since: number): Promise<void> {
  await waitFor(() => Date.now() - since > 25_000, { timeoutMs: 30_000, intervalMs: 500 });
}

/** Asserts that the API and the host agree on exactly REPLICAS pods right now. */
async function stillConverged(client: () => RestClient, marker: string): Promise<void> {
  const c = client();
  const pods = await chaosPods(c).finally(() => c.close());
  assert.equal(disagreement(pods, podProcessesOf(marker), REPLICAS), "");
}

/**
 * Waits until every node Lease was renewed after `since`: the executors (which outlived `up`)
 * reach the apiserver that came back, wherever it listens now.
 */
async function leasesRenewedSince(client: () => RestClient, since: number): Promise<void> {
  const c = client();
  try {
    await waitFor(async () => {
      const list = await c.list<Lease>({
        resource: "leases",
        groupVersion: "coordination.k8s.io/v1",
        namespace: "kube-node-lease",
      });
      return list.items.length > 0 &&
        list.items.every((l) => Date.parse(l.spec?.renewTime ?? "") > since);
    }, { timeoutMs: 60_000, intervalMs: 500, what: "every node Lease renewed after the restart" });
  } finally {
    c.close();
  }
}

/**
 * Kills the container process of a pod created before `since` (its executor outlived `up`) and
 * waits until the API shows the restart: that executor reports to the apiserver that came back.
 */
async function oldExecutorReports(
  client: () => RestClient,
  marker: string,
  since: number,
): Promise<void> {
  const c = client();
  try {
    const old = (await chaosPods(c)).find((p) =>
      Date.parse(p.metadata.creationTimestamp ?? "") < since - 1000 &&
      !p.metadata.deletionTimestamp
    );
    assert.ok(old, "a pod launched before the SIGKILL still runs");
    const proc = podProcessesOf(marker).find((p) => p.uid === old.metadata.uid);
    assert.ok(proc, `pod ${old.metadata.name} has its process`);
    killAll([proc.pid]);
    await waitFor(async () => {
      const pods = await chaosPods(c);
      const now = pods.find((p) => p.metadata.uid === old.metadata.uid);
      return (now?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1;
    }, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: `the restart of pod ${old.metadata.name} reported by its recovered executor`,
    });
  } finally {
    c.close();
  }
}

/** The pids of the k8sm executors the cluster's agents run. */
function executorsOf(c: SecuredCluster): number[] {
  return processesUnder(`${c.dir}/exec`).filter((p) => /^\d+ \S*deno run .* executor /.test(p))
    .map((p) => Number(p.split(" ")[0]));
}

/** A fault: SIGKILL something and start it again (or let the cluster replace it). */
type Fault = (c: SecuredCluster) => Promise<void>;

function restarting(name: ComponentName): Fault {
  return async (c) => {
    await c.crashAndRestart(name);
  };
}

const FAULTS: [string, Fault][] = [
  ["the apiserver", restarting("apiserver")],
  ["the scheduler", restarting("scheduler")],
  ["the controller-manager", restarting("controllerManager")],
  ["an executor", (c) => {
    const executors = executorsOf(c);
    assert.ok(executors.length > 0, "an executor runs");
    killAll(executors.slice(0, 1));
    return Promise.resolve();
  }],
  ["a mesos-local agent (mesos-local restarted on its --work-dir)", restarting("mesos")],
];

Deno.test({
  name: "chaos: a multi-process cluster keeps exactly 30 pods and processes through a SIGKILL " +
    "of each component mid-rollout",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const c = await startSecuredCluster({ persistent: true });
    const marker = newMarker();
    try {
      const client = c.adminClient();
      await client.create(
        { resource: "replicationcontrollers", namespace: "default" },
        chaosRc(REPLICAS, marker, "g0"),
      ).finally(() => client.close());
      const first = await converge(c.adminClient, marker, REPLICAS, CONVERGE_MS);
      console.log(`chaos: ${REPLICAS} pods Running after ${first} ms`);
      let gen = 0;
      for (const [what, fault] of FAULTS) {
        await t.step(`SIGKILL of ${what} mid-rollout`, async () => {
          gen++;
          const api = c.adminClient();
          await rollout(api, `g${gen}`, ROLLED).finally(() => api.close());
          const killed = Date.now();
          await fault(c);
          await converge(c.adminClient, marker, REPLICAS, CONVERGE_MS).catch((e) => {
            throw new Error(`${(e as Error).message}\n--- warnings ---\n${warnings(c)}`);
          });
          console.log(`chaos: SIGKILL of ${what}: converged ${Date.now() - killed} ms after it`);
        });
      }
      await t.step(
        "still exactly 30 once the executors' recovery timeout (20 s) passed",
        async () => {
          await settledSince(Date.now());
          await stillConverged(c.adminClient, marker);
        },
      );
      await t.step("a graceful stop leaves no pod process and no executor", async () => {
        const stopped = await c.stop();
        for (const [name, code] of Object.entries(stopped)) assert.equal(code, 0, name);
        await noneLeft(() => [...podProcessesOf(marker).map((p) => p.pid), ...executorsOf(c)]);
      });
    } finally {
      await c.stop().catch(() => {});
      killAll(podProcessesOf(marker).map((p) => p.pid));
      killAll(processesUnder(c.dir).map((p) => Number(p.split(" ")[0])));
      await Deno.remove(c.dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "chaos: k8sm up SIGKILLed mid-rollout and started again keeps exactly 30 pods and " +
    "processes",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const ports = freePortRange(100, { first: 31000, last: 32000 });
    const args = (port: number) => [
      "--port",
      String(port),
      "--container-runtime=process",
      `--agent-resources=ports:[${ports.text}]`,
    ];
    const marker = newMarker();
    let up: UpProcess = await startUp(args(freePort()));
    const home = up.home;
    try {
      const client = up.client();
      await client.create(
        { resource: "replicationcontrollers", namespace: "default" },
        chaosRc(REPLICAS, marker, "g0"),
      ).finally(() => client.close());
      const first = await converge(up.client, marker, REPLICAS, CONVERGE_MS);
      console.log(`chaos: ${REPLICAS} pods Running under up after ${first} ms`);
      const api = up.client();
      await rollout(api, "g1", ROLLED).finally(() => api.close());
      const killed = Date.now();
      await up.kill();
      // Started again on another port: the executors that outlived it are told where it is.
      up = await startUp(args(freePort()), home);
      await converge(up.client, marker, REPLICAS, CONVERGE_MS);
      console.log(`chaos: SIGKILL of k8sm up: converged ${Date.now() - killed} ms after it`);
      await leasesRenewedSince(up.client, killed);
      await oldExecutorReports(up.client, marker, killed);
      // An executor the restarted agent did not take back would kill its pods by now.
      await settledSince(killed);
      await stillConverged(up.client, marker);
      const after = up.client();
      const names = (await chaosPods(after).finally(() => after.close())).map((p) =>
        p.metadata.name
      );
      assert.equal(new Set(names).size, REPLICAS, "30 distinct pods");

      assert.equal(await up.interrupt(), 0, "up stops cleanly");
      const dataDir = up.dataDir;
      await noneLeft(() => [
        ...podProcessesOf(marker).map((p) => p.pid),
        ...processesUnder(dataDir).map((p) => Number(p.split(" ")[0])),
      ]);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- up output ---\n${up.stdout().slice(-6000)}`);
    } finally {
      await up.kill();
      killAll(podProcessesOf(marker).map((p) => p.pid));
      killAll(processesUnder(home).map((p) => Number(p.split(" ")[0])));
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});

/**
 * Issue 12 item 1 end to end: `k8sm up` (process runtime) is SIGKILLed with an RC of 5 running
 * and started again on the same data dir. Its mesos-local agent recovers from
 * `<data-dir>/mesos/meta` (same agent id and port), the executor re-subscribes, and the host
 * converges to exactly the desired pods: the same 5 pod processes (found by a marker argument),
 * 5 Running pods in the API, no second copy, also past the executors' 20 s recovery timeout; a
 * graceful stop afterwards leaves nothing behind. Once with plain HTTP, once secured (the
 * default: HTTPS, RBAC, authenticated executors); the recovered executor renews its node Lease.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import type { Lease } from "../../core/api/groups/leases.ts";
import { waitFor } from "../../core/util/wait.ts";
import { processesMentioning, startUp, type UpProcess } from "../_helpers/k8sm_up.ts";
import { freePort } from "../_helpers/ports.ts";

function rcOf(marker: string) {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "recovery" },
    spec: {
      replicas: 5,
      selector: { app: "recovery" },
      template: {
        metadata: { labels: { app: "recovery" } },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [{
            name: "main",
            image: "busybox",
            command: ["sh", "-c", `exec sleep ${marker}`],
          }],
        },
      },
    },
  };
}

async function runningPods(up: UpProcess): Promise<string[]> {
  const client = up.client();
  try {
    const list = await client.list<Pod>(
      { resource: "pods", namespace: "default" },
      { labelSelector: "app=recovery" },
    );
    return list.items.filter((p) => p.status?.phase === "Running").map((p) => p.metadata.name!)
      .sort();
  } finally {
    client.close();
  }
}

/** The latest renewTime of the node Leases (kube-node-lease) in ms, 0 when there is none. */
async function lastLeaseRenewal(up: UpProcess): Promise<number> {
  const client = up.client();
  try {
    const list = await client.list<Lease>({
      resource: "leases",
      namespace: "kube-node-lease",
      groupVersion: "coordination.k8s.io/v1",
    });
    return Math.max(0, ...list.items.map((l) => Date.parse(l.spec?.renewTime ?? "") || 0));
  } finally {
    client.close();
  }
}

async function crashAndRestart(secure: boolean): Promise<void> {
  const args = ["--port", String(freePort()), "--container-runtime=process"];
  if (!secure) args.push("--insecure");
  const marker = `${7_000_000 + Math.floor(Math.random() * 999_999)}`;
  const pods = () => processesMentioning(`sleep ${marker}`).sort();
  let up = await startUp(args);
  const { home, dataDir } = up;
  try {
    const client = up.client();
    await client.create(
      { resource: "replicationcontrollers", namespace: "default" },
      rcOf(marker),
    ).finally(() => client.close());
    await waitFor(async () => pods().length === 5 && (await runningPods(up)).length === 5, {
      timeoutMs: 120_000,
      what: "5 pod processes and 5 Running pods",
    });
    const before = pods();
    const names = await runningPods(up);

    await up.kill();
    assert.deepEqual(pods(), before, "the pods outlive the crash of up");
    up = await startUp(args, home);
    const restarted = up;
    const settled = Date.now();
    await waitFor(
      async () =>
        (await runningPods(restarted).catch(() => [])).length === 5 && pods().length === 5,
      { timeoutMs: 120_000, what: "5 Running pods and 5 pod processes after the restart" },
    );
    // Past the executor's 20 s recovery timeout (an unrecovered executor would have killed its
    // pods by then) and the scheduler's reconciliation: nothing may have changed.
    await waitFor(() => Date.now() - settled > 25_000, { timeoutMs: 40_000, what: "25 s" });
    assert.deepEqual(pods(), before, "the same pod processes: none replaced, none added");
    assert.deepEqual(await runningPods(up), names, "the same pods in the API");
    await waitFor(async () => (await lastLeaseRenewal(restarted)) > settled, {
      timeoutMs: 30_000,
      what: "the recovered executor to renew its node Lease with the restarted apiserver",
    });

    await up.interrupt();
    await waitFor(() => pods().length === 0 && processesMentioning(dataDir).length === 0, {
      timeoutMs: 60_000,
      what: "no pod process and no executor left after the stop",
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- up output ---\n${up.stdout().slice(-6000)}`);
  } finally {
    await up.kill();
    for (const pid of [...pods(), ...processesMentioning(dataDir)]) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

Deno.test({
  name: "up SIGKILLed and started again on its data dir keeps exactly the desired pods",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () => crashAndRestart(false),
});

Deno.test({
  name: "a secured up SIGKILLed and started again keeps exactly the desired pods",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () => crashAndRestart(true),
});

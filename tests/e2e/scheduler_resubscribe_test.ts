/**
 * Framework lifecycle: when the master drops the subscription stream, and when the master
 * restarts, the scheduler resubscribes with the same framework id, reconciles, and keeps
 * scheduling; running pods are untouched.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("the scheduler resubscribes after a dropped stream and a master restart", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "rs1", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
  });
  try {
    await c.createPod(sleepPod("one"));
    await c.waitPod("one", (p) => p.status?.phase === "Running", "Running");
    const id = c.scheduler?.scheduler?.frameworkId;
    assert.ok(id);
    const subscriptions = () => c.scheduler?.scheduler?.metrics.subscriptions ?? 0;
    c.mesos.dropFrameworkStream(id);
    await waitFor(() => subscriptions() >= 2, { timeoutMs: 20_000, what: "resubscription" });
    await c.createPod(sleepPod("two"));
    await c.waitPod("two", (p) => p.status?.phase === "Running", "Running after the drop");

    c.mesos.restartMaster();
    await waitFor(() => subscriptions() >= 3, {
      timeoutMs: 30_000,
      what: "resubscription to the new master",
    });
    await c.createPod(sleepPod("three"));
    await c.waitPod("three", (p) => p.status?.phase === "Running", "Running after restart");
    assert.equal(c.scheduler?.scheduler?.frameworkId, id, "same framework id throughout");
    assert.equal((await c.getPod("one")).status?.phase, "Running");
  } finally {
    await c.close();
  }
});

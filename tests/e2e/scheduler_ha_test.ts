/**
 * HA and graceful deletion: two schedulers with `ha` share one store; only the lease holder
 * registers with Mesos, and when it stops the standby takes over within the lease and schedules
 * new pods under the same framework id. With graceful pod deletion on in the apiserver, a
 * deleted pod keeps existing (deletionTimestamp) until its task was KILLED, then goes.
 */
import assert from "node:assert/strict";
import { startScheduler } from "../../core/scheduler/start_scheduler.ts";
import { TASK_ID_ANNOTATION } from "../../core/scheduler/annotations.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("the standby scheduler takes over when the leader stops", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "ha1", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
    scheduler: false,
  });
  const first = await startScheduler(c.schedulerOptions({ ha: true, leaseDurationMs: 1500 }));
  const second = await startScheduler(c.schedulerOptions({ ha: true, leaseDurationMs: 1500 }));
  try {
    await first.leading;
    await c.createPod(sleepPod("before"));
    await c.waitPod("before", (p) => p.status?.phase === "Running", "Running");
    assert.equal(second.scheduler, undefined, "the standby does not schedule");
    const fw = (await c.mesosState()).frameworks.filter((f) => f.name === "Kubernetes");
    assert.equal(fw.length, 1);
    await first.close();
    await second.leading;
    await c.createPod(sleepPod("after"));
    await c.waitPod("after", (p) => p.status?.phase === "Running", "Running after failover");
    const fws = (await c.mesosState()).frameworks.filter((f) => f.name === "Kubernetes");
    assert.deepEqual(fws.map((f) => f.id), [fw[0].id], "same framework after takeover");
    c.scheduler = second;
  } finally {
    await first.close();
    await c.close();
    await second.close();
  }
});

Deno.test("with graceful deletion a pod goes only after its task was killed", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "g1", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
    apiOptions: { gracefulPodDeletion: true },
  });
  try {
    await c.createPod(sleepPod("graceful", { grace: 3 }));
    const pod = await c.waitPod("graceful", (p) => p.status?.phase === "Running", "Running");
    const taskId = pod.metadata.annotations?.[TASK_ID_ANNOTATION];
    await c.client.delete({ resource: "pods", namespace: "default", name: "graceful" });
    const marked = await c.getPod("graceful");
    assert.ok(marked.metadata.deletionTimestamp, "the pod is marked, not removed at once");
    await waitFor(async () => {
      const pods = await c.listPods();
      return pods.length === 0;
    }, { timeoutMs: 30_000, what: "pod graceful removed" });
    const st = await c.mesosState();
    const task = st.frameworks.flatMap((f) => [...f.tasks, ...f.completed_tasks]).find((t) =>
      t.id === taskId
    );
    assert.equal(task?.state, "TASK_KILLED");
  } finally {
    await c.close();
  }
});

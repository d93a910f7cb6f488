/**
 * Reconciliation after a restart: a task whose pod was deleted while the scheduler was down is
 * killed (no pod claims it), and a bound pod whose task Mesos does not know is failed.
 */
import assert from "node:assert/strict";
import { TASK_ID_ANNOTATION, taskAnnotations } from "../../core/scheduler/annotations.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("after a restart, unclaimed tasks are killed and pods of unknown tasks fail", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "rc1", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
  });
  try {
    await c.createPod(sleepPod("gone"));
    const pod = await c.waitPod("gone", (p) => p.status?.phase === "Running", "Running");
    const taskId = pod.metadata.annotations?.[TASK_ID_ANNOTATION];
    await c.stopScheduler();
    await c.client.delete({ resource: "pods", namespace: "default", name: "gone" });

    await c.createPod(sleepPod("ghost", { nodeName: "never-launched" }));
    await c.client.patch({ resource: "pods", namespace: "default", name: "ghost" }, {
      metadata: {
        annotations: taskAnnotations({
          taskId: "default.ghost.000000000000",
          agentId: c.mesos.agents[0].id,
          executorId: "k8sm-executor-0000000000000000",
          offerId: "none",
          bindingHost: "rc1",
        }),
      },
    }, "merge");

    await c.startScheduler();
    const killed = await waitFor(async () => {
      const st = await c.mesosState();
      const t = st.frameworks.flatMap((f) => [...f.tasks, ...f.completed_tasks]).find((x) =>
        x.id === taskId
      );
      return t?.state === "TASK_KILLED" ? t : undefined;
    }, { timeoutMs: 30_000, what: `the unclaimed task ${taskId} KILLED` });
    assert.equal(killed.state, "TASK_KILLED");
    const ghost = await c.waitPod("ghost", (p) => p.status?.phase === "Failed", "Failed");
    assert.match(ghost.status?.message ?? "", /default\.ghost\.000000000000/);
  } finally {
    await c.close();
  }
});

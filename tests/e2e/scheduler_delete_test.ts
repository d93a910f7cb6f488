/**
 * Acceptance 5: deleting a running pod KILLs its Mesos task (with the pod's grace period) and
 * its resources are offered again: a second pod needing the same room then runs on the agent.
 */
import assert from "node:assert/strict";
import { TASK_ID_ANNOTATION } from "../../core/scheduler/annotations.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("deleting a running pod kills its task and frees its resources", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "solo", resources: "cpus:1;mem:1024;ports:[31000-31010]" }],
  });
  try {
    await c.createPod(sleepPod("first", { cpu: "600m", memory: "128Mi" }));
    const first = await c.waitPod("first", (p) => p.status?.phase === "Running", "Running");
    const taskId = first.metadata.annotations?.[TASK_ID_ANNOTATION];
    assert.ok(taskId);
    await c.client.delete({ resource: "pods", namespace: "default", name: "first" });
    const killed = await waitFor(async () => {
      const st = await c.mesosState();
      const all = st.frameworks.flatMap((f) => [...f.tasks, ...f.completed_tasks]);
      const t = all.find((x) => x.id === taskId);
      return t && t.state === "TASK_KILLED" ? t : undefined;
    }, { timeoutMs: 30_000, what: `task ${taskId} KILLED` });
    assert.equal(killed.state, "TASK_KILLED");
    await waitFor(async () => {
      const pods = await c.listPods();
      return pods.every((p) => p.metadata.name !== "first");
    }, { timeoutMs: 30_000, what: "pod first gone" });
    await c.createPod(sleepPod("second", { cpu: "600m", memory: "128Mi" }));
    const second = await c.waitPod("second", (p) => p.status?.phase === "Running", "Running");
    assert.equal(second.spec?.nodeName, "solo");
  } finally {
    await c.close();
  }
});

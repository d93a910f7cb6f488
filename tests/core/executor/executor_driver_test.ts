/**
 * The executor driver under mesos-local with the process runtime: tasks that are not pods fail
 * with a reason, a KILL for a pod stops it, and an executor without tasks exits by itself after
 * --suicide-timeout.
 */
import assert from "node:assert/strict";
import { PodCluster } from "../../_helpers/pod_task_framework.ts";

Deno.test("executor driver: bad task data and a second task for a running pod fail; idle executor exits after --suicide-timeout", async () => {
  const pc = await PodCluster.start({ runtime: "process", executorArgs: ["--suicide-timeout=2s"] });
  try {
    const bad = await pc.launchRaw("not-a-pod", btoa("this is not JSON"));
    const failed = await pc.waitState(bad, "TASK_FAILED");
    assert.match(failed.message ?? "", /TaskInfo.data is not base64 pod JSON/);
    const empty = await pc.launchRaw("no-data", "");
    assert.match((await pc.waitState(empty, "TASK_FAILED")).message ?? "", /carries no pod/);
    const p = await pc.run({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "short" },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "main", image: "busybox", command: ["sleep", "100000"] }],
      },
    });
    await pc.waitState(p, "TASK_RUNNING");
    const before = await pc.containersOf(p.pod.metadata.uid!);
    const twin = await pc.relaunch(p);
    const refused = await pc.waitState(twin, "TASK_FAILED");
    assert.match(refused.message ?? "", /already runs here as task/);
    assert.deepEqual(await pc.containersOf(p.pod.metadata.uid!), before, "no second container");
    await pc.kill(p);
    await pc.waitState(p, "TASK_KILLED");
    await pc.waitExecutorGone();
    assert.deepEqual(await pc.containersOf(p.pod.metadata.uid!), []);
    assert.match(
      await pc.executorLog(),
      /executor exits: no task ran for 2000 ms \(--suicide-timeout\)/,
    );
  } finally {
    await pc.close();
  }
});

Deno.test("executor driver: LAUNCH_GROUP runs each task as its own pod (seed-style --api-servers)", async () => {
  const pc = await PodCluster.start({ runtime: "process", bareApiServer: true });
  try {
    const pod = (name: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "main", image: "busybox", command: ["sleep", "100000"] }],
      },
    });
    const group = await pc.runGroup([pod("g1"), pod("g2")]);
    for (const p of group) {
      await pc.waitState(p, "TASK_RUNNING");
      await pc.waitPod(p.pod.metadata.name!, (x) => x.status?.phase === "Running", "Running");
    }
    for (const p of group) await pc.kill(p);
    for (const p of group) {
      await pc.waitState(p, "TASK_KILLED");
      assert.deepEqual(await pc.containersOf(p.pod.metadata.uid!), []);
    }
  } finally {
    await pc.close();
  }
});

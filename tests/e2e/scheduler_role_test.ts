/**
 * Issue 16 acceptance (roles): the k8sm scheduler with `--mesos-role=k8s` subscribes with role
 * k8s (MULTI_ROLE) and runs pods on resources statically reserved for k8s (`cpus(k8s):…`) as
 * well as unreserved ones, as offered (a pod bigger than the reservation takes both); every
 * task resource carries allocation_info role k8s.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

type Res = {
  name: string;
  reservations?: unknown[];
  allocation_info?: { role?: string };
  scalar?: { value: number };
};

Deno.test("--mesos-role=k8s runs pods on reserved and unreserved resources as offered", async () => {
  const c = await startTestCluster({
    agents: [{ resources: "cpus(k8s):0.5;mem(k8s):256;cpus:2;mem:1024;disk:1024" }],
    scheduler: { port: 0, role: "k8s" },
  });
  try {
    await c.createPod(sleepPod("small", { cpu: "100m", memory: "32Mi" }));
    await c.createPod(sleepPod("big", { cpu: "1", memory: "300Mi" }));
    await c.waitRunning(["small", "big"], 60_000);
    const state = await c.mesosState() as unknown as {
      frameworks: {
        roles?: string[];
        tasks: { name: string; resources: Res[]; role?: string }[];
      }[];
    };
    const fw = state.frameworks[0];
    assert.deepEqual(fw.roles, ["k8s"]);
    const tasks = await waitFor(() => fw.tasks.length === 2 ? fw.tasks : undefined, {
      what: "2 tasks",
    });
    for (const t of tasks) assert.equal(t.role, "k8s", `task ${t.name} allocated to k8s`);
    const res = await fetch(`${c.mesos.masterUrl}/api/v1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ type: "GET_TASKS" }),
    });
    const live = (await res.json()).get_tasks.tasks as { resources: Res[] }[];
    const pieces = live.flatMap((t) => t.resources);
    assert.ok(pieces.every((r) => r.allocation_info?.role === "k8s"), "all allocated to k8s");
    const reserved = pieces.filter((r) => (r.reservations ?? []).length > 0);
    assert.ok(reserved.length > 0, "some task resources come from the k8s reservation");
    assert.ok(
      reserved.every((r) => JSON.stringify(r.reservations) === '[{"role":"k8s","type":"STATIC"}]'),
    );
    assert.ok(pieces.some((r) => !r.reservations), "the big pod also takes unreserved resources");
  } finally {
    await c.close();
  }
});

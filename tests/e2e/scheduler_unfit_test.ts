/**
 * Acceptance 2 and 3: a pod larger than any agent stays Pending with a FailedScheduling event
 * naming the resource, and runs once an agent with room appears (no new create); two pods
 * asking the same hostPort never share an agent, and a third one waits.
 */
import assert from "node:assert/strict";
import type { Event } from "../../core/api/types/event.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster, type TestCluster } from "../_helpers/cluster.ts";

async function failedScheduling(c: TestCluster, pod: string): Promise<Event[]> {
  const list = await c.client.list<Event>({ resource: "events", namespace: "default" });
  return list.items.filter((e) => e.involvedObject.name === pod && e.reason === "FailedScheduling");
}

Deno.test("a pod too large for every agent waits, named resource, then runs on a new agent", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "tiny", resources: "cpus:1;mem:1024;ports:[31000-31010]" }],
  });
  try {
    await c.createPod(sleepPod("huge", { cpu: "3", memory: "256Mi" }));
    const events = await waitFor(async () => {
      const evs = await failedScheduling(c, "huge");
      return evs.length > 0 ? evs : undefined;
    }, { timeoutMs: 20_000, what: "a FailedScheduling event for pod huge" });
    assert.match(events[0].message ?? "", /Insufficient cpu/);
    assert.match(events[0].message ?? "", /0\/1 agents/);
    assert.equal((await c.getPod("huge")).status?.phase, "Pending");
    c.mesos.addAgent({ hostname: "roomy", resources: "cpus:4;mem:4096;ports:[31100-31110]" });
    const pod = await c.waitPod("huge", (p) => p.status?.phase === "Running", "Running");
    assert.equal(pod.spec?.nodeName, "roomy");
  } finally {
    await c.close();
  }
});

Deno.test("pods asking the same hostPort never share an agent; a third waits", async () => {
  const c = await startTestCluster({
    agents: [
      { hostname: "h1", resources: "cpus:2;mem:2048;ports:[31000-31100]" },
      { hostname: "h2", resources: "cpus:2;mem:2048;ports:[31000-31100]" },
    ],
  });
  try {
    for (const n of ["hp1", "hp2", "hp3"]) {
      await c.createPod(sleepPod(n, { cpu: "100m", hostPort: 31050, containerPort: 80 }));
    }
    const running = await waitFor(async () => {
      const pods = await c.listPods();
      const r = pods.filter((p) => p.status?.phase === "Running");
      return r.length >= 2 ? r : undefined;
    }, { timeoutMs: 30_000, what: "two hostPort pods Running" });
    assert.equal(running.length, 2);
    assert.notEqual(running[0].spec?.nodeName, running[1].spec?.nodeName);
    const waiting = (await c.listPods()).find((p) => p.status?.phase !== "Running");
    assert.ok(waiting);
    const name = waiting.metadata.name!;
    const evs = await waitFor(async () => {
      const e = await failedScheduling(c, name);
      return e.length > 0 ? e : undefined;
    }, { timeoutMs: 20_000, what: `FailedScheduling for ${name}` });
    assert.match(evs[0].message ?? "", /host port 31050/);
    assert.equal((await c.getPod(name)).spec?.nodeName, undefined);
  } finally {
    await c.close();
  }
});

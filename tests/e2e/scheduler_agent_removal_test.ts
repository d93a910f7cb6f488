/**
 * Acceptance 7: removing an agent fails its pods with the Mesos reason and message, records an
 * Event, and turns its Node NotReady; pods on the other agent keep running.
 */
import assert from "node:assert/strict";
import type { Node } from "../../core/api/types/node.ts";
import type { Event } from "../../core/api/types/event.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("a removed agent's pods fail with the Mesos reason and its Node is NotReady", async () => {
  const c = await startTestCluster({
    agents: [
      { hostname: "keep", resources: "cpus:2;mem:2048;ports:[31000-31010]" },
      { hostname: "doomed", resources: "cpus:2;mem:2048;ports:[31100-31110]" },
    ],
    scheduler: { unreachableGraceMs: 500 },
  });
  try {
    const names = ["r0", "r1", "r2", "r3"];
    for (const n of names) await c.createPod(sleepPod(n, { cpu: "200m" }));
    const pods = await c.waitRunning(names);
    const onDoomed = pods.filter((p) => p.spec?.nodeName === "doomed").map((p) => p.metadata.name!);
    assert.ok(onDoomed.length > 0, "spread placed pods on both agents");
    const agent = c.mesos.agents.find((a) => a.opts.hostname === "doomed")!;
    await c.mesos.removeAgent(agent.id);
    for (const n of onDoomed) {
      const p = await c.waitPod(n, (x) => x.status?.phase === "Failed", "Failed");
      assert.equal(p.status?.reason, "REASON_AGENT_REMOVED");
      assert.match(p.status?.message ?? "", /TASK_UNREACHABLE/);
    }
    for (const p of pods.filter((x) => x.spec?.nodeName === "keep")) {
      assert.equal((await c.getPod(p.metadata.name!)).status?.phase, "Running");
    }
    const node = await waitFor(async () => {
      const n = await c.client.get<Node>({ resource: "nodes", name: "doomed" });
      return n.status?.conditions?.find((x) => x.type === "Ready")?.status === "False"
        ? n
        : undefined;
    }, { timeoutMs: 20_000, what: "Node doomed NotReady" });
    assert.equal(node.status?.conditions?.[0].reason, "AgentRemoved");
    const events = await waitFor(async () => {
      const list = await c.client.list<Event>({ resource: "events", namespace: "default" });
      const e = list.items.filter((x) => x.reason === "REASON_AGENT_REMOVED");
      return e.length >= onDoomed.length ? e : undefined;
    }, { timeoutMs: 20_000, what: "pod failure events" });
    assert.ok(events.every((e) => e.type === "Warning"));
  } finally {
    await c.close();
  }
});

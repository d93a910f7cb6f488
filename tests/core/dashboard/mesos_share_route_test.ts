/**
 * GET /k8sm/mesos/share over HTTP, from a real mesos-local master where two frameworks run
 * command tasks holding ports: the agent's ports are counted as k8sm's, other frameworks' and
 * offered out of its range, and each framework on the master lists the ports its tasks hold.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../core/mesos/local/local_cluster.ts";
import type { Offer } from "../../../core/mesos/local/mesos_types.ts";
import { masterState } from "../../../core/mesos/local/state_endpoint.ts";
import { declineCall, launchCall } from "../../../core/mesos/scheduler_calls.ts";
import {
  MESOS_SHARE_PATH,
  type MesosShare,
  mesosShareRoute,
} from "../../../core/dashboard/mesos_share.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";
import { TestFramework } from "../../_helpers/mesos_test_framework.ts";

function portTask(offer: Offer, id: string, begin: number, end: number) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: "cpus", type: "SCALAR" as const, scalar: { value: 0.1 } },
      { name: "mem", type: "SCALAR" as const, scalar: { value: 32 } },
      { name: "ports", type: "RANGES" as const, ranges: { range: [{ begin, end }] } },
    ],
    command: { value: "sleep 300" },
  };
}

Deno.test("GET /k8sm/mesos/share counts each agent's ports as k8sm's, other frameworks', offered and free, and each framework's ports", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    resources: "cpus:4;mem:4096;ports:[31000-31099]",
  });
  const k8sm = new TestFramework(cluster.masterUrl, { name: "Kubernetes" });
  let other: TestFramework | undefined;
  let k8smId = "";
  const api = await startTestApiServer("memory", {
    routes: [mesosShareRoute(() => ({ state: masterState(cluster.master), frameworkId: k8smId }))],
  });
  try {
    k8smId = await k8sm.subscribed();
    const [first] = await k8sm.offers();
    await k8sm.client.call(
      launchCall([first.id.value], [portTask(first, "pod-task", 31000, 31009)], 0),
    );
    await k8sm.waitState("pod-task", "TASK_RUNNING");
    // k8sm turns the rest down for a minute, so the other framework is offered it.
    const rest = await k8sm.offers();
    await k8sm.client.call(declineCall(rest.map((o) => o.id.value), 60));
    other = new TestFramework(cluster.masterUrl, { name: "marathon" });
    await other.subscribed();
    const [second] = await other.offers();
    await other.client.call(
      launchCall([second.id.value], [portTask(second, "app-task", 31050, 31054)], 0),
    );
    await other.waitState("app-task", "TASK_RUNNING");

    // The rest of the agent is offered again to the other framework, which holds the offer.
    const share = await waitFor(async () => {
      const res = await api.json(MESOS_SHARE_PATH);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const s = res.body as unknown as MesosShare;
      return s.agents[0]?.offered.ports === 85 ? s : undefined;
    }, { timeoutMs: 15_000, what: "the rest of the agent's ports offered" });
    const [agent] = share.agents;
    assert.deepEqual(
      [agent.total.ports, agent.k8sm.ports, agent.other.ports, agent.offered.ports],
      [100, 10, 5, 85],
    );
    const byName = new Map(share.frameworks.map((f) => [f.name, f]));
    assert.equal(byName.get("Kubernetes")?.k8sm, true);
    assert.equal(byName.get("Kubernetes")?.used.ports, 10);
    assert.equal(byName.get("marathon")?.k8sm, false);
    assert.equal(byName.get("marathon")?.used.ports, 5);
    assert.equal(byName.get("Kubernetes")?.offered.ports, 0);
    assert.equal(byName.get("marathon")?.offered.ports, 85);
  } finally {
    await api.stop();
    await other?.close();
    await k8sm.close();
    await cluster.close();
  }
});

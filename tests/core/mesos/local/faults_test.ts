/**
 * Fault injection: removing an agent (TASK_UNREACHABLE for PARTITION_AWARE frameworks,
 * TASK_LOST otherwise, its offers rescinded, FAILURE without executor id), rescinding offers,
 * and restarting the master while the agents keep their tasks.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { killCall, launchCall, reconcileCall } from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";
import type { Offer } from "../../../../core/mesos/local/mesos_types.ts";

function runTask(offer: Offer, id: string) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [{ name: "cpus", type: "SCALAR" as const, scalar: { value: 0.1 } }],
    executor: testExecutorInfo("e1"),
    data: taskMode("run"),
  };
}

for (const aware of [true, false]) {
  const expected = aware ? "TASK_UNREACHABLE" : "TASK_LOST";
  Deno.test(`removing an agent: ${expected}, RESCIND and FAILURE (${aware ? "" : "not "}partition-aware)`, async () => {
    const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 100 });
    const capabilities = aware ? ["MULTI_ROLE", "PARTITION_AWARE"] : ["MULTI_ROLE"];
    const fw = new TestFramework(cluster.masterUrl, { capabilities });
    try {
      await fw.subscribed();
      const [offer] = await fw.offers();
      const agentId = offer.agent_id.value;
      await fw.client.call(launchCall([offer.id.value], [runTask(offer, "t")], 0));
      await fw.waitState("t", "TASK_RUNNING");
      // The leftover of that agent is offered again: an outstanding offer to rescind.
      const again = await waitFor(() => {
        const o = fw.events.filter((e) => e.type === "OFFERS").flatMap((e) =>
          (e.offers as { offers: Offer[] }).offers
        )
          .filter((o) => o.agent_id.value === agentId && o.id.value !== offer.id.value);
        return o[0];
      }, { what: "a new offer of the same agent" });

      await cluster.removeAgent(agentId);
      const lost = await fw.waitState("t", expected);
      assert.equal(lost.source, "SOURCE_MASTER");
      assert.equal(lost.reason, "REASON_AGENT_REMOVED");
      assert.equal(lost.uuid, undefined);
      if (aware) assert.ok(lost.unreachable_time, "unreachable_time is set");
      const rescind = await fw.waitEvent((e) => e.type === "RESCIND", "RESCIND");
      assert.equal(
        (rescind.rescind as { offer_id: { value: string } }).offer_id.value,
        again.id.value,
      );
      const failure = await fw.waitEvent((e) => e.type === "FAILURE", "FAILURE");
      const f = failure.failure as { agent_id: { value: string }; executor_id?: unknown };
      assert.equal(f.agent_id.value, agentId);
      assert.equal(f.executor_id, undefined);

      const mark = fw.events.length;
      await fw.client.call(reconcileCall([{ taskId: "t", agentId }]));
      const answer = await fw.waitEvent((e) => e.type === "UPDATE", "reconcile answer", 5000, mark);
      assert.equal((answer.update as { status: { state: string } }).status.state, expected);
      const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
      assert.equal(state.slaves.length, 1);
    } finally {
      await fw.close();
      await cluster.close();
    }
  });
}

Deno.test("rescindOffers sends RESCIND for every outstanding offer", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    await fw.subscribed();
    const offers = await fw.offers(2);
    cluster.rescindOffers();
    await waitFor(() => fw.events.filter((e) => e.type === "RESCIND").length >= 2, {
      what: "two RESCINDs",
    });
    const rescinded = fw.events.filter((e) => e.type === "RESCIND").map((e) =>
      (e.rescind as { offer_id: { value: string } }).offer_id.value
    );
    assert.deepEqual(new Set(rescinded), new Set(offers.map((o) => o.id.value)));
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("a restarted master learns the agents' tasks; the framework fails over and keeps them", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { failoverTimeout: 3600 });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [runTask(offer, "t")]));
    await fw.waitState("t", "TASK_RUNNING");
    const oldMaster = cluster.master.masterId;
    const oldStream = fw.client.streamId;

    cluster.restartMaster();
    assert.notEqual(cluster.master.masterId, oldMaster);
    await waitFor(() => fw.events.filter((e) => e.type === "SUBSCRIBED").length === 2, {
      what: "resubscription",
    });
    assert.notEqual(fw.client.streamId, oldStream);
    assert.equal(fw.client.frameworkId, fwId);
    const subs = fw.events.filter((e) => e.type === "SUBSCRIBED");
    assert.equal(
      (subs[1].subscribed!.master_info as { id: string }).id,
      cluster.master.masterId,
    );

    const mark = fw.events.length;
    await fw.client.call(reconcileCall([{ taskId: "t", agentId: offer.agent_id.value }]));
    const answer = await fw.waitEvent((e) => e.type === "UPDATE", "reconcile answer", 5000, mark);
    assert.equal((answer.update as { status: { state: string } }).status.state, "TASK_RUNNING");
    await fw.client.call(killCall("t", offer.agent_id.value));
    await fw.waitState("t", "TASK_KILLED");
    const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.equal(state.id, cluster.master.masterId);
    assert.equal(state.slaves[0].id, offer.agent_id.value, "agents keep their ids");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

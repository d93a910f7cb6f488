/**
 * Acceptance 2 (reconciliation and failover): explicit and implicit RECONCILE answers, a
 * framework reconnecting within failover_timeout keeps its tasks, one that does not loses them
 * and is told "Framework has been removed".
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall, reconcileCall } from "../../../../core/mesos/scheduler_calls.ts";
import { FrameworkRemovedError } from "../../../../core/mesos/scheduler_types.ts";
import type { Offer } from "../../../../core/mesos/local/mesos_types.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

function runTask(offer: Offer, id: string, mode: string) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [{ name: "cpus", type: "SCALAR" as const, scalar: { value: 0.1 } }],
    executor: testExecutorInfo("e1"),
    data: taskMode(mode),
  };
}

Deno.test("reconciliation answers explicit and implicit queries from the master", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, {
    capabilities: ["MULTI_ROLE", "PARTITION_AWARE"],
  });
  try {
    await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(
      launchCall([offer.id.value], [
        runTask(offer, "done", "finish"),
        runTask(offer, "live", "run"),
      ]),
    );
    await fw.waitState("done", "TASK_FINISHED");
    await fw.waitState("live", "TASK_RUNNING");
    await waitFor(
      () =>
        !fw.client.frameworkId ||
        !cluster.master.frameworks.get(fw.client.frameworkId)!.tasks.has("done"),
      {
        what: "the finished task to be acknowledged",
      },
    );

    let mark = fw.events.length;
    await fw.client.call(reconcileCall());
    const implicit = await fw.waitEvent((e) => e.type === "UPDATE", "implicit answer", 5000, mark);
    const liveAnswer = (implicit.update as { status: Record<string, unknown> }).status;
    assert.equal((liveAnswer.task_id as { value: string }).value, "live");
    assert.equal(liveAnswer.state, "TASK_RUNNING");
    assert.equal(liveAnswer.source, "SOURCE_MASTER");
    assert.equal(liveAnswer.reason, "REASON_RECONCILIATION");
    assert.equal(liveAnswer.uuid, undefined, "reconciliation answers carry no uuid");

    mark = fw.events.length;
    const agentId = offer.agent_id.value;
    await fw.client.call(reconcileCall([
      { taskId: "live", agentId },
      { taskId: "never-launched", agentId },
      { taskId: "nowhere" },
      { taskId: "elsewhere", agentId: "no-such-agent" },
    ]));
    await waitFor(() => fw.statusesSince(mark).length >= 4, { what: "four explicit answers" });
    const byTask = new Map(fw.statusesSince(mark).map((s) => [s.task_id.value, s]));
    assert.equal(byTask.get("live")?.state, "TASK_RUNNING");
    assert.equal(byTask.get("never-launched")?.state, "TASK_GONE");
    assert.equal(byTask.get("nowhere")?.state, "TASK_UNKNOWN");
    assert.equal(byTask.get("elsewhere")?.state, "TASK_UNKNOWN");
    for (const s of byTask.values()) {
      assert.equal(s.reason, "REASON_RECONCILIATION");
      assert.equal(s.uuid, undefined);
    }
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("a framework without PARTITION_AWARE hears TASK_LOST for unknown tasks", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    await fw.subscribed();
    const mark = fw.events.length;
    await fw.client.call(reconcileCall([{ taskId: "ghost", agentId: cluster.agents[0].id }]));
    const ev = await fw.waitEvent((e) => e.type === "UPDATE", "answer", 5000, mark);
    assert.equal((ev.update as { status: { state: string } }).status.state, "TASK_LOST");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("reconnecting within failover_timeout keeps the framework's tasks", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { failoverTimeout: 60 });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [runTask(offer, "keep", "run")]));
    await fw.waitState("keep", "TASK_RUNNING");
    const firstStream = fw.client.streamId;
    cluster.dropFrameworkStream(fwId);
    await waitFor(() => fw.events.filter((e) => e.type === "SUBSCRIBED").length === 2, {
      what: "the client to resubscribe",
    });
    assert.notEqual(fw.client.streamId, firstStream, "a new subscription has a new stream id");
    assert.equal(fw.client.frameworkId, fwId, "failover keeps the framework id");
    const mark = fw.events.length;
    await fw.client.call(reconcileCall([{ taskId: "keep", agentId: offer.agent_id.value }]));
    const ev = await fw.waitEvent((e) => e.type === "UPDATE", "answer", 5000, mark);
    assert.equal((ev.update as { status: { state: string } }).status.state, "TASK_RUNNING");
    assert.ok(cluster.agents[0].run(fwId, "e1"), "the executor still runs");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("a framework gone longer than failover_timeout loses its tasks and is removed", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { failoverTimeout: 0.3 });
  let again: TestFramework | undefined;
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [runTask(offer, "doomed", "run")]));
    await fw.waitState("doomed", "TASK_RUNNING");
    await fw.close();
    await waitFor(() => cluster.master.removedFrameworks.has(fwId), {
      what: "the failover timeout to remove the framework",
    });
    await waitFor(() => cluster.agents[0].run(fwId, "e1") === undefined, {
      what: "the framework's executor to be shut down",
      timeoutMs: 15_000,
    });
    const removed = cluster.master.removedFrameworks.get(fwId)!;
    assert.equal(
      removed.completedTasks.find((t) => t.info.task_id.value === "doomed")?.state,
      "TASK_KILLED",
    );

    again = new TestFramework(cluster.masterUrl, { frameworkId: fwId, failoverTimeout: 60 });
    const failure = await waitFor(() => again!.failure, { what: "the subscription to be refused" });
    assert.ok(failure instanceof FrameworkRemovedError, String(failure));
    assert.match(failure.message, /Framework has been removed/);
  } finally {
    await again?.close();
    await cluster.close();
  }
});

/**
 * Acceptance 2 (reliability): an update the framework does not acknowledge is retried and the
 * next update of the task waits behind it; acknowledging releases them in order.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall } from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

Deno.test("unacknowledged update is retried and the next one waits for its acknowledgement", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    statusUpdateRetry: { initialMs: 150, maxMs: 300 },
  });
  const fw = new TestFramework(cluster.masterUrl, { autoAck: false });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [{
      name: "t1",
      task_id: { value: "t1" },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      executor: testExecutorInfo("e1"),
      data: taskMode("finish"),
    }]));
    // The executor reports all three states; the agent holds RUNNING and FINISHED back.
    const agent = cluster.agents[0];
    await waitFor(() => agent.run(fwId, "e1")?.tasks.get("t1")?.state === "TASK_FINISHED", {
      what: "the executor to report TASK_FINISHED to the agent",
      timeoutMs: 20_000,
    });
    await waitFor(() => fw.updates("t1").length >= 3, { what: "two retries of STARTING" });
    const seen = fw.updates("t1");
    assert.ok(
      seen.every((s) => s.state === "TASK_STARTING"),
      `only STARTING: ${seen.map((s) => s.state)}`,
    );
    assert.equal(new Set(seen.map((s) => s.uuid)).size, 1, "a retry resends the same update");

    // The master already knows the latest state (as Mesos' latest_state).
    const masterTask = cluster.master.frameworks.get(fwId)!.tasks.get("t1")!;
    assert.equal(masterTask.state, "TASK_FINISHED");

    await fw.ack(seen[0]);
    const running = await fw.waitState("t1", "TASK_RUNNING");
    assert.ok(
      !fw.updates("t1").some((s) => s.state === "TASK_FINISHED"),
      "FINISHED waits for RUNNING's ack",
    );
    await fw.ack(running);
    const finished = await fw.waitState("t1", "TASK_FINISHED");
    await fw.ack(finished);
    await waitFor(() => !cluster.master.frameworks.get(fwId)!.tasks.has("t1"), {
      what: "the master to forget the task once its terminal update is acknowledged",
    });
    assert.equal(cluster.master.frameworks.get(fwId)!.completedTasks[0].info.task_id.value, "t1");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

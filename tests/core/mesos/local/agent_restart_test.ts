/**
 * An agent restart as executors see it: their streams drop and the API is briefly down;
 * executors of checkpointing frameworks re-subscribe and keep their tasks, executors that do
 * not come back are destroyed (REASON_EXECUTOR_REREGISTRATION_TIMEOUT).
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { killCall, launchCall } from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

Deno.test("executors re-subscribe after an agent restart and keep their tasks", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { failoverTimeout: 60 });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [{
      name: "t",
      task_id: { value: "t" },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      executor: testExecutorInfo("e1"),
      data: taskMode("run"),
    }]));
    await fw.waitState("t", "TASK_RUNNING");
    const agent = cluster.agents[0];
    const run = agent.run(fwId, "e1")!;
    const pid = run.process!.pid;
    const firstStream = run.stream;

    await cluster.restartAgent(agent.id, 100);
    await waitFor(() => run.subscribed && run.stream !== firstStream, {
      what: "the executor to re-subscribe",
      timeoutMs: 15_000,
    });
    assert.equal(run.process!.pid, pid, "the same executor process");
    await fw.client.call(killCall("t", offer.agent_id.value));
    await fw.waitState("t", "TASK_KILLED");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("an executor that does not re-subscribe after an agent restart is destroyed", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    executorReregistrationTimeoutMs: 300,
  });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [{
      name: "t",
      task_id: { value: "t" },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      executor: { executor_id: { value: "mute" }, command: { value: "sleep 60" } },
    }]));
    // The test subscribes for the (silent) executor once, then never again.
    const agent = cluster.agents[0];
    const api = `http://${agent.endpoint}/api/v1/executor`;
    const stream = await subscribeRaw(api, {
      framework_id: { value: fwId },
      executor_id: { value: "mute" },
      type: "SUBSCRIBE",
      subscribe: {},
    });
    try {
      await stream.next("LAUNCH");
      await cluster.restartAgent(agent.id, 50);
      await waitFor(() => stream.ended, { what: "the executor stream to drop" });
      const failed = await fw.waitState("t", "TASK_FAILED");
      assert.equal(failed.reason, "REASON_EXECUTOR_REREGISTRATION_TIMEOUT");
      await fw.waitEvent((e) => e.type === "FAILURE", "FAILURE");
    } finally {
      await stream.close();
    }
  } finally {
    await fw.close();
    await cluster.close();
  }
});

/**
 * Acceptance 4: an executor killed with SIGKILL — its tasks become TASK_FAILED
 * (REASON_EXECUTOR_TERMINATED) and the framework gets FAILURE; other executors are untouched.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall, reconcileCall } from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

Deno.test("SIGKILLed executor: its tasks fail, FAILURE is sent, nothing else is disturbed", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    const task = (id: string, executor: string) => ({
      name: id,
      task_id: { value: id },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR" as const, scalar: { value: 0.1 } }],
      executor: testExecutorInfo(executor),
      data: taskMode("run"),
    });
    await fw.client.call(
      launchCall([offer.id.value], [task("victim", "e1"), task("bystander", "e2")]),
    );
    await fw.waitState("victim", "TASK_RUNNING");
    await fw.waitState("bystander", "TASK_RUNNING");
    const agent = cluster.agents[0];
    const victimPid = agent.run(fwId, "e1")!.process!.pid;
    const bystanderRun = agent.run(fwId, "e2")!;

    Deno.kill(victimPid, "SIGKILL");
    const failed = await fw.waitState("victim", "TASK_FAILED");
    assert.equal(failed.reason, "REASON_EXECUTOR_TERMINATED");
    assert.equal(failed.source, "SOURCE_AGENT");
    assert.ok(failed.uuid, "agent-generated updates are reliable");
    const failure = await fw.waitEvent((e) => e.type === "FAILURE", "FAILURE");
    const f = failure.failure as {
      agent_id: { value: string };
      executor_id: { value: string };
      status: number;
    };
    assert.equal(f.executor_id.value, "e1");
    assert.equal(f.agent_id.value, offer.agent_id.value);
    assert.equal(f.status, 9, "wait status of a SIGKILLed process");

    // The other executor and its task are untouched.
    assert.equal(agent.run(fwId, "e2"), bystanderRun);
    assert.equal(bystanderRun.state, "RUNNING");
    assert.deepEqual(fw.updates("bystander").map((s) => s.state), [
      "TASK_STARTING",
      "TASK_RUNNING",
    ]);
    const mark = fw.events.length;
    await fw.client.call(reconcileCall([{ taskId: "bystander", agentId: offer.agent_id.value }]));
    const answer = await fw.waitEvent((e) => e.type === "UPDATE", "reconcile answer", 5000, mark);
    assert.equal((answer.update as { status: { state: string } }).status.state, "TASK_RUNNING");
    const masterFw = cluster.master.frameworks.get(fwId)!;
    await waitFor(() => !masterFw.executor(offer.agent_id.value, "e1"), { what: "e1 forgotten" });
    assert.ok(masterFw.executor(offer.agent_id.value, "e2"));
  } finally {
    await fw.close();
    await cluster.close();
  }
});

/**
 * Acceptance 2 (happy path): a framework on our scheduler client, over protobuf and over JSON,
 * gets offers, launches a task on the test executor (our executor client, started by the
 * agent as a child process) and sees STARTING → RUNNING → FINISHED in order.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall } from "../../../../core/mesos/scheduler_calls.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

for (const json of [false, true]) {
  const wire = json ? "JSON" : "protobuf";
  Deno.test(`launch over ${wire}: offers, STARTING → RUNNING → FINISHED in order`, async () => {
    const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 100 });
    const fw = new TestFramework(cluster.masterUrl, { json });
    try {
      const fwId = await fw.subscribed();
      assert.match(fwId, new RegExp(`^${cluster.master.masterId}-\\d{4}$`));
      const [offer] = await fw.offers();
      assert.equal(offer.framework_id.value, fwId);
      assert.ok(offer.resources.some((r) => r.name === "cpus"));
      assert.equal(offer.allocation_info?.role, "*");
      await fw.client.call(launchCall([offer.id.value], [{
        name: "t1",
        task_id: { value: "t1" },
        agent_id: offer.agent_id,
        resources: [
          { name: "cpus", type: "SCALAR", scalar: { value: 0.1 }, allocation_info: { role: "*" } },
          { name: "mem", type: "SCALAR", scalar: { value: 32 }, allocation_info: { role: "*" } },
        ],
        executor: testExecutorInfo("e1", json),
        data: taskMode("finish"),
      }]));
      await fw.waitState("t1", "TASK_FINISHED");
      const states = fw.updates("t1").map((s) => s.state);
      assert.deepEqual(states, ["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]);
      for (const s of fw.updates("t1")) {
        assert.equal(s.source, "SOURCE_EXECUTOR");
        assert.equal(s.agent_id?.value, offer.agent_id.value);
        assert.equal(s.executor_id?.value, "e1");
        assert.ok(s.uuid, "executor updates are reliable and carry a uuid");
      }
    } finally {
      await fw.close();
      await cluster.close();
    }
  });
}

/**
 * The master's operator API: MARK_AGENT_GONE over real HTTP kills an agent from outside —
 * its tasks become TASK_GONE_BY_OPERATOR (REASON_AGENT_REMOVED_BY_OPERATOR), its executor
 * process dies, the master forgets the agent; the call is idempotent, 404 for an unknown agent,
 * 501 for calls mesos-local does not serve, and needs credentials under read-write
 * authentication.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall } from "../../../../core/mesos/scheduler_calls.ts";
import { processAlive } from "../../../../core/mesos/local/executor_process.ts";
import { basicAuthorization } from "../../../../core/mesos/master_url.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { post } from "../../../_helpers/raw_mesos_stream.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

const JSON_HEADERS = { "Content-Type": "application/json" };
const goneCall = (id: string) => ({
  type: "MARK_AGENT_GONE",
  mark_agent_gone: { agent_id: { value: id } },
});

Deno.test("MARK_AGENT_GONE kills the agent's executors and its tasks become TASK_GONE_BY_OPERATOR", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, {
    capabilities: ["MULTI_ROLE", "PARTITION_AWARE"],
  });
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
    const agentId = offer.agent_id.value;
    const pid = cluster.agents[0].run(fwId, "e1")!.process!.pid;

    const url = `${cluster.masterUrl}/api/v1`;
    const res = await post(url, goneCall(agentId), JSON_HEADERS);
    assert.equal(res.status, 200, res.text);
    const gone = await fw.waitState("t", "TASK_GONE_BY_OPERATOR");
    assert.equal(gone.reason, "REASON_AGENT_REMOVED_BY_OPERATOR");
    await waitFor(() => !processAlive(pid), { what: "the executor process to be killed" });
    assert.equal(cluster.master.agents.has(agentId), false, "the master forgot the agent");
    assert.deepEqual(cluster.agents, [], "the agent is stopped");

    assert.equal((await post(url, goneCall(agentId), JSON_HEADERS)).status, 200, "idempotent");
    assert.equal((await post(url, goneCall("nope"), JSON_HEADERS)).status, 404);
    const agents = await post(url, { type: "GET_AGENTS" }, JSON_HEADERS);
    assert.equal(agents.status, 200, agents.text);
    assert.deepEqual(JSON.parse(agents.text).get_agents.agents, []);
    const other = await post(url, { type: "GET_QUOTA" }, JSON_HEADERS);
    assert.equal(other.status, 501);
    assert.match(other.text, /GET_QUOTA/);
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("MARK_AGENT_GONE needs credentials under read-write authentication", async () => {
  const credentials = [{ principal: "ops", secret: "0ps" }];
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    authentication: { credentials, httpReadwrite: true },
  });
  try {
    const agentId = cluster.agents[0].id;
    const url = `${cluster.masterUrl}/api/v1`;
    const denied = await post(url, goneCall(agentId), JSON_HEADERS);
    assert.equal(denied.status, 401);
    assert.ok(cluster.master.agents.has(agentId), "a refused call leaves the agent");
    const auth = { Authorization: basicAuthorization(credentials[0]) };
    const done = await post(url, goneCall(agentId), { ...JSON_HEADERS, ...auth });
    assert.equal(done.status, 200, done.text);
    assert.equal(cluster.master.agents.has(agentId), false);
  } finally {
    await cluster.close();
  }
});

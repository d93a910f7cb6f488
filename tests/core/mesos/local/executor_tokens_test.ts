/**
 * Executor authentication of mesos-local agents (`--authenticate-http-executors`): a real
 * executor subscribes with the token it finds in MESOS_EXECUTOR_AUTHENTICATION_TOKEN and runs
 * its task; over raw HTTP a missing or forged token is 401 with a Bearer challenge, and one
 * executor's token used for another executor is 403. Neither the token nor task data shows in
 * /state or in the executor's argv.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall, type TaskInfoSpec } from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { post, subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

const JSON_CT = { "Content-Type": "application/json", Accept: "application/json" };
const SECRET_DATA = btoa("pod-json-with-a-secret-inside");

/** An executor that writes its token into `token` in its sandbox and sleeps. */
function tokenDumper(id: string) {
  return {
    executor_id: { value: id },
    command: {
      value: 'printf %s "$MESOS_EXECUTOR_AUTHENTICATION_TOKEN" > token; exec sleep 60',
    },
  };
}

Deno.test("executors authenticate with their own bearer token only", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    executorShutdownGraceSeconds: 0.2,
    authentication: { credentials: [], executors: true },
  });
  const fw = new TestFramework(cluster.masterUrl);
  const agentUrl = `http://${cluster.agents[0].endpoint}`;
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    const task = (id: string, executor: object, data: string): TaskInfoSpec => ({
      name: id,
      task_id: { value: id },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      executor: { ...executor },
      data,
    });
    await fw.client.call(launchCall([offer.id.value], [
      task("real", testExecutorInfo("real"), taskMode("finish")),
      task("ta", tokenDumper("a"), SECRET_DATA),
      task("tb", tokenDumper("b"), SECRET_DATA),
    ]));
    // The real executor (ExecutorClient) read its token from the environment and was accepted.
    await fw.waitState("real", "TASK_FINISHED");

    const state = async () => (await fetch(`${agentUrl}/state`)).json();
    const execA = await waitFor(async () => {
      const s = await state();
      return s.executors.find((e: { id: string }) => e.id === "a");
    }, { what: "executor a in the agent's /state" });
    const token = await waitFor(
      () =>
        Deno.readTextFile(`${execA.directory}/token`).then((t) => t || undefined, () => undefined),
      { what: "executor a to write its token" },
    );
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, "a JWT");

    const api = `${agentUrl}/api/v1/executor`;
    const call = (executor: string) => ({
      framework_id: { value: fwId },
      executor_id: { value: executor },
      type: "SUBSCRIBE",
      subscribe: {},
    });
    const missing = await fetch(api, {
      method: "POST",
      headers: JSON_CT,
      body: JSON.stringify(call("a")),
    });
    await missing.body?.cancel();
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="mesos-agent-executor"');

    const forged = await fetch(api, {
      method: "POST",
      headers: { ...JSON_CT, Authorization: `Bearer ${token.slice(0, -4)}AAAA` },
      body: JSON.stringify(call("a")),
    });
    await forged.body?.cancel();
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get("www-authenticate") ?? "", /error="invalid_token"/);

    const bearer = { Authorization: `Bearer ${token}` };
    const other = await post(api, call("b"), { ...JSON_CT, ...bearer });
    assert.equal(other.status, 403, other.text);
    const heartbeatAsB = await post(api, { ...call("b"), type: "HEARTBEAT" }, {
      ...JSON_CT,
      ...bearer,
    });
    assert.equal(heartbeatAsB.status, 403);

    const own = await subscribeRaw(api, call("a"), bearer);
    try {
      const subscribed = await own.next("SUBSCRIBED");
      assert.ok(subscribed.subscribed, "executor a subscribed with its own token");
    } finally {
      await own.close();
    }

    // Neither the token nor task data leaks through /state or the executor's command line.
    const masterState = await (await fetch(`${cluster.masterUrl}/state`)).text();
    const agentState = JSON.stringify(await state());
    for (const text of [masterState, agentState]) {
      assert.ok(!text.includes(token), "no token in /state");
      assert.ok(!text.includes(SECRET_DATA), "no task data in /state");
    }
    const cmdline = await Deno.readTextFile(`/proc/${execA.pid}/cmdline`).catch(() => "");
    assert.ok(!cmdline.includes(token), "no token in argv");
  } finally {
    await fw.close();
    await cluster.close();
  }
});

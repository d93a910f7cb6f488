/**
 * The agent's executor API over raw HTTP: 403 before SUBSCRIBE, 400 for unknown executors and
 * for updates without a 16-byte uuid, with the wrong source or TASK_STAGING, 415 for a wrong
 * Content-Type; SUBSCRIBED then the queued LAUNCH; ACKNOWLEDGED once an update is recorded.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { launchCall, shutdownCall } from "../../../../core/mesos/scheduler_calls.ts";
import { uuidBase64 } from "../../../../core/mesos/local/ids.ts";
import { post, subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";
import { TestFramework } from "../../../_helpers/mesos_test_framework.ts";

const JSON_CT = { "Content-Type": "application/json" };

Deno.test("executor API: subscription, update validation and ACKNOWLEDGED", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    executorHeartbeatMs: 100,
    executorShutdownGraceSeconds: 0.2,
  });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    // An executor process that never subscribes: the test speaks for it.
    await fw.client.call(launchCall([offer.id.value], [{
      name: "t1",
      task_id: { value: "t1" },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      executor: { executor_id: { value: "silent" }, command: { value: "sleep 60" } },
    }]));
    const api = `http://${cluster.agents[0].endpoint}/api/v1/executor`;
    const ids = { framework_id: { value: fwId }, executor_id: { value: "silent" } };
    const status = (extra: Record<string, unknown>) => ({
      ...ids,
      type: "UPDATE",
      update: {
        status: {
          task_id: { value: "t1" },
          state: "TASK_RUNNING",
          source: "SOURCE_EXECUTOR",
          uuid: uuidBase64(),
          ...extra,
        },
      },
    });

    const early = await post(api, status({}), JSON_CT);
    assert.equal(early.status, 403, early.text);
    const heartbeat = await post(api, { ...ids, type: "HEARTBEAT" }, JSON_CT);
    assert.equal(heartbeat.status, 202);
    const unknown = await post(api, {
      ...ids,
      executor_id: { value: "nope" },
      type: "SUBSCRIBE",
      subscribe: {},
    }, JSON_CT);
    assert.equal(unknown.status, 400, unknown.text);

    const stream = await subscribeRaw(api, { ...ids, type: "SUBSCRIBE", subscribe: {} });
    try {
      const subscribed = await stream.next("SUBSCRIBED");
      const info = subscribed.subscribed as {
        agent_info: { id: { value: string } };
        executor_info: { executor_id: { value: string } };
      };
      assert.equal(info.agent_info.id.value, offer.agent_id.value);
      assert.equal(info.executor_info.executor_id.value, "silent");
      const launch = await stream.next("LAUNCH");
      assert.equal(
        (launch.launch as { task: { task_id: { value: string } } }).task.task_id.value,
        "t1",
      );

      const noUuid = status({});
      delete (noUuid.update.status as Record<string, unknown>).uuid;
      assert.equal((await post(api, noUuid, JSON_CT)).status, 400);
      const textUuid = status({ uuid: btoa(crypto.randomUUID()) });
      assert.equal(
        (await post(api, textUuid, JSON_CT)).status,
        400,
        "a 36-byte text uuid is refused",
      );
      assert.equal((await post(api, status({ source: "SOURCE_MASTER" }), JSON_CT)).status, 400);
      assert.equal((await post(api, status({ state: "TASK_STAGING" }), JSON_CT)).status, 400);
      assert.equal(
        (await post(api, status({}), { "Content-Type": "application/json; charset=utf-8" })).status,
        415,
      );
      const wrongTask = await post(api, status({ task_id: { value: "other" } }), JSON_CT);
      assert.equal(wrongTask.status, 400);

      const good = status({});
      assert.equal((await post(api, good, JSON_CT)).status, 202);
      const ack = await stream.next("ACKNOWLEDGED");
      const acked = ack.acknowledged as { task_id: { value: string }; uuid: string };
      assert.equal(acked.task_id.value, "t1");
      assert.equal(acked.uuid, good.update.status.uuid);
      const running = await fw.waitState("t1", "TASK_RUNNING");
      assert.equal(running.uuid, good.update.status.uuid);
      assert.equal(running.agent_id?.value, offer.agent_id.value);
      assert.equal(running.executor_id?.value, "silent");
      await stream.next("HEARTBEAT");

      // SHUTDOWN reaches the executor; one that does not exit is destroyed after the grace
      // period and its unfinished task is lost.
      await fw.client.call(shutdownCall("silent", offer.agent_id.value));
      await stream.next("SHUTDOWN");
      const lost = await fw.waitState("t1", "TASK_LOST");
      assert.equal(lost.source, "SOURCE_AGENT");
      assert.equal(lost.reason, "REASON_EXECUTOR_TERMINATED");
    } finally {
      await stream.close();
    }
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("an executor that never subscribes, or cannot start, fails its tasks", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    allocationIntervalMs: 100,
    executorRegistrationTimeoutMs: 300,
  });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    await fw.subscribed();
    const [offer] = await fw.offers();
    const task = (id: string, command: Record<string, unknown>) => ({
      name: id,
      task_id: { value: id },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR" as const, scalar: { value: 0.1 } }],
      executor: { executor_id: { value: `e-${id}` }, command },
    });
    await fw.client.call(launchCall([offer.id.value], [
      task("mute", { value: "sleep 60" }),
      task("missing", { shell: false, value: "/nonexistent/executor", arguments: ["executor"] }),
    ]));
    const timedOut = await fw.waitState("mute", "TASK_FAILED");
    assert.equal(timedOut.reason, "REASON_EXECUTOR_REGISTRATION_TIMEOUT");
    const failed = await fw.waitState("missing", "TASK_FAILED");
    assert.equal(failed.reason, "REASON_CONTAINER_LAUNCH_FAILED");
    assert.match(String(failed.message), /nonexistent/);
    await fw.waitEvent(
      (e) =>
        e.type === "FAILURE" &&
        (e.failure as { executor_id?: { value: string } }).executor_id?.value === "e-mute",
      "FAILURE of the mute executor",
    );
  } finally {
    await fw.close();
    await cluster.close();
  }
});

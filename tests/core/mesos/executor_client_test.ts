import assert from "node:assert/strict";
import {
  AgentDisconnectedError,
  base64ToBytes,
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  ExecutorClient,
  type ExecutorEnv,
  type ExecutorEvent,
  MesosCallError,
  type MesosContentType,
  readExecutorEnv,
} from "../../../core/mesos/mod.ts";
import { waitFor } from "../../../core/util/mod.ts";
import { type EventStream, ScriptedServer } from "./scripted_server.ts";

const CALL = "mesos.v1.executor.Call";
const EVENT = "mesos.v1.executor.Event";
const FID = "fw-0000";
const EID = "executor-3b1f";
const TASK = { name: "pod", task_id: { value: "pod.1" }, agent_id: { value: "S0" } };
const SUBSCRIBED = {
  type: "SUBSCRIBED",
  subscribed: {
    executor_info: { executor_id: { value: EID }, command: { value: "k8sm" } },
    framework_info: { user: "root", name: "Kubernetes", id: { value: FID }, checkpoint: true },
    agent_info: { hostname: "node-a", id: { value: "S0" } },
    container_id: { value: "c1" },
  },
};

function env(server: ScriptedServer, extra: Record<string, string> = {}): ExecutorEnv {
  return readExecutorEnv({
    MESOS_FRAMEWORK_ID: FID,
    MESOS_EXECUTOR_ID: EID,
    MESOS_AGENT_ENDPOINT: server.address,
    MESOS_SUBSCRIPTION_BACKOFF_MAX: "10ms",
    ...extra,
  });
}

/** An agent that streams on SUBSCRIBE (via `onSubscribe`) and answers 202 to other calls. */
function agent(ct: MesosContentType, onSubscribe: (s: EventStream, n: number) => void) {
  let n = 0;
  return new ScriptedServer(CALL, EVENT, (req, server) => {
    if (req.call?.type !== "SUBSCRIBE") return new Response(null, { status: 202 });
    const s = server.openStream(ct);
    onSubscribe(s, ++n);
    return s.response;
  });
}

async function next(it: AsyncIterator<ExecutorEvent>): Promise<ExecutorEvent> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value;
}

for (const ct of [CONTENT_TYPE_PROTOBUF, CONTENT_TYPE_JSON] as const) {
  Deno.test(`executor over ${ct}: updates carry a v4 uuid and are re-sent until ACKNOWLEDGED`, async () => {
    const server = agent(ct, (s, n) => {
      s.send(SUBSCRIBED);
      if (n === 1) s.send({ type: "LAUNCH", launch: { task: TASK } });
    });
    const client = new ExecutorClient({
      env: env(server, { MESOS_CHECKPOINT: "1" }),
      contentType: ct === CONTENT_TYPE_JSON ? ct : undefined,
    });
    try {
      const it = client.events[Symbol.asyncIterator]();
      assert.deepEqual(await next(it), SUBSCRIBED);
      assert.deepEqual(await next(it), { type: "LAUNCH", launch: { task: TASK } });
      const first = server.calls("SUBSCRIBE")[0];
      assert.equal(first.path, "/api/v1/executor");
      assert.equal(first.headers.get("content-type"), ct);
      assert.equal(first.headers.get("accept"), ct);
      assert.equal(first.headers.get("mesos-stream-id"), null);
      assert.deepEqual(first.call, {
        executor_id: { value: EID },
        framework_id: { value: FID },
        type: "SUBSCRIBE",
        subscribe: {},
      });

      const uuid = await client.update({ task_id: TASK.task_id, state: "TASK_RUNNING" });
      const sent = (await server.waitForCall("UPDATE")).call as {
        update: { status: Record<string, unknown> };
      };
      const status = sent.update.status;
      assert.equal(status.uuid, uuid);
      const bytes = base64ToBytes(uuid);
      assert.equal(bytes.length, 16);
      assert.equal(bytes[6] >> 4, 4, "version nibble 4");
      assert.equal(bytes[8] >> 6, 2, "RFC-4122 variant");
      assert.equal(status.source, "SOURCE_EXECUTOR");
      assert.equal(status.state, "TASK_RUNNING");
      assert.deepEqual(status.executor_id, { value: EID });
      assert.deepEqual(status.agent_id, { value: "S0" });
      assert.equal(typeof status.timestamp, "number");
      const second = await client.update({ task_id: TASK.task_id, state: "TASK_FINISHED" });
      assert.notEqual(second, uuid);
      assert.equal(client.unacknowledgedUpdates.length, 2);

      // The agent restarts: the stream ends, the executor (checkpointing) re-subscribes.
      server.streams[0].close();
      assert.equal((await next(it)).type, "DISCONNECTED");
      assert.deepEqual(await next(it), SUBSCRIBED);
      const again = server.calls("SUBSCRIBE")[1].call as {
        subscribe: { unacknowledged_tasks: unknown[]; unacknowledged_updates: unknown[] };
      };
      assert.deepEqual(again.subscribe.unacknowledged_tasks, [TASK]);
      assert.deepEqual(
        again.subscribe.unacknowledged_updates,
        client.unacknowledgedUpdates.map((u) => JSON.parse(JSON.stringify(u))),
      );
      assert.deepEqual(
        again.subscribe.unacknowledged_updates.map((u) =>
          (u as { status: { uuid: string } }).status.uuid
        ),
        [uuid, second],
      );

      const stream = server.streams[1];
      stream.send({ type: "ACKNOWLEDGED", acknowledged: { task_id: TASK.task_id, uuid } });
      assert.equal((await next(it)).type, "ACKNOWLEDGED");
      assert.equal(client.unacknowledgedTasks.length, 0);
      assert.equal(client.unacknowledgedUpdates.length, 1);
      stream.send({ type: "ACKNOWLEDGED", acknowledged: { task_id: TASK.task_id, uuid: second } });
      assert.equal(await client.drain(10_000), true);
    } finally {
      await client.close();
      await server.close();
    }
  });
}

Deno.test("without checkpointing, losing the agent ends the executor", async () => {
  const server = agent(CONTENT_TYPE_PROTOBUF, (s) => {
    s.send(SUBSCRIBED);
    s.close();
  });
  const client = new ExecutorClient({ env: env(server) });
  try {
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of client.events) seen.push(e.type);
    })().catch((e) => e);
    assert.deepEqual(seen, ["SUBSCRIBED", "DISCONNECTED"]);
    assert.ok(err instanceof AgentDisconnectedError);
    assert.match(err.message, /MESOS_CHECKPOINT/);
    assert.equal(server.calls("SUBSCRIBE").length, 1);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("a checkpointing executor gives up after MESOS_RECOVERY_TIMEOUT", async () => {
  const server = new ScriptedServer(
    CALL,
    EVENT,
    () => new Response("Agent has not finished recovery", { status: 503 }),
  );
  const client = new ExecutorClient({
    env: env(server, { MESOS_CHECKPOINT: "1", MESOS_RECOVERY_TIMEOUT: "50ms" }),
  });
  try {
    const err = await client.events.next().catch((e) => e);
    assert.ok(err instanceof AgentDisconnectedError);
    assert.match(err.message, /MESOS_RECOVERY_TIMEOUT/);
    assert.ok(server.calls("SUBSCRIBE").length >= 2, "retried before giving up");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("SHUTDOWN is delivered with the grace period and stops reconnection", async () => {
  const server = agent(CONTENT_TYPE_PROTOBUF, (s) => {
    s.send(SUBSCRIBED);
    s.send({ type: "SHUTDOWN" });
    s.close();
  });
  const client = new ExecutorClient({
    env: env(server, { MESOS_CHECKPOINT: "1", MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "3secs" }),
  });
  try {
    const seen: string[] = [];
    for await (const e of client.events) seen.push(e.type);
    assert.deepEqual(seen, ["SUBSCRIBED", "SHUTDOWN"]);
    assert.equal(client.shutdownGracePeriodMs, 3000);
    assert.equal(typeof client.shutdownDeadline, "number");
    assert.equal(server.calls("SUBSCRIBE").length, 1);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("refused updates reject and are dropped; TASK_STAGING is never sent", async () => {
  const server = agent(CONTENT_TYPE_PROTOBUF, (s) => s.send(SUBSCRIBED));
  const client = new ExecutorClient({ env: env(server) });
  try {
    await client.events.next();
    await waitFor(() => client.subscribed, { what: "subscribed" });
    server.script = () => new Response("Received invalid status update", { status: 400 });
    const err = await client.update({ task_id: TASK.task_id, state: "TASK_RUNNING" }).catch((e) =>
      e
    );
    assert.ok(err instanceof MesosCallError);
    assert.equal(err.status, 400);
    assert.equal(client.unacknowledgedUpdates.length, 0);
    await assert.rejects(
      client.update({ task_id: TASK.task_id, state: "TASK_STAGING" }),
      /must not send TASK_STAGING/,
    );
    assert.equal(server.calls("UPDATE").length, 1);
  } finally {
    await client.close();
    await server.close();
  }
});

/** Reconnection, failover, redirects and fatal removal of the scheduler client. */
import assert from "node:assert/strict";
import {
  CONTENT_TYPE_PROTOBUF,
  FrameworkRemovedError,
  MesosCallError,
  SchedulerClient,
} from "../../../core/mesos/mod.ts";
import { waitFor } from "../../../core/util/mod.ts";
import { ScriptedServer } from "./scripted_server.ts";
import { CALL, EVENT, FID, INFO, master, next, subscribed } from "./scheduler_fixtures.ts";

Deno.test("silence beyond the heartbeat timeout resubscribes as a failover", async () => {
  // First stream: SUBSCRIBED with a 20 ms heartbeat, then nothing. Second: normal.
  const server = master(CONTENT_TYPE_PROTOBUF, (s, n) => s.send(subscribed(n === 1 ? 0.02 : 15)));
  const client = new SchedulerClient({
    master: server.address,
    frameworkInfo: INFO,
    heartbeatTimeoutFactor: 2,
    backoffInitialMs: 5,
  });
  try {
    const it = client.events[Symbol.asyncIterator]();
    assert.equal((await next(it)).type, "SUBSCRIBED");
    assert.equal((await next(it)).type, "DISCONNECTED");
    assert.equal((await next(it)).type, "SUBSCRIBED");
    const again = server.calls("SUBSCRIBE")[1];
    assert.deepEqual(again.call, {
      framework_id: { value: FID },
      type: "SUBSCRIBE",
      subscribe: { framework_info: { ...INFO, id: { value: FID } } },
    });
    await waitFor(() => server.streams[0].closed, { what: "first stream dropped by the client" });
    await client.call({ type: "SUPPRESS" });
    assert.equal((await server.waitForCall("SUPPRESS")).headers.get("mesos-stream-id"), "stream-2");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("a saved framework id subscribes as failover; stream EOF and ERROR resubscribe", async () => {
  const server = master(CONTENT_TYPE_PROTOBUF, (s, n) => {
    s.send(subscribed());
    if (n === 1) s.close();
    if (n === 2) s.send({ type: "ERROR", error: { message: "Framework failed over" } });
  });
  const client = new SchedulerClient({
    master: server.address,
    frameworkInfo: INFO,
    frameworkId: FID,
    backoffInitialMs: 5,
  });
  try {
    const types: string[] = [];
    for await (const e of client.events) {
      types.push(e.type);
      if (types.length === 6) break;
    }
    assert.deepEqual(types, [
      "SUBSCRIBED",
      "DISCONNECTED",
      "SUBSCRIBED",
      "ERROR",
      "DISCONNECTED",
      "SUBSCRIBED",
    ]);
    for (const sub of server.calls("SUBSCRIBE")) {
      assert.deepEqual(sub.call?.framework_id, { value: FID });
    }
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ERROR 'Framework has been removed' is fatal and clears the framework id", async () => {
  const server = master(CONTENT_TYPE_PROTOBUF, (s) => {
    s.send({ type: "ERROR", error: { message: "Framework has been removed" } });
  });
  const ids: (string | undefined)[] = [];
  const client = new SchedulerClient({
    master: server.address,
    frameworkInfo: INFO,
    frameworkId: FID,
    onFrameworkId: (id) => void ids.push(id),
  });
  try {
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of client.events) seen.push(e.error?.message ?? e.type);
    })().catch((e) => e);
    assert.deepEqual(seen, ["Framework has been removed"]);
    assert.ok(err instanceof FrameworkRemovedError);
    assert.equal(err.frameworkId, FID);
    assert.deepEqual(ids, [undefined]);
    assert.equal(client.frameworkId, undefined);
    assert.equal(server.calls("SUBSCRIBE").length, 1);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("503 on SUBSCRIBE (no leader yet) is retried with backoff", async () => {
  let n = 0;
  const server = new ScriptedServer(CALL, EVENT, (_req, s) => {
    if (++n === 1) return new Response("No leader elected", { status: 503 });
    const stream = s.openStream(CONTENT_TYPE_PROTOBUF, { "Mesos-Stream-Id": "x" });
    stream.send(subscribed());
    return stream.response;
  });
  const client = new SchedulerClient({
    master: server.address,
    frameworkInfo: INFO,
    backoffInitialMs: 5,
  });
  try {
    assert.equal((await client.events.next()).value?.type, "SUBSCRIBED");
    assert.equal(server.calls("SUBSCRIBE").length, 2);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("a call answered 307 moves to the new leader and resubscribes there", async () => {
  const leader = master(CONTENT_TYPE_PROTOBUF, (s) => s.send(subscribed()));
  const old = master(CONTENT_TYPE_PROTOBUF, (s) => s.send(subscribed()));
  const client = new SchedulerClient({
    master: old.address,
    frameworkInfo: INFO,
    backoffInitialMs: 5,
  });
  try {
    const it = client.events[Symbol.asyncIterator]();
    assert.equal((await next(it)).type, "SUBSCRIBED");
    old.script = () =>
      new Response(null, {
        status: 307,
        headers: { Location: `//${leader.address}/api/v1/scheduler` },
      });
    const err = await client.call({ type: "REVIVE" }).catch((e) => e);
    assert.ok(err instanceof MesosCallError);
    assert.equal(err.status, 307);
    assert.equal((await next(it)).type, "DISCONNECTED");
    assert.equal((await next(it)).type, "SUBSCRIBED");
    assert.deepEqual((await leader.waitForCall("SUBSCRIBE")).call?.framework_id, { value: FID });
    await client.call({ type: "REVIVE" });
    await leader.waitForCall("REVIVE");
  } finally {
    await client.close();
    await old.close();
    await leader.close();
  }
});

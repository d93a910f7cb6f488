import assert from "node:assert/strict";
import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  encodeMesos,
  encodeRecord,
  FrameworkRemovedError,
  MesosCallError,
  type MesosContentType,
  NotSubscribedError,
  SchedulerClient,
  type SchedulerEvent,
  SubscribeRefusedError,
} from "../../../core/mesos/mod.ts";
import { waitFor } from "../../../core/util/mod.ts";
import { type EventStream, ScriptedServer } from "./scripted_server.ts";

const CALL = "mesos.v1.scheduler.Call";
const EVENT = "mesos.v1.scheduler.Event";
const FID = "20261125-090000-16777343-5050-1234-0000";
const INFO = { user: "root", name: "Kubernetes", failover_timeout: 604800, checkpoint: true };
const subscribed = (hb = 15) => ({
  type: "SUBSCRIBED",
  subscribed: { framework_id: { value: FID }, heartbeat_interval_seconds: hb },
});
const OFFERS = {
  type: "OFFERS",
  offers: {
    offers: [{
      id: { value: "O-1" },
      framework_id: { value: FID },
      agent_id: { value: "S0" },
      hostname: "node-a",
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 2 } }],
    }],
  },
};

/** A master that streams on SUBSCRIBE (via `onSubscribe`) and answers 202 to other calls. */
function master(ct: MesosContentType, onSubscribe: (s: EventStream, n: number) => void) {
  let n = 0;
  return new ScriptedServer(CALL, EVENT, (req, server) => {
    if (req.call?.type !== "SUBSCRIBE") return new Response(null, { status: 202 });
    const s = server.openStream(ct, { "Mesos-Stream-Id": `stream-${++n}` });
    onSubscribe(s, n);
    return s.response;
  });
}

async function next(it: AsyncIterator<SchedulerEvent>): Promise<SchedulerEvent> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value;
}

for (const ct of [CONTENT_TYPE_PROTOBUF, CONTENT_TYPE_JSON] as const) {
  Deno.test(`scheduler client over ${ct}: subscribe, events across chunks, calls with stream id`, async () => {
    const server = master(ct, (s) => {
      s.send(subscribed());
      s.send({ type: "HEARTBEAT" });
      // One OFFERS record split in three chunks, then two records in one chunk.
      const rec = encodeRecord(
        ct === CONTENT_TYPE_JSON
          ? new TextEncoder().encode(JSON.stringify(OFFERS))
          : encodeMesos(EVENT, OFFERS),
      );
      s.sendRaw(rec.slice(0, 1));
      s.sendRaw(rec.slice(1, 9));
      s.sendRaw(rec.slice(9));
    });
    const ids: (string | undefined)[] = [];
    const client = new SchedulerClient({
      master: server.address,
      frameworkInfo: INFO,
      contentType: ct === CONTENT_TYPE_JSON ? ct : undefined,
      credentials: { principal: "k8sm", secret: "s3cret" },
      onFrameworkId: (id) => void ids.push(id),
    });
    try {
      await assert.rejects(client.call({ type: "REVIVE" }), NotSubscribedError);
      const it = client.events[Symbol.asyncIterator]();
      assert.deepEqual(await next(it), subscribed());
      assert.deepEqual(ids, [FID]);
      assert.equal(client.frameworkId, FID);
      assert.equal((await next(it)).type, "HEARTBEAT");
      assert.deepEqual(await next(it), OFFERS);

      const sub = server.calls("SUBSCRIBE")[0];
      assert.equal(sub.path, "/api/v1/scheduler");
      assert.equal(sub.method, "POST");
      assert.equal(sub.headers.get("content-type"), ct);
      assert.equal(sub.headers.get("accept"), ct);
      assert.equal(sub.headers.get("mesos-stream-id"), null);
      assert.equal(sub.headers.get("authorization"), `Basic ${btoa("k8sm:s3cret")}`);
      assert.deepEqual(sub.call, { type: "SUBSCRIBE", subscribe: { framework_info: INFO } });

      await client.call({ type: "DECLINE", decline: { offer_ids: [{ value: "O-1" }] } });
      const decline = await server.waitForCall("DECLINE");
      assert.equal(decline.headers.get("mesos-stream-id"), "stream-1");
      assert.equal(decline.headers.get("content-type"), ct);
      assert.deepEqual(decline.call, {
        framework_id: { value: FID },
        type: "DECLINE",
        decline: { offer_ids: [{ value: "O-1" }] },
      });
      if (ct === CONTENT_TYPE_JSON) {
        assert.equal(new TextDecoder().decode(decline.body)[0], "{");
      }

      server.script = () =>
        new Response("Failed to validate scheduler::Call: bad", { status: 400 });
      const err = await client.call({ type: "REVIVE" }).catch((e) => e);
      assert.ok(err instanceof MesosCallError);
      assert.equal(err.status, 400);
      assert.match(err.message, /REVIVE .* HTTP 400: Failed to validate scheduler::Call: bad/);
    } finally {
      await client.close();
      await server.close();
    }
  });
}

Deno.test("307 with a protocol-relative Location moves the subscription to the leader", async () => {
  const leader = master(CONTENT_TYPE_PROTOBUF, (s) => s.send(subscribed()));
  const follower = new ScriptedServer(CALL, EVENT, () =>
    new Response(null, {
      status: 307,
      headers: { Location: `//${leader.address}/api/v1/scheduler` },
    }));
  const client = new SchedulerClient({ master: `http://${follower.address}`, frameworkInfo: INFO });
  try {
    const it = client.events[Symbol.asyncIterator]();
    assert.equal((await next(it)).type, "SUBSCRIBED");
    assert.equal(client.endpoint, `http://${leader.address}/api/v1/scheduler`);
    assert.equal(follower.calls("SUBSCRIBE").length, 1);
    await client.call({ type: "REVIVE" });
    await leader.waitForCall("REVIVE");
    assert.equal(follower.calls("REVIVE").length, 0);
  } finally {
    await client.close();
    await follower.close();
    await leader.close();
  }
});

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

Deno.test("a SUBSCRIBE refused with 4xx surfaces Mesos' message", async () => {
  const server = new ScriptedServer(
    CALL,
    EVENT,
    () =>
      new Response("Failed to convert JSON into Call protobuf: Missing required fields", {
        status: 400,
      }),
  );
  const client = new SchedulerClient({ master: server.address, frameworkInfo: INFO });
  try {
    const err = await client.events.next().catch((e) => e);
    assert.ok(err instanceof SubscribeRefusedError);
    assert.match(err.message, /HTTP 400: Failed to convert JSON/);
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

Deno.test("JSON from a real master (int64 numbers, emitted defaults) is normalised", async () => {
  const raw = JSON.stringify({
    type: "SUBSCRIBED",
    subscribed: { framework_id: { value: FID }, heartbeat_interval_seconds: 15 },
  });
  const update = '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},' +
    '"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","unreachable_time":' +
    '{"nanoseconds":1795338000250000123},"healthy":false,"unknown_key":1}}}';
  const server = master(CONTENT_TYPE_JSON, (s) => {
    s.sendRaw(encodeRecord(new TextEncoder().encode(raw)));
    s.sendRaw(encodeRecord(new TextEncoder().encode(update)));
  });
  const client = new SchedulerClient({
    master: server.address,
    frameworkInfo: INFO,
    contentType: CONTENT_TYPE_JSON,
  });
  try {
    const it = client.events[Symbol.asyncIterator]();
    assert.equal((await next(it)).type, "SUBSCRIBED");
    assert.deepEqual((await next(it)).update, {
      status: {
        task_id: { value: "t" },
        state: "TASK_RUNNING",
        source: "SOURCE_EXECUTOR",
        unreachable_time: { nanoseconds: "1795338000250000123" },
        healthy: false,
      },
    });
  } finally {
    await client.close();
    await server.close();
  }
});

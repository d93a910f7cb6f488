import assert from "node:assert/strict";
import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  encodeMesos,
  encodeRecord,
  MesosCallError,
  NotSubscribedError,
  SchedulerClient,
  SubscribeRefusedError,
} from "../../../core/mesos/mod.ts";
import { ScriptedServer } from "./scripted_server.ts";
import { CALL, EVENT, FID, INFO, master, next, OFFERS, subscribed } from "./scheduler_fixtures.ts";

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

Deno.test("a malformed FrameworkInfo is refused before anything is sent", () => {
  assert.throws(
    () => new SchedulerClient({ master: "127.0.0.1:1", frameworkInfo: { name: "no user" } }),
    /missing required fields subscribe\.framework_info\.user/,
  );
});

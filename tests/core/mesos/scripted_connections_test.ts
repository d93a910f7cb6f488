import assert from "node:assert/strict";
import {
  declineCall,
  ScriptedExecutorConnection,
  ScriptedSchedulerConnection,
} from "../../../core/mesos/mod.ts";

Deno.test("scripted scheduler connection records calls, emits events and can refuse", async () => {
  const conn = new ScriptedSchedulerConnection("fw-1");
  conn.subscribe();
  conn.emit({ type: "HEARTBEAT" });
  const it = conn.events[Symbol.asyncIterator]();
  assert.deepEqual((await it.next()).value?.subscribed?.framework_id, { value: "fw-1" });
  assert.equal((await it.next()).value?.type, "HEARTBEAT");

  await conn.call(declineCall(["O-1"], 10));
  assert.deepEqual(await conn.waitForCall("DECLINE"), {
    type: "DECLINE",
    framework_id: { value: "fw-1" },
    decline: { offer_ids: [{ value: "O-1" }], filters: { refuse_seconds: 10 } },
  });
  await assert.rejects(
    conn.call({ type: "KILL", kill: {} }),
    /missing required fields kill\.task_id/,
  );
  conn.script = (c) => {
    if (c.type === "REVIVE") throw new Error("refused");
  };
  await assert.rejects(conn.call({ type: "REVIVE" }), /refused/);
  await conn.close();
  assert.equal((await it.next()).done, true);
});

Deno.test("scripted executor connection records statuses with uuid and source", async () => {
  const conn = new ScriptedExecutorConnection("ex-1");
  const uuid = await conn.update({ task_id: { value: "t" }, state: "TASK_RUNNING" });
  await conn.update({ task_id: { value: "t" }, state: "TASK_FINISHED" });
  await conn.waitForState("t", "TASK_FINISHED");
  assert.deepEqual(conn.statesOf("t"), ["TASK_RUNNING", "TASK_FINISHED"]);
  assert.equal(conn.updates[0].uuid, uuid);
  assert.equal(conn.updates[0].source, "SOURCE_EXECUTOR");
  assert.deepEqual(conn.updates[0].executor_id, { value: "ex-1" });
  await assert.rejects(conn.update({ task_id: { value: "t" }, state: "TASK_STAGING" }));
  await conn.message(new Uint8Array([1]));
  assert.equal(conn.messages.length, 1);
  await conn.close();
});

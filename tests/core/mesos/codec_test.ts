/** The Mesos JSON mapping's edge cases beyond the wire vectors. */
import assert from "node:assert/strict";
import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  decodeMesos,
  decodeMesosBody,
  encodeMesos,
  encodeMesosBody,
  fromMesosJson,
  MesosMessageError,
  negotiateMesosAccept,
  parseMesosJsonText,
  toMesosJson,
} from "../../../core/mesos/mod.ts";

const roundTrip = (type: string, json: unknown) => decodeMesos(type, encodeMesos(type, json));

Deno.test("non-finite doubles travel as strings in both directions", () => {
  for (const v of ["Infinity", "-Infinity", "NaN"]) {
    assert.deepEqual(roundTrip("mesos.v1.Filters", { refuse_seconds: v }), { refuse_seconds: v });
  }
  assert.deepEqual(roundTrip("mesos.v1.Filters", { refuse_seconds: Infinity }), {
    refuse_seconds: "Infinity",
  });
  const wire = JSON.stringify(toMesosJson("mesos.v1.Filters", { refuse_seconds: Infinity }));
  assert.equal(wire, '{"refuse_seconds":"Infinity"}');
});

Deno.test("64-bit integers stay exact as decimal strings; numbers are accepted on input", () => {
  const max = "9223372036854775807";
  assert.deepEqual(roundTrip("mesos.v1.DurationInfo", { nanoseconds: max }), { nanoseconds: max });
  assert.deepEqual(roundTrip("mesos.v1.DurationInfo", { nanoseconds: 30e9 }), {
    nanoseconds: "30000000000",
  });
  const range = { begin: "0", end: "18446744073709551615" };
  assert.deepEqual(roundTrip("mesos.v1.Value.Range", range), range);
  assert.deepEqual(fromMesosJson("mesos.v1.Value.Range", { begin: 1, end: 2 }), {
    begin: "1",
    end: "2",
  });
  const text = '{"nanoseconds":9223372036854775807,"x":"12345678901234567890"}';
  assert.deepEqual(parseMesosJsonText(text), {
    nanoseconds: "9223372036854775807",
    x: "12345678901234567890",
  });
});

Deno.test("only fields present on the wire are decoded; explicit defaults survive when sent", () => {
  const fi = { user: "root", name: "Kubernetes" };
  assert.deepEqual(roundTrip("mesos.v1.FrameworkInfo", fi), fi);
  const withDefaults = { ...fi, checkpoint: false, failover_timeout: 0, role: "*" };
  assert.deepEqual(roundTrip("mesos.v1.FrameworkInfo", withDefaults), withDefaults);
  assert.deepEqual(roundTrip("mesos.v1.CommandInfo", { shell: false }), { shell: false });
  assert.deepEqual(roundTrip("mesos.v1.CommandInfo", {}), {});
});

Deno.test("enums by name; bytes as base64; maps of messages as objects", () => {
  const status = {
    task_id: { value: "t" },
    state: "TASK_STAGING",
    uuid: "AAECAwQFBgcICQoLDA0ODw==",
  };
  assert.deepEqual(roundTrip("mesos.v1.TaskStatus", status), status);
  const task = {
    name: "t",
    task_id: { value: "t" },
    agent_id: { value: "a" },
    limits: { cpus: { value: 2 }, mem: { value: "Infinity" } },
  };
  assert.deepEqual(roundTrip("mesos.v1.TaskInfo", task), task);
});

Deno.test("missing required fields are named, including nested and camelCase mistakes", () => {
  assert.throws(
    () =>
      encodeMesos("mesos.v1.scheduler.Call", {
        type: "SUBSCRIBE",
        subscribe: { framework_info: { name: "k" } },
      }),
    (e: unknown) =>
      e instanceof MesosMessageError &&
      /missing required fields subscribe\.framework_info\.user/.test(e.message),
  );
  assert.throws(
    () =>
      encodeMesos("mesos.v1.scheduler.Call", { type: "KILL", kill: { taskId: { value: "t" } } }),
    /kill\.task_id/,
  );
  assert.throws(
    () => encodeMesos("mesos.v1.TaskStatus", { task_id: { value: "t" }, state: "TASK_BOGUS" }),
    /state/,
  );
});

Deno.test("unknown keys and unknown optional enum names are dropped, as Mesos does", () => {
  assert.deepEqual(
    fromMesosJson("mesos.v1.TaskStatus", {
      task_id: { value: "t" },
      state: "TASK_RUNNING",
      source: "SOURCE_NOWHERE",
      frobnicate: 1,
    }),
    { task_id: { value: "t" }, state: "TASK_RUNNING" },
  );
});

Deno.test("repeated fields need arrays and singular fields refuse them", () => {
  assert.throws(
    () => encodeMesos("mesos.v1.Labels", { labels: { key: "a" } }),
    /labels: expected an array/,
  );
  assert.throws(
    () => encodeMesos("mesos.v1.Filters", { refuse_seconds: [1] }),
    /refuse_seconds: expected a single value/,
  );
  assert.throws(() => encodeMesos("mesos.v1.Labels", "nope"), /expected a JSON object/);
});

Deno.test("decode errors and unknown type names are actionable", () => {
  assert.throws(
    () => decodeMesos("mesos.v1.scheduler.Event", new Uint8Array([0x12, 0x05, 0x01])),
    /Cannot decode mesos\.v1\.scheduler\.Event from 3 protobuf bytes/,
  );
  assert.throws(() => decodeMesos("mesos.v1.TaskID", new Uint8Array()), /missing required 'value'/);
  assert.throws(
    () => encodeMesos("scheduler.Call", {}),
    /Unknown Mesos message type "scheduler\.Call"/,
  );
});

Deno.test("bodies in both content types round-trip, and Accept negotiation follows Mesos", () => {
  const call = {
    framework_id: { value: "f" },
    type: "KILL",
    kill: { task_id: { value: "t" }, kill_policy: { grace_period: { nanoseconds: "5000000000" } } },
  };
  for (const ct of [CONTENT_TYPE_JSON, CONTENT_TYPE_PROTOBUF] as const) {
    const body = encodeMesosBody("mesos.v1.scheduler.Call", call, ct);
    assert.deepEqual(decodeMesosBody("mesos.v1.scheduler.Call", body, ct), call);
  }
  const json = new TextEncoder().encode(
    '{"type":"KILL","kill":{"task_id":{"value":"t"},"kill_policy":{"grace_period":{"nanoseconds":5000000000}}}}',
  );
  const parsed = decodeMesosBody("mesos.v1.scheduler.Call", json, CONTENT_TYPE_JSON);
  assert.deepEqual(parsed, {
    type: "KILL",
    kill: call.kill,
  });
  assert.equal(negotiateMesosAccept(null), CONTENT_TYPE_JSON);
  assert.equal(negotiateMesosAccept("*/*"), CONTENT_TYPE_JSON);
  assert.equal(negotiateMesosAccept("application/x-protobuf, application/json"), CONTENT_TYPE_JSON);
  assert.equal(negotiateMesosAccept("application/x-protobuf"), CONTENT_TYPE_PROTOBUF);
  assert.equal(negotiateMesosAccept("text/html"), undefined);
});

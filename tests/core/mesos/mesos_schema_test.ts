import assert from "node:assert/strict";
import { mesosEnum, mesosType } from "../../../core/mesos/schema/mesos_schema.ts";

Deno.test("the schema finds core, then operator API types, and still names an unknown type", () => {
  assert.equal(mesosType("mesos.v1.executor.Call").fullName, ".mesos.v1.executor.Call");
  assert.equal(mesosType(".mesos.v1.TaskStatus").fullName, ".mesos.v1.TaskStatus");
  // The operator API is parsed on the first name the core does not hold.
  assert.equal(mesosType("mesos.v1.master.Call").fullName, ".mesos.v1.master.Call");
  assert.equal(mesosType("mesos.v1.agent.Response").fullName, ".mesos.v1.agent.Response");
  assert.equal(mesosEnum("mesos.v1.TaskState").fullName, ".mesos.v1.TaskState");
  assert.throws(
    () => mesosType("mesos.v1.NoSuchMessage"),
    /Unknown Mesos message type "mesos\.v1\.NoSuchMessage"/,
  );
  // A master Call refers to core types: both parts resolved into one Root.
  const field = mesosType("mesos.v1.master.Call").fields["type"];
  assert.ok(field?.resolvedType, "mesos.v1.master.Call.type is resolved");
});

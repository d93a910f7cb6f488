import assert from "node:assert/strict";
import { parseResourceArgs } from "../../../core/client/resource_args.ts";

Deno.test("resource args: types, short names, the seed's names, comma lists and TYPE/NAME", () => {
  const simple = parseResourceArgs(["po", "a", "b"]);
  assert.equal(simple[0].info.resource, "pods");
  assert.deepEqual(simple[0].names, ["a", "b"]);
  assert.deepEqual(parseResourceArgs(["svc,ep"]).map((t) => t.info.resource), [
    "services",
    "endpoints",
  ]);
  assert.equal(parseResourceArgs(["minions"])[0].info.resource, "nodes");
  assert.equal(
    parseResourceArgs(["replicationControllers"])[0].info.resource,
    "replicationcontrollers",
  );
  const slashed = parseResourceArgs(["rc/web", "svc/web", "rc/db"]);
  assert.deepEqual(slashed.map((t) => [t.info.resource, t.names]), [["replicationcontrollers", [
    "web",
    "db",
  ]], [
    "services",
    ["web"],
  ]]);
  assert.deepEqual(parseResourceArgs(["all"]).map((t) => t.info.resource).sort(), [
    "cronjobs",
    "daemonsets",
    "deployments",
    "jobs",
    "pods",
    "replicasets",
    "replicationcontrollers",
    "services",
    "statefulsets",
  ]);
});

Deno.test("resource args: unknown types and ambiguous names are errors", () => {
  assert.throws(
    () => parseResourceArgs(["gizmos"]),
    /the server doesn't have a resource type "gizmos"/,
  );
  assert.throws(() => parseResourceArgs(["svc,ep", "x"]), /use TYPE\/NAME arguments/);
  assert.throws(() => parseResourceArgs([]), /you must specify the type of resource to get/);
  assert.throws(
    () => parseResourceArgs([], "delete"),
    /^Error: you must specify the type of resource to delete, e\.g\. "pods"/,
  );
});

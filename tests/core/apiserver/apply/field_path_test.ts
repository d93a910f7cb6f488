import assert from "node:assert/strict";
import {
  FieldSet,
  formatPath,
  fromFieldsV1,
  toFieldsV1,
} from "../../../../core/apiserver/apply/field_path.ts";

Deno.test("FieldsV1 round-trips and marks inner members with '.'", () => {
  const set = new FieldSet([
    ["f:metadata", "f:labels", "f:app"],
    ["f:spec", "f:containers", 'k:{"name":"main"}'],
    ["f:spec", "f:containers", 'k:{"name":"main"}', "f:image"],
    ["f:metadata", "f:finalizers", 'v:"a"'],
  ]);
  const v1 = toFieldsV1(set);
  assert.deepEqual(v1, {
    "f:metadata": { "f:finalizers": { 'v:"a"': {} }, "f:labels": { "f:app": {} } },
    "f:spec": { "f:containers": { 'k:{"name":"main"}': { ".": {}, "f:image": {} } } },
  });
  assert.ok(fromFieldsV1(v1).equals(set));
  assert.equal(fromFieldsV1(null).size, 0);
});

Deno.test("FieldSet algebra and path formatting", () => {
  const a = new FieldSet([["f:a"], ["f:b", "f:c"]]);
  const b = new FieldSet([["f:b", "f:c"]]);
  assert.deepEqual(a.minus(b).paths(), [["f:a"]]);
  assert.deepEqual(a.intersect(b).paths(), [["f:b", "f:c"]]);
  assert.equal(a.union(b).size, 2);
  assert.ok(a.hasBelow(["f:b"]));
  assert.equal(a.hasBelow(["f:b", "f:c"]), false);
  assert.equal(
    formatPath(["f:spec", "f:containers", 'k:{"name":"main"}', "f:image"]),
    '.spec.containers[name="main"].image',
  );
});

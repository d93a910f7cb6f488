import assert from "node:assert/strict";
import {
  arrayAt,
  asRecord,
  asRecords,
  cloneJson,
  ensureRecord,
  isRecord,
  jsonEqual,
  numberAt,
  recordAt,
  stringAt,
  stringMap,
  valueAt,
} from "../../../core/api/json_value.ts";

Deno.test("json_value readers narrow unknown input safely", () => {
  const doc: unknown = { a: { b: [1, 2], s: "x", n: 3, o: {} }, nul: null };
  assert.equal(isRecord(doc), true);
  assert.equal(isRecord([]), false);
  assert.equal(isRecord(null), false);
  assert.deepEqual(valueAt(doc, "a", "b"), [1, 2]);
  assert.equal(valueAt(doc, "a", "b", "c"), undefined);
  assert.equal(valueAt(doc, "nul", "x"), undefined);
  assert.deepEqual(arrayAt(doc, "a", "b"), [1, 2]);
  assert.equal(arrayAt(doc, "a", "s"), undefined);
  assert.equal(stringAt(doc, "a", "s"), "x");
  assert.equal(stringAt(doc, "a", "n"), undefined);
  assert.equal(numberAt(doc, "a", "n"), 3);
  assert.deepEqual(recordAt(doc, "a", "o"), {});
  assert.equal(recordAt(doc, "a", "b"), undefined);
  assert.deepEqual(stringMap({ a: "1", b: 2 }), { a: "1" });
  assert.equal(stringMap("x"), undefined);
  const target: Record<string, unknown> = { x: 5 };
  assert.deepEqual(ensureRecord(target, "x"), {});
  assert.deepEqual(target, { x: {} });
});

Deno.test("jsonEqual ignores key order and undefined members; cloneJson copies deeply", () => {
  assert.equal(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
  assert.equal(jsonEqual({ a: 1, u: undefined }, { a: 1 }), true);
  assert.equal(jsonEqual([1, 2], [2, 1]), false);
  assert.equal(jsonEqual({ a: 1 }, { a: "1" }), false);
  assert.equal(jsonEqual(null, {}), false);
  const src = { a: { b: [1] } };
  const copy = cloneJson(src);
  copy.a.b.push(2);
  assert.deepEqual(src, { a: { b: [1] } });
  assert.equal(cloneJson(undefined), undefined);
});

Deno.test("asRecord and asRecords read leniently: non-objects become empty objects", () => {
  const obj = { a: 1 };
  assert.equal(asRecord(obj), obj);
  for (const v of [null, undefined, 3, "x", [1]]) assert.deepEqual(asRecord(v), {});
  assert.deepEqual(asRecords([obj, null, "x"]), [obj, {}, {}]);
  assert.deepEqual(asRecords({ not: "a list" }), []);
});

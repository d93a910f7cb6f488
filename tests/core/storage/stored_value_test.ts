import assert from "node:assert/strict";
import {
  checkPreconditions,
  decodeObject,
  encodeObject,
  prefixEnd,
  withRevision,
} from "../../../core/storage/stored_value.ts";
import { isStoreError } from "../../../core/storage/store.ts";

Deno.test("encodeObject drops resourceVersion from the bytes without touching the input", () => {
  const input = { kind: "Pod", metadata: { name: "a", resourceVersion: "5", uid: "u" }, x: 1 };
  const { json, stripped } = encodeObject("/k", input);
  assert.equal(json, '{"kind":"Pod","metadata":{"name":"a","uid":"u"},"x":1}');
  assert.equal(input.metadata.resourceVersion, "5");
  assert.deepEqual(withRevision(stripped, 9), decodeObject(json, 9));
  assert.equal(JSON.stringify(withRevision(stripped, 9)), JSON.stringify(decodeObject(json, 9)));
});

Deno.test("encodeObject refuses non-objects with a message naming the key", () => {
  assert.throws(() => encodeObject("/k/x", null as never), /cannot store null at \/k\/x/);
  assert.throws(() => encodeObject("/k/x", [] as never), /only JSON objects/);
});

Deno.test("decodeObject adds metadata when the stored object has none", () => {
  assert.deepEqual(decodeObject('{"a":1}', 3), { a: 1, metadata: { resourceVersion: "3" } });
});

Deno.test("checkPreconditions: empty values mean no condition; mismatches are Conflicts", () => {
  const cur = { metadata: { uid: "u1" } };
  checkPreconditions("/k", cur, 4, { resourceVersion: "", uid: "" });
  checkPreconditions("/k", cur, 4, { resourceVersion: "4", uid: "u1" });
  assert.throws(
    () => checkPreconditions("/k", cur, 4, { resourceVersion: "3" }),
    (e) => isStoreError(e, "Conflict") && e.message.includes("resourceVersion 4"),
  );
  assert.throws(
    () => checkPreconditions("/k", cur, 4, { uid: "u2" }),
    (e) => isStoreError(e, "Conflict"),
  );
});

Deno.test("prefixEnd bounds exactly the keys with the prefix", () => {
  assert.equal(prefixEnd("/a/"), "/a0");
  assert.equal(prefixEnd(""), "");
  const end = prefixEnd("/a/");
  assert.ok("/a/" <= "/a/zzz\uffff" && "/a/zzz\uffff" < end, "keys under the prefix are inside");
  assert.ok("/ab" >= end, "a sibling sharing the text is outside");
});

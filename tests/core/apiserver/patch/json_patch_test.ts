import assert from "node:assert/strict";
import { applyJsonPatch, PatchError } from "../../../../core/apiserver/patch/json_patch.ts";

Deno.test("json patch: add, remove, replace, move, copy, test", () => {
  const doc = { spec: { replicas: 1, containers: [{ name: "a" }, { name: "b" }] } };
  const out = applyJsonPatch(doc, [
    { op: "replace", path: "/spec/replicas", value: 3 },
    { op: "add", path: "/spec/containers/-", value: { name: "c" } },
    { op: "add", path: "/spec/containers/0", value: { name: "z" } },
    { op: "remove", path: "/spec/containers/1" },
    { op: "copy", from: "/spec/replicas", path: "/spec/copied" },
    { op: "move", from: "/spec/copied", path: "/moved" },
    { op: "test", path: "/moved", value: 3 },
    { op: "test", path: "/spec/containers", value: [{ name: "z" }, { name: "b" }, { name: "c" }] },
  ]);
  assert.deepEqual(out, {
    spec: { replicas: 3, containers: [{ name: "z" }, { name: "b" }, { name: "c" }] },
    moved: 3,
  });
  assert.equal(doc.spec.replicas, 1, "the target is not modified");
});

Deno.test("json patch: pointer escaping ~0 and ~1", () => {
  const doc = { metadata: { annotations: { "k8s.io/a~b": "1" } } };
  const out = applyJsonPatch(doc, [
    { op: "replace", path: "/metadata/annotations/k8s.io~1a~0b", value: "2" },
    { op: "add", path: "/metadata/annotations/x~1y", value: "3" },
  ]);
  assert.deepEqual(out, { metadata: { annotations: { "k8s.io/a~b": "2", "x/y": "3" } } });
});

Deno.test("json patch: whole-document replace and add at root", () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: "replace", path: "", value: [1] }]), [1]);
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: "add", path: "", value: { b: 2 } }]), { b: 2 });
});

Deno.test("json patch: errors name the operation and path", () => {
  const doc = { spec: { replicas: 1, list: [1] } };
  const cases: [unknown, RegExp][] = [
    [
      [{ op: "test", path: "/spec/replicas", value: 2 }],
      /operation 0 \(test "\/spec\/replicas"\): test failed/,
    ],
    [
      [{ op: "remove", path: "/spec/nope" }],
      /operation 0 \(remove "\/spec\/nope"\).*missing "nope"/,
    ],
    [[{ op: "replace", path: "/a/b", value: 1 }], /replace "\/a\/b".*does not exist/],
    [[{ op: "add", path: "/spec/list/5", value: 1 }], /out of range/],
    [[{ op: "add", path: "/spec/list/x", value: 1 }], /not a valid array index/],
    [[{ op: "jump", path: "/a" }], /unknown operation "jump"/],
    [[{ op: "add", path: "spec", value: 1 }], /not a JSON pointer/],
    [[{ op: "add", path: "/a" }], /"value" is required/],
    [[{ op: "move", from: "/spec", path: "/spec/x" }], /own children/],
    [{ op: "add" }, /must be an array/],
  ];
  for (const [ops, re] of cases) {
    assert.throws(() => applyJsonPatch(doc, ops), (e: unknown) => {
      assert.ok(e instanceof PatchError);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("json patch: a failing op leaves the target unchanged", () => {
  const doc = { a: 1 };
  assert.throws(() =>
    applyJsonPatch(doc, [{ op: "replace", path: "/a", value: 2 }, {
      op: "test",
      path: "/a",
      value: 9,
    }])
  );
  assert.deepEqual(doc, { a: 1 });
});

Deno.test("json patch sharing unchanged values: the same result and errors, the target untouched, untouched values shared", () => {
  const target = () => ({
    metadata: { name: "p", labels: { a: "1" } },
    spec: { replicas: 1, containers: [{ name: "a" }, { name: "b" }] },
    status: { phase: "Pending", conditions: [{ type: "Ready" }] },
  });
  const patches: unknown[] = [
    [{ op: "add", path: "/status", value: { phase: "Running" } }],
    [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/spec/containers/-", value: { name: "c" } },
      { op: "remove", path: "/spec/containers/0" },
      { op: "copy", from: "/spec/containers/0", path: "/spec/first" },
      { op: "replace", path: "/spec/first/name", value: "changed" },
      { op: "move", from: "/status/conditions", path: "/spec/moved" },
      { op: "add", path: "/spec/moved/0/status", value: "True" },
      { op: "test", path: "/metadata/labels/a", value: "1" },
    ],
    [{ op: "replace", path: "", value: { whole: true } }],
    [{ op: "replace", path: "/spec/replicas", value: 2 }, { op: "remove", path: "/nope" }],
    [{ op: "add", path: "/spec/containers/9", value: 1 }],
  ];
  for (const ops of patches) {
    const doc = target();
    let copied: unknown, shared: unknown;
    try {
      copied = applyJsonPatch(target(), ops);
    } catch (e) {
      copied = (e as Error).message;
    }
    try {
      shared = applyJsonPatch(doc, ops, true);
    } catch (e) {
      shared = (e as Error).message;
    }
    assert.deepEqual(shared, copied, JSON.stringify(ops));
    assert.deepEqual(doc, target(), "the target is not modified");
  }
  const doc = target();
  const out = applyJsonPatch(doc, patches[0], true) as ReturnType<typeof target>;
  assert.equal(out.spec, doc.spec, "what the patch left alone is the target's");
  assert.equal(out.metadata, doc.metadata);
});

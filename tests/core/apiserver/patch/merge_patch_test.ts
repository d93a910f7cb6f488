import assert from "node:assert/strict";
import { applyMergePatch, createMergePatch } from "../../../../core/apiserver/patch/merge_patch.ts";

Deno.test("merge patch: RFC 7386 appendix A examples", () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of cases) {
    assert.deepEqual(applyMergePatch(target, patch), want, JSON.stringify([target, patch]));
  }
});

Deno.test("merge patch: kubectl label add and remove leave the target untouched", () => {
  const pod = { metadata: { name: "p", labels: { app: "web", old: "x" } }, spec: { a: 1 } };
  const out = applyMergePatch(pod, { metadata: { labels: { tier: "web", old: null } } });
  assert.deepEqual(out, {
    metadata: { name: "p", labels: { app: "web", tier: "web" } },
    spec: { a: 1 },
  });
  assert.deepEqual(pod.metadata.labels, { app: "web", old: "x" });
});

Deno.test("merge patch: createMergePatch round-trips", () => {
  const from = { a: 1, b: { c: 2, d: 3 }, e: [1] };
  const to = { a: 1, b: { c: 5 }, e: [1, 2], f: "x" };
  const patch = createMergePatch(from, to);
  assert.deepEqual(patch, { b: { c: 5, d: null }, e: [1, 2], f: "x" });
  assert.deepEqual(applyMergePatch(from, patch), to);
  assert.deepEqual(createMergePatch(to, to), {});
});

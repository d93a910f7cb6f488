import assert from "node:assert/strict";
import { RangeAllocator } from "../../../core/registry/range_allocator.ts";
import { nodePortAllocator } from "../../../core/registry/node_port_allocator.ts";

Deno.test("RangeAllocator hands out each value once, claims and releases", () => {
  const a = new RangeAllocator(10, 12);
  const got = [a.allocate(), a.allocate(), a.allocate()].sort();
  assert.deepEqual(got, [10, 11, 12]);
  assert.equal(a.allocate(), undefined, "full");
  a.release(11);
  assert.equal(a.claim(11), "ok");
  assert.equal(a.claim(11), "taken");
  assert.equal(a.claim(13), "outOfRange");
  assert.equal(a.used, 3);
  assert.throws(() => new RangeAllocator(5, 4), /invalid range/);
});

Deno.test("nodePortAllocator parses a-b and a+n and rejects nonsense", () => {
  assert.equal(nodePortAllocator().min, 30000);
  assert.equal(nodePortAllocator().max, 32767);
  const plus = nodePortAllocator("40000+9");
  assert.deepEqual([plus.min, plus.max], [40000, 40009]);
  assert.throws(() => nodePortAllocator("abc"), /--service-node-port-range "abc"/);
  assert.throws(() => nodePortAllocator("70000-70001"), /port range/);
});

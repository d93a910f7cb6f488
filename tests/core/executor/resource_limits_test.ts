import assert from "node:assert/strict";
import { containerLimits, parseQuantity } from "../../../core/executor/resource_limits.ts";

Deno.test("parseQuantity reads Kubernetes quantities", () => {
  assert.equal(parseQuantity("250m"), 0.25);
  assert.equal(parseQuantity("2"), 2);
  assert.equal(parseQuantity(1.5), 1.5);
  assert.equal(parseQuantity("64Mi"), 64 * 2 ** 20);
  assert.equal(parseQuantity("1G"), 1e9);
  assert.equal(parseQuantity("1e3"), 1000);
  assert.throws(() => parseQuantity("12 apples"), /"12 apples" is malformed/);
});

Deno.test("containerLimits: limits become bytes, nano-CPUs and shares", () => {
  assert.deepEqual(containerLimits({ name: "a" }), { memoryBytes: 0, nanoCpus: 0, cpuShares: 0 });
  assert.deepEqual(
    containerLimits({ name: "a", resources: { limits: { cpu: "1", memory: "128Mi" } } }),
    { memoryBytes: 128 * 2 ** 20, nanoCpus: 1e9, cpuShares: 1024 },
  );
  assert.equal(containerLimits({ name: "a", resources: { requests: { cpu: "1m" } } }).cpuShares, 2);
});

import assert from "node:assert/strict";
import { containerLimits } from "../../../core/executor/resource_limits.ts";

Deno.test("containerLimits: limits become bytes, nano-CPUs and shares", () => {
  assert.deepEqual(containerLimits({ name: "a" }), { memoryBytes: 0, nanoCpus: 0, cpuShares: 0 });
  assert.deepEqual(
    containerLimits({ name: "a", resources: { limits: { cpu: "1", memory: "128Mi" } } }),
    { memoryBytes: 128 * 2 ** 20, nanoCpus: 1e9, cpuShares: 1024 },
  );
  assert.equal(containerLimits({ name: "a", resources: { requests: { cpu: "1m" } } }).cpuShares, 2);
});

Deno.test("containerLimits: a malformed quantity is named in the error", () => {
  assert.throws(
    () => containerLimits({ name: "a", resources: { limits: { memory: "12 apples" } } }),
    /quantity "12 apples" is invalid/,
  );
  assert.equal(
    containerLimits({ name: "a", resources: { limits: { cpu: "100m", memory: "1.5Gi" } } })
      .memoryBytes,
    1.5 * 2 ** 30,
  );
});

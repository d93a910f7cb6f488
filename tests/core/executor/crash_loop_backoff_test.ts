import assert from "node:assert/strict";
import { CrashLoopBackoff } from "../../../core/executor/crash_loop_backoff.ts";

Deno.test("CrashLoopBackoff: first restart at once, then 10 s doubling to the 5 min cap", () => {
  let now = 1_000_000;
  const b = new CrashLoopBackoff({ now: () => now });
  assert.equal(b.remainingMs("main", now), 0, "the first restart waits for nothing");
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    b.restarted("main");
    delays.push(b.delayMs("main"));
  }
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  const finished = now;
  now += 100_000;
  assert.equal(b.remainingMs("main", finished), 200_000);
  assert.equal(b.remainingMs("other", finished), 0, "containers back off independently");
});

Deno.test("CrashLoopBackoff: a container that stayed up twice the cap starts over", () => {
  let now = 0;
  const b = new CrashLoopBackoff({ initialMs: 1000, maxMs: 4000, now: () => now });
  b.restarted("c");
  b.restarted("c");
  b.restarted("c");
  assert.equal(b.delayMs("c"), 4000);
  now += 8001;
  assert.equal(b.delayMs("c"), 0, "the entry expired");
  b.restarted("c");
  assert.equal(b.delayMs("c"), 1000);
  b.reset("c");
  assert.equal(b.delayMs("c"), 0);
});

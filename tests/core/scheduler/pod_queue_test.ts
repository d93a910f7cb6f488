import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { PodQueue } from "../../../core/scheduler/pod_queue.ts";

const pod = (name: string): Pod => ({ metadata: { name }, spec: { containers: [] } });

Deno.test("FCFS order is kept when a queued pod is updated", () => {
  const q = new PodQueue();
  q.upsert("a", pod("a"), 0);
  q.upsert("b", pod("b"), 0);
  q.upsert("a", pod("a2"), 5);
  assert.deepEqual(q.ready(10).map((e) => e.pod.metadata.name), ["a2", "b"]);
  assert.equal(q.get("a")?.queuedAt, 0);
});

Deno.test("backoff doubles up to the cap and a kick cuts it short", () => {
  const q = new PodQueue({ initialBackoffMs: 1000, maxBackoffMs: 3000 });
  q.upsert("a", pod("a"));
  assert.equal(q.backOff("a", 0), 1000);
  assert.equal(q.backOff("a", 0), 2000);
  assert.equal(q.backOff("a", 0), 3000);
  assert.equal(q.backOff("a", 0), 3000);
  assert.deepEqual(q.ready(100), []);
  assert.equal(q.nextWakeup(100), 3000);
  q.kick("a");
  assert.equal(q.ready(100).length, 1);
  assert.equal(q.get("a")?.attempts, 4);
});

Deno.test("a removed pod leaves the queue", () => {
  const q = new PodQueue();
  q.upsert("a", pod("a"));
  assert.equal(q.remove("a"), true);
  assert.equal(q.size, 0);
  assert.equal(q.remove("a"), false);
});

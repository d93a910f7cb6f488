/** The agent's per-task update streams: one at a time, in order, retried until acknowledged. */
import assert from "node:assert/strict";
import { StatusUpdateManager } from "../../../../core/mesos/local/status_update_manager.ts";
import type { TaskStatus } from "../../../../core/mesos/local/mesos_types.ts";
import { makeStatus } from "../../../../core/mesos/local/task_states.ts";

function update(taskId: string, state: string): TaskStatus {
  return makeStatus({ taskId, state, source: "SOURCE_EXECUTOR", reliable: true });
}

Deno.test("only the head of a task's stream is sent; acks release the next; tasks are independent", () => {
  const sent: string[] = [];
  const sum = new StatusUpdateManager(
    (_fw, s, latest) => sent.push(`${s.task_id.value}:${s.state}:${latest}`),
    { initialMs: 60_000, maxMs: 60_000 },
  );
  try {
    const starting = update("a", "TASK_STARTING");
    const running = update("a", "TASK_RUNNING");
    assert.ok(sum.add("fw", starting));
    assert.ok(sum.add("fw", running));
    assert.equal(sum.add("fw", running), false, "a duplicate uuid is ignored");
    sum.add("fw", update("b", "TASK_RUNNING"));
    assert.deepEqual(sent, ["a:TASK_STARTING:TASK_STARTING", "b:TASK_RUNNING:TASK_RUNNING"]);
    assert.equal(sum.acknowledge("fw", "a", running.uuid!), false, "only the head can be acked");
    assert.ok(sum.acknowledge("fw", "a", starting.uuid!));
    assert.equal(sent[2], "a:TASK_RUNNING:TASK_RUNNING");
    assert.deepEqual(sum.pending("fw", "a").map((s) => s.state), ["TASK_RUNNING"]);
    sum.resume("fw");
    assert.equal(sent.length, 5, "resume resends both heads at once");
  } finally {
    sum.close();
  }
});

Deno.test("an unacknowledged head is resent with backoff", async () => {
  // The manager's retry timers are the only setTimeout calls while this test waits (no
  // waitFor), so recording setTimeout's delays records the backoff schedule exactly.
  const realSetTimeout = globalThis.setTimeout;
  const delays: number[] = [];
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  const sent: number[] = [];
  let fifth!: () => void;
  const fiveSends = new Promise<void>((resolve) => fifth = resolve);
  const sum = new StatusUpdateManager(() => {
    sent.push(performance.now());
    if (sent.length === 5) fifth();
  }, { initialMs: 10, maxMs: 40 });
  try {
    const s = update("a", "TASK_RUNNING");
    sum.add("fw", s);
    await fiveSends;
    globalThis.setTimeout = realSetTimeout;
    assert.deepEqual(delays.slice(0, 4), [10, 20, 40, 40], "the delay doubles up to maxMs");
    const gaps = sent.slice(1).map((t, i) => t - sent[i]);
    gaps.forEach((gap, i) => {
      assert.ok(gap >= delays[i] - 1, `resend ${i + 1} came ${gap} ms after, before ${delays[i]}`);
    });
    assert.ok(sum.acknowledge("fw", "a", s.uuid!), "the ack releases the head");
    assert.deepEqual(sum.pending("fw", "a"), []);
  } finally {
    globalThis.setTimeout = realSetTimeout;
    sum.close();
  }
});

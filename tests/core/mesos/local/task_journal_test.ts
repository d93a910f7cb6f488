/**
 * replayTask (task_journal.ts) reads a task checkpoint back as a recovering agent does: log
 * lines not newer than the record (left by a crash between writing a new record and removing
 * the old log) are ignored, newer ones set the state, add updates once and drop acknowledged
 * ones; a record of the earlier format (no sequence number, no log) reads as it is.
 */
import assert from "node:assert/strict";
import { replayTask } from "../../../../core/mesos/local/task_journal.ts";
import type { TaskStatus } from "../../../../core/mesos/local/mesos_types.ts";

const task = {
  info: { name: "t", task_id: { value: "t-1" }, agent_id: { value: "a" } },
  delivered: true,
  killRequested: false,
};
const status = (state: string, uuid: string): TaskStatus => ({
  task_id: { value: "t-1" },
  state,
  uuid,
});

Deno.test("replayTask applies only log lines newer than the record", () => {
  const starting = status("TASK_STARTING", "dTE=");
  const running = status("TASK_RUNNING", "dTI=");
  const record = JSON.stringify({
    task: { ...task, state: "TASK_STARTING" },
    updates: [starting],
    seq: 10,
  });
  const log = [
    { seq: 5, state: "TASK_STAGING", ack: "dTE=" }, // older than the record: ignored
    { seq: 11, state: "TASK_RUNNING", update: running },
    { seq: 12, state: "TASK_RUNNING", update: running }, // the same update again: kept once
    { seq: 13, state: "TASK_RUNNING", ack: "dTE=" },
  ].map((l) => JSON.stringify(l)).join("\n") + "\n";
  const saved = replayTask(record, log);
  assert.equal(saved.task.state, "TASK_RUNNING");
  assert.deepEqual(saved.updates, [running]);
});

Deno.test("replayTask reads a record of the earlier format as it is", () => {
  const starting = status("TASK_STARTING", "dTE=");
  const record = JSON.stringify({ task: { ...task, state: "TASK_STARTING" }, updates: [starting] });
  const saved = replayTask(record, undefined);
  assert.equal(saved.task.state, "TASK_STARTING");
  assert.deepEqual(saved.updates, [starting]);
});

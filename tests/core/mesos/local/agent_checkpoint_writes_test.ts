/**
 * AgentCheckpoint writes (issue 17: rewriting `run.json` and each task file on every status
 * update and acknowledgement was an eighth of an `up`'s busy CPU): saving a run whose files did
 * not change leaves them as they are (same inode: nothing was renamed over them); an update and
 * its acknowledgement are appended to the task's log while its record stays; what a recovering
 * agent reads back is the task's latest state with exactly its unacknowledged updates; a log
 * line cut short by a crash is skipped; a removed run's files are gone and a run saved again
 * after its removal is written anew.
 */
import assert from "node:assert/strict";
import { AgentCheckpoint } from "../../../../core/mesos/local/agent_checkpoint.ts";
import { ExecutorRun } from "../../../../core/mesos/local/executor_run.ts";
import type { TaskStatus } from "../../../../core/mesos/local/mesos_types.ts";

const AGENT = "agent-1";

function checkpointingRun(workDir: string): ExecutorRun {
  const run = new ExecutorRun(
    "fw-1",
    { user: "root", name: "k8sm", checkpoint: true },
    { executor_id: { value: "ex-1" }, command: { value: "true" } },
    `${workDir}/runs`,
    "custom",
  );
  run.tasks.set("t-1", {
    info: { name: "t", task_id: { value: "t-1" }, agent_id: { value: AGENT } },
    state: "TASK_STAGING",
    delivered: true,
    killRequested: false,
  });
  return run;
}

const status = (state: string, uuid: string): TaskStatus => ({
  task_id: { value: "t-1" },
  state,
  uuid,
});

Deno.test("task checkpoints: unchanged files stay, updates and acks go to the log", async () => {
  const workDir = await Deno.makeTempDir({ prefix: "k8sm-checkpoint-writes-" });
  try {
    const cp = new AgentCheckpoint(workDir, 0);
    await cp.writeAgent({ hostname: "h", id: { value: AGENT }, port: 5051 });
    const run = checkpointingRun(workDir);
    let updates: TaskStatus[] = [];
    const save = async () => {
      cp.saveRun(AGENT, run, () => updates);
      await cp.flush();
    };
    const recovered = async () => {
      const runs = (await new AgentCheckpoint(workDir, 0).recover()).agent?.runs ?? [];
      assert.equal(runs.length, 1);
      return { state: runs[0].tasks?.[0]?.state, updates: runs[0].updates };
    };
    const runJson = cp.runPath(AGENT, {
      frameworkId: "fw-1",
      executorId: "ex-1",
      containerId: run.containerId,
    });
    const taskJson = runJson.replace(/run\.json$/, "tasks/t-1.json");
    const taskLog = taskJson.replace(/\.json$/, ".log");
    await save();
    const runIno = (await Deno.stat(runJson)).ino;
    const taskIno = (await Deno.stat(taskJson)).ino;

    await save();
    assert.equal((await Deno.stat(runJson)).ino, runIno, "unchanged run.json was rewritten");
    assert.equal((await Deno.stat(taskJson)).ino, taskIno, "unchanged task file was rewritten");
    await assert.rejects(Deno.stat(taskLog), Deno.errors.NotFound);

    run.tasks.get("t-1")!.state = "TASK_STARTING";
    updates = [status("TASK_STARTING", "dTE=")];
    await save();
    run.tasks.get("t-1")!.state = "TASK_RUNNING";
    updates = [status("TASK_STARTING", "dTE="), status("TASK_RUNNING", "dTI=")];
    await save();
    assert.equal((await Deno.stat(taskJson)).ino, taskIno, "the record was rewritten");
    assert.deepEqual(await recovered(), { state: "TASK_RUNNING", updates });

    updates = [status("TASK_RUNNING", "dTI=")]; // STARTING acknowledged
    await save();
    assert.equal((await Deno.stat(runJson)).ino, runIno, "unchanged run.json was rewritten");
    assert.equal((await Deno.stat(taskJson)).ino, taskIno, "the record was rewritten");
    assert.deepEqual(await recovered(), { state: "TASK_RUNNING", updates });

    // A crash in the middle of an append leaves a cut line: it is skipped.
    await Deno.writeTextFile(taskLog, '{"seq":9999999999999999,"state":"TASK_KI', {
      append: true,
    });
    assert.deepEqual(await recovered(), { state: "TASK_RUNNING", updates });

    cp.removeRun(AGENT, run);
    await cp.flush();
    await assert.rejects(Deno.stat(runJson), Deno.errors.NotFound);

    await save();
    assert.equal(JSON.parse(await Deno.readTextFile(runJson)).containerId, run.containerId);
    assert.deepEqual(await recovered(), { state: "TASK_RUNNING", updates });
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
});

/**
 * AgentCheckpoint writes (issue 17: rewriting an unchanged `run.json` on every status update
 * was a large part of an `up`'s CPU): saving a run whose files did not change leaves them as
 * they are (same inode: no new file was renamed over them), a changed task file is replaced
 * with its new content, a removed run's files are gone, and a run saved again after its
 * removal is written anew.
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
    delivered: false,
    killRequested: false,
  });
  return run;
}

Deno.test("checkpoint files are rewritten only when their text changes", async () => {
  const workDir = await Deno.makeTempDir({ prefix: "k8sm-checkpoint-writes-" });
  try {
    const cp = new AgentCheckpoint(workDir, 0);
    const run = checkpointingRun(workDir);
    let updates: TaskStatus[] = [];
    const save = () => cp.saveRun(AGENT, run, () => updates);
    const runJson = cp.runPath(AGENT, {
      frameworkId: "fw-1",
      executorId: "ex-1",
      containerId: run.containerId,
    });
    const taskJson = runJson.replace(/run\.json$/, "tasks/t-1.json");
    save();
    await cp.flush();
    const runIno = (await Deno.stat(runJson)).ino;
    const taskIno = (await Deno.stat(taskJson)).ino;

    save();
    await cp.flush();
    assert.equal((await Deno.stat(runJson)).ino, runIno, "unchanged run.json was rewritten");
    assert.equal((await Deno.stat(taskJson)).ino, taskIno, "unchanged task file was rewritten");

    run.tasks.get("t-1")!.state = "TASK_RUNNING";
    updates = [{ task_id: { value: "t-1" }, state: "TASK_RUNNING", uuid: "dXVpZA==" }];
    save();
    await cp.flush();
    assert.equal((await Deno.stat(runJson)).ino, runIno, "unchanged run.json was rewritten");
    assert.notEqual((await Deno.stat(taskJson)).ino, taskIno, "changed task file not replaced");
    const saved = JSON.parse(await Deno.readTextFile(taskJson));
    assert.equal(saved.task.state, "TASK_RUNNING");
    assert.deepEqual(saved.updates, updates);

    cp.removeRun(AGENT, run);
    await cp.flush();
    await assert.rejects(Deno.stat(runJson), Deno.errors.NotFound);

    save();
    await cp.flush();
    assert.equal(JSON.parse(await Deno.readTextFile(runJson)).containerId, run.containerId);
    assert.equal(JSON.parse(await Deno.readTextFile(taskJson)).task.state, "TASK_RUNNING");
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
});

/**
 * Agent checkpointing and recovery with real processes: `k8sm mesos-local --work-dir D` is
 * SIGKILLed and started again on D. The agent keeps its id and port, a checkpointing
 * framework's executor re-subscribes and its task (a real `sleep`) keeps running with the same
 * pid; a non-checkpointing framework's executor is destroyed on recovery; when the agent comes
 * back as a different agent (meta/slaves/latest-0 removed), the executor kills its task's
 * process and exits.
 */
import assert from "node:assert/strict";
import { killCall, launchCall } from "../../../../core/mesos/scheduler_calls.ts";
import { processAlive } from "../../../../core/mesos/local/executor_process.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { TestFramework } from "../../../_helpers/mesos_test_framework.ts";
import { freePort } from "../../../_helpers/ports.ts";
import { sleepExecutorInfo, sleepTaskData } from "../../../_helpers/sleep_executor.ts";
import { MesosLocalProcess } from "../../../_helpers/mesos_local_process.ts";

interface AgentStateDoc {
  id: string;
  executors: { id: string; pid?: number; subscribed: boolean }[];
}

async function agentState(endpoint: string): Promise<AgentStateDoc> {
  const res = await fetch(`http://${endpoint}/state`);
  return await res.json() as AgentStateDoc;
}

/** Starts a framework on `mesos`, runs one sleep task; returns its ids and pids. */
async function runSleep(mesos: MesosLocalProcess, fw: TestFramework, marker: string) {
  await fw.subscribed();
  const [offer] = await fw.offers();
  await fw.client.call(launchCall([offer.id.value], [{
    name: "t",
    task_id: { value: "t" },
    agent_id: offer.agent_id,
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
    executor: sleepExecutorInfo("e1"),
    data: sleepTaskData(marker),
  }]));
  const running = await fw.waitState("t", "TASK_RUNNING", 60_000);
  const sleepPid = Number(/pid=(\d+)/.exec(running.message ?? "")?.[1]);
  const executorPid = (await agentState(mesos.agentEndpoint)).executors[0].pid!;
  assert.ok(sleepPid > 0 && processAlive(sleepPid), "the task's sleep runs");
  return { agentId: offer.agent_id.value, sleepPid, executorPid };
}

function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** A mesos-local process on a temporary work dir, and one framework subscribed to it. */
interface Rig {
  dir: string;
  fw: TestFramework;
  /** The running mesos-local (replaced by `restart`). */
  mesos: MesosLocalProcess;
}

/**
 * Runs `body` against a fresh rig (a checkpointing framework unless `checkpoint: false`);
 * `restart` starts mesos-local again on the same work dir and port after the body killed it.
 * Stops everything and removes the work dir afterwards.
 */
async function withRig(
  opts: { extra?: string[]; checkpoint?: boolean },
  body: (rig: Rig, restart: () => Promise<MesosLocalProcess>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-recovery-" });
  const port = freePort();
  const start = () => MesosLocalProcess.start(dir, port, opts.extra ?? []);
  const mesos = await start();
  const fw = new TestFramework(
    `http://127.0.0.1:${port}`,
    opts.checkpoint === false ? { checkpoint: false } : { failoverTimeout: 600 },
  );
  const rig: Rig = { dir, fw, mesos };
  try {
    await body(rig, async () => rig.mesos = await start());
  } finally {
    await fw.close();
    await rig.mesos.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function keepsRunning(extra: string[]): Promise<void> {
  await withRig({ extra }, async (rig, restart) => {
    const { fw } = rig;
    const marker = `k8sm-recovery-${crypto.randomUUID()}`;
    const before = await runSleep(rig.mesos, fw, marker);
    const endpoint = rig.mesos.agentEndpoint;
    await rig.mesos.kill();
    assert.ok(processAlive(before.sleepPid), "the task outlives the agent process");
    await restart();
    assert.equal(rig.mesos.agentId, before.agentId, "the agent keeps its id");
    assert.equal(rig.mesos.agentEndpoint, endpoint, "the agent keeps its port");
    const state = await waitFor(async () => {
      const s = await agentState(endpoint);
      return s.executors.some((e) => e.subscribed) ? s : undefined;
    }, { what: "the executor to re-subscribe to the recovered agent", timeoutMs: 30_000 });
    assert.equal(state.executors[0].pid, before.executorPid, "the same executor process");
    assert.ok(processAlive(before.sleepPid), "the task's process still runs");
    assert.match(cmdline(before.sleepPid), new RegExp(marker), "with the same pid");
    await waitFor(
      () => fw.client.frameworkId && fw.events.filter((e) => e.type === "SUBSCRIBED").length >= 2,
      {
        what: "the framework to resubscribe to the restarted master",
        timeoutMs: 30_000,
      },
    );
    await fw.client.call(killCall("t", before.agentId));
    await fw.waitState("t", "TASK_KILLED", 30_000);
    await waitFor(() => !processAlive(before.sleepPid), {
      what: "the killed task's process to end",
    });
  });
}

Deno.test("a restarted mesos-local keeps its agent id and a checkpointing executor's task keeps running", async () => {
  await keepsRunning([]);
});

Deno.test("with executor authentication, the recovered agent accepts the executor's earlier token", async () => {
  await keepsRunning(["--authenticate-http-executors"]);
});

Deno.test("a checkpointing framework's task and its RUNNING are on the agent's disk before the executor gets the LAUNCH and the ACKNOWLEDGED", async () => {
  await withRig({}, async (rig) => {
    const { dir, fw } = rig;
    const launch = async (ids: string[]) => {
      const [offer] = await fw.offers();
      await fw.client.call(launchCall(
        [offer.id.value],
        ids.map((id) => ({
          name: id,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.05 } }],
          executor: sleepExecutorInfo("e1"),
          data: sleepTaskData(`k8sm-ckpt-first-${crypto.randomUUID()}`),
        })),
      ));
      return await Promise.all(ids.map((id) => fw.waitState(id, "TASK_RUNNING", 60_000)));
    };
    await fw.subscribed();
    await launch(["t0"]);
    // The executor is subscribed now: these LAUNCHes go out at once, unless held for the disk.
    const ids = Array.from({ length: 8 }, (_, i) => `t${i + 1}`);
    for (const running of await launch(ids)) {
      assert.match(
        running.message ?? "",
        /checkpointed=yes/,
        `${running.task_id.value}: ${running.message}`,
      );
    }
    const acks = `${dir}/slaves/${rig.mesos.agentId}/frameworks/${fw.client.frameworkId}` +
      "/executors/e1/runs/latest/acks.txt";
    const lines = await waitFor(async () => {
      const text = await Deno.readTextFile(acks).catch(() => "");
      const got = text.split("\n").filter(Boolean);
      return ids.every((id) => got.some((l) => l.startsWith(`${id} `))) ? got : undefined;
    }, { what: "the executor to record the ACKNOWLEDGED of every RUNNING", timeoutMs: 30_000 });
    for (const id of ids) assert.ok(lines.includes(`${id} yes`), `${id}: ${lines.join(", ")}`);
  });
});

Deno.test("a checkpointed task the agent died before delivering is dropped when its executor re-subscribes without it", async () => {
  await withRig({}, async (rig, restart) => {
    const { dir, fw } = rig;
    const before = await runSleep(rig.mesos, fw, `k8sm-undelivered-${crypto.randomUUID()}`);
    await rig.mesos.kill();
    // The crash window: "ghost" was checkpointed, its LAUNCH never sent (task file only).
    const runs = `${dir}/meta/slaves/${before.agentId}/frameworks/${fw.client.frameworkId}` +
      "/executors/e1/runs";
    const run = [...Deno.readDirSync(runs)].find((e) => e.isDirectory && e.name !== "latest")!;
    const tasks = `${runs}/${run.name}/tasks`;
    const saved = JSON.parse(await Deno.readTextFile(`${tasks}/t.json`));
    saved.task.info.task_id.value = "ghost";
    saved.task.info.name = "ghost";
    Object.assign(saved.task, { state: "TASK_STAGING", delivered: false });
    saved.updates = [];
    delete saved.seq;
    await Deno.writeTextFile(`${tasks}/ghost.json`, JSON.stringify(saved));
    await restart();
    const lost = await waitFor(
      () => fw.updates("ghost").find((u) => u.state === "TASK_LOST" || u.state === "TASK_DROPPED"),
      { what: "TASK_LOST or TASK_DROPPED for the undelivered task", timeoutMs: 30_000 },
    );
    assert.equal(lost.reason, "REASON_AGENT_RESTARTED");
    assert.ok(processAlive(before.sleepPid), "the delivered task keeps running");
  });
});

Deno.test("recovery destroys the executor of a framework that does not checkpoint", async () => {
  await withRig({ checkpoint: false }, async (rig, restart) => {
    const { fw } = rig;
    const before = await runSleep(rig.mesos, fw, `k8sm-nockpt-${crypto.randomUUID()}`);
    await fw.close();
    await rig.mesos.kill();
    await restart();
    await waitFor(() => !processAlive(before.executorPid) && !processAlive(before.sleepPid), {
      what: "the non-checkpointing executor and its task's process to be destroyed",
      timeoutMs: 30_000,
    });
    assert.deepEqual((await agentState(rig.mesos.agentEndpoint)).executors, []);
  });
});

Deno.test("an executor whose agent comes back as a different agent kills its task and exits", async () => {
  await withRig({}, async (rig, restart) => {
    const { dir, fw } = rig;
    const before = await runSleep(rig.mesos, fw, `k8sm-newagent-${crypto.randomUUID()}`);
    const endpoint = rig.mesos.agentEndpoint;
    await fw.close();
    await rig.mesos.kill();
    await Deno.remove(`${dir}/meta/slaves/latest-0`);
    await restart();
    assert.notEqual(rig.mesos.agentId, before.agentId, "a new agent id");
    assert.equal(rig.mesos.agentEndpoint, endpoint, "on the same port");
    await waitFor(() => !processAlive(before.sleepPid) && !processAlive(before.executorPid), {
      what: "the executor to kill its task's process and exit",
      timeoutMs: 30_000,
    });
  });
});

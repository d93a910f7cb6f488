/**
 * Acceptance 6: the scheduler runs as a `k8sm scheduler` child process and is killed with
 * SIGKILL while 100 pods are being scheduled (the first agent fits only some of them, so the
 * kill always lands mid-scheduling; the others join before the restart); started again on the same store it resubscribes
 * with the same framework id, and every pod ends up Running exactly once: mesos-local's /state
 * holds one RUNNING task per pod, each the one its pod's annotation names.
 */
import assert from "node:assert/strict";
import { TASK_ID_ANNOTATION } from "../../core/scheduler/annotations.ts";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster, type TestCluster } from "../_helpers/cluster.ts";
import { POD_TEST_EXECUTOR_PATH } from "../_helpers/pod_test_executor.ts";

interface Child {
  proc: Deno.ChildProcess;
  log: Promise<string>;
}

function spawnScheduler(c: TestCluster, dataDir: string): Child {
  const executor = c.executorKind === "real" ? CLI_MAIN_PATH : POD_TEST_EXECUTOR_PATH;
  const proc = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI_MAIN_PATH,
      "scheduler",
      `-mesos_master=${c.mesos.masterUrl}`,
      `-api_servers=${c.api.url}`,
      `-executor_path=${executor}`,
      "--container-runtime=process",
      "--storage=sqlite",
      `--data-dir=${dataDir}`,
      "--port=0",
      "--offer-ttl=1s",
      `--executor-arg=--root-dir=${c.executorRoot}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = new Response(proc.stderr).text();
  return { proc, log };
}

async function stop(child: Child, signal: Deno.Signal): Promise<string> {
  try {
    child.proc.kill(signal);
  } catch {
    // already gone
  }
  await child.proc.status;
  return await child.log;
}

Deno.test("SIGKILL mid-scheduling: same framework id, every pod Running exactly once", async () => {
  // 100 pods of 0.1 cpu need 10 cpus; the first agent has 2, so at the kill some pods are
  // necessarily still unscheduled. The other four agents join while the scheduler is down.
  const agent = (i: number, cpus: number) => ({
    hostname: `n${i}`,
    resources: `cpus:${cpus};mem:16384;ports:[${31000 + i * 100}-${31050 + i * 100}]`,
  });
  const c = await startTestCluster({ agents: [agent(0, 2)], scheduler: false });
  const dataDir = await Deno.makeTempDir({ prefix: "k8sm-scheduler-test-" });
  let child: Child | undefined = spawnScheduler(c, dataDir);
  let logs = "";
  try {
    const names = Array.from({ length: 100 }, (_, i) => `f${i}`);
    const pod = (n: string) => sleepPod(n, { cpu: "100m", memory: "16Mi" });
    await c.createPod(pod(names[0]));
    await c.waitPod(names[0], (p) => p.spec?.nodeName !== undefined, "bound", 60_000);
    const creating = Promise.all(names.slice(1).map((n) => c.createPod(pod(n))));
    const boundAtKill = await waitFor(async () => {
      const bound = (await c.listPods()).filter((p) => p.spec?.nodeName).length;
      return bound >= 2 ? bound : undefined;
    }, { timeoutMs: 60_000, intervalMs: 5, what: "more pods bound" });
    logs += await stop(child, "SIGKILL");
    child = undefined;
    await creating;
    const bound = (await c.listPods()).filter((p) => p.spec?.nodeName).length;
    assert.ok(boundAtKill >= 2 && bound < 100, `killed mid-scheduling (${bound} of 100 bound)`);
    const before = (await c.mesosState()).frameworks.filter((f) => f.name === "Kubernetes");
    assert.equal(before.length, 1);

    for (const i of [1, 2, 3, 4]) c.mesos.addAgent(agent(i, 16), 5);
    child = spawnScheduler(c, dataDir);
    await c.waitRunning(names, 120_000);
    const { state, pods } = await waitFor(async () => {
      const st = await c.mesosState();
      const ps = await c.listPods();
      const running = st.frameworks.flatMap((f) => f.tasks).filter((t) =>
        t.state === "TASK_RUNNING"
      ).map((t) => t.id).sort();
      const claimed = ps.map((p) => p.metadata.annotations?.[TASK_ID_ANNOTATION] ?? "").sort();
      const same = running.length === claimed.length && running.every((t, i) => t === claimed[i]);
      return same && ps.every((p) => p.status?.phase === "Running")
        ? { state: st, pods: ps }
        : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, what: "one RUNNING task per pod, orphans gone" });
    const fws = state.frameworks.filter((f) => f.name === "Kubernetes");
    assert.equal(fws.length, 1, "one framework");
    assert.equal(fws[0].id, before[0].id, "the same framework id after restart");
    const running = fws[0].tasks.filter((t) => t.state === "TASK_RUNNING");
    assert.equal(running.length, 100, "100 tasks run");
    const claimed = new Set(pods.map((p) => p.metadata.annotations?.[TASK_ID_ANNOTATION] ?? ""));
    assert.equal(claimed.size, 100, "every pod names its own task");
    assert.equal(pods.length, 100);
  } catch (e) {
    if (child) logs += await stop(child, "SIGTERM");
    child = undefined;
    console.error(logs.split("\n").slice(-60).join("\n"));
    throw e;
  } finally {
    if (child) await stop(child, "SIGTERM");
    await c.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

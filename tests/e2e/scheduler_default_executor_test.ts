/**
 * Issue 16 acceptance (`--executor=default`): the k8sm scheduler runs each pod as a task group
 * on mesos-local's DEFAULT executor, one task per container. An RC of 3 two-container pods ends
 * with 3 pods Running in the API (status written by the scheduler, 2 running containerStatuses
 * each) and the 6 container processes running on the agent; each container is its own Mesos
 * task of a LAUNCH_GROUP on the DEFAULT executor. A pod whose container has no command (only
 * an image) fails with reason Unsupported instead of holding up the others. Deleting a pod kills
 * both of its tasks and removes it from the API.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { startControllerManager } from "../../core/controllers/controller_manager.ts";
import { TASK_ID_ANNOTATION } from "../../core/scheduler/annotations.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestCluster } from "../_helpers/cluster.ts";

/** Pids whose command line is exactly `argv`. */
async function processesRunning(argv: string[]): Promise<number[]> {
  const want = argv.join("\0");
  const pids: number[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const cmd = await Deno.readTextFile(`/proc/${e.name}/cmdline`).catch(() => "");
    if (cmd.replace(/\0$/, "") === want) pids.push(Number(e.name));
  }
  return pids;
}

Deno.test("--executor=default runs an RC of 3 two-container pods as task groups: Running in the API, 6 processes; deleting a pod kills its group; a pod without a command fails Unsupported", async () => {
  const c = await startTestCluster({
    agents: [{ resources: "cpus:4;mem:2048" }],
    scheduler: { port: 0, executorMode: "default" },
  });
  const cm = startControllerManager({ api: { server: c.api.url } });
  const tag = String(40_000 + Math.floor(Math.random() * 10_000));
  const argv = (n: number) => ["sleep", `${tag}${n}`];
  try {
    await cm.leading;
    await c.client.create({ resource: "replicationcontrollers", namespace: "default" }, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "duo" },
      spec: {
        replicas: 3,
        selector: { app: "duo" },
        template: {
          metadata: { labels: { app: "duo" } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              { name: "a", image: "busybox", command: argv(1).slice(0, 1), args: argv(1).slice(1) },
              {
                name: "b",
                image: "busybox",
                command: argv(2),
                env: [{ name: "ROLE", value: "b" }],
                resources: { requests: { cpu: "200m", memory: "32Mi" } },
              },
            ],
          },
        },
      },
    });
    await c.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "imageonly" },
      spec: { containers: [{ name: "web", image: "nginx" }] },
    });
    const refused = await c.waitPod("imageonly", (p) => p.status?.phase === "Failed", "Failed");
    assert.equal(refused.status?.reason, "Unsupported");
    assert.match(refused.status?.message ?? "", /container web has no command or args/);
    const running = await waitFor(async () => {
      const pods = (await c.listPods()).filter((p: Pod) => p.metadata.labels?.app === "duo");
      const ok = pods.filter((p) =>
        p.status?.phase === "Running" &&
        p.status.containerStatuses?.filter((s) => s.state?.running).length === 2
      );
      return ok.length === 3 ? ok : undefined;
    }, { what: "3 two-container pods Running", timeoutMs: 60_000 });
    assert.equal(running.length, 3);
    for (const p of running) {
      assert.ok(p.spec?.nodeName, `pod ${p.metadata.name} is bound`);
      assert.equal(p.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");
    }
    const procs = await waitFor(async () => {
      const a = await processesRunning(argv(1));
      const b = await processesRunning(argv(2));
      return a.length === 3 && b.length === 3 ? [...a, ...b] : undefined;
    }, { what: "3 + 3 container processes", timeoutMs: 30_000 });
    assert.equal(procs.length, 6);
    const state = await c.mesosState() as unknown as {
      frameworks: { executors?: { type?: string }[]; tasks: { id: string; state: string }[] }[];
    };
    const tasks = state.frameworks.flatMap((f) => f.tasks)
      .filter((t) => t.state === "TASK_RUNNING");
    assert.equal(tasks.length, 6, "one running Mesos task per container");
    const victim = running[0];
    const taskId = victim.metadata.annotations?.[TASK_ID_ANNOTATION] ?? "";
    await c.client.delete({ resource: "pods", namespace: "default", name: victim.metadata.name });
    const killed = await waitFor(async () => {
      const s = await c.mesosState() as unknown as {
        frameworks: { completed_tasks: { id: string; state: string }[] }[];
      };
      const done = s.frameworks.flatMap((f) => f.completed_tasks)
        .filter((t) => t.id === taskId || t.id === `${taskId}.c1`);
      return done.length === 2 ? done : undefined;
    }, { what: `both tasks of deleted pod ${victim.metadata.name} ended`, timeoutMs: 30_000 });
    assert.deepEqual(killed.map((t) => t.state), ["TASK_KILLED", "TASK_KILLED"]);
    await waitFor(async () => {
      const left = await c.listPods();
      return left.some((p) => p.metadata.name === victim.metadata.name) ? undefined : true;
    }, { what: `pod ${victim.metadata.name} removed from the API`, timeoutMs: 30_000 });

    // A container that fails ends the pod: Failed, not ready, its own exit code and name.
    await c.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "failer" },
      spec: {
        restartPolicy: "Never",
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: "long", image: "busybox", command: argv(3) },
          { name: "bad", image: "busybox", command: ["sh", "-c", "sleep 1; exit 3"] },
        ],
      },
    });
    const failed = await c.waitPod(
      "failer",
      (p) =>
        p.status?.phase === "Failed" &&
        (p.status.containerStatuses ?? []).some((s) => s.state?.terminated?.exitCode === 3),
      "Failed",
    );
    assert.match(failed.status?.message ?? "", /container "bad"/);
    const bad = failed.status?.containerStatuses?.find((s) => s.name === "bad");
    assert.equal(bad?.state?.terminated?.exitCode, 3);
    assert.equal(bad?.ready, false);
    assert.equal(failed.status?.conditions?.find((x) => x.type === "Ready")?.status, "False");
  } finally {
    await cm.close();
    await c.close();
  }
});

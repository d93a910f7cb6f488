/**
 * Lifecycle hooks and spec updates through a PodWorker over the real process runtime: a failing
 * postStart kills the container (FailedPostStartHook) and it is restarted, a failing preStop is
 * reported (FailedPreStopHook) and the stop goes on, and a changed image restarts the container
 * even under restartPolicy Never.
 */
import assert from "node:assert/strict";
import { PodWorker } from "../../../core/executor/pod_worker.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import type { Container, Pod } from "../../../core/api/types/pod.ts";
import { waitFor } from "../../../core/util/wait.ts";

type Event = { type: string; reason: string; message: string };

async function withWorker(
  restartPolicy: "Always" | "Never",
  container: Container & Record<string, unknown>,
  fn: (w: PodWorker, events: Event[], p: Pod) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "k8sm-hooks-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const p: Pod = {
    metadata: { name: "p", namespace: "default", uid: crypto.randomUUID() },
    spec: { restartPolicy, terminationGracePeriodSeconds: 2, containers: [container] },
  };
  const events: Event[] = [];
  const w = new PodWorker({
    pod: p,
    runtime,
    ctx: { taskId: "t1", executorId: "e1" },
    backoffInitialMs: 100,
    backoffMaxMs: 200,
    syncIntervalMs: 50,
    onChange: () => {},
    event: (type, reason, message) => events.push({ type, reason, message }),
  });
  try {
    w.start();
    await fn(w, events, p);
  } finally {
    await w.kill(0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
}

const loop = ["sh", "-c", "while true; do sleep 0.1; done"];

Deno.test("a failing postStart hook kills the container, which is restarted", async () => {
  const c = {
    name: "main",
    image: "busybox",
    command: loop,
    lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo nope; exit 3"] } } },
  };
  await withWorker("Always", c, async (w, events) => {
    await waitFor(() => w.snapshot().containers[0].restartCount >= 1, {
      what: "the container restarted after its postStart hook failed",
    });
    const failed = events.find((e) => e.reason === "FailedPostStartHook");
    assert.ok(failed, JSON.stringify(events));
    assert.equal(failed.type, "Warning");
    assert.match(failed.message, /PostStartHook failed for container "main".*exited with 3/);
  });
});

Deno.test("a failing preStop hook is reported and the container still stops", async () => {
  const c = {
    name: "main",
    image: "busybox",
    command: loop,
    lifecycle: { preStop: { exec: { command: ["sh", "-c", "exit 4"] } } },
  };
  await withWorker("Always", c, async (w, events) => {
    await waitFor(() => w.snapshot().containers[0].state.running, { what: "running" });
    await w.kill(2);
    assert.ok(w.snapshot().containers[0].state.terminated, "the container stopped");
    const failed = events.find((e) => e.reason === "FailedPreStopHook");
    assert.match(failed?.message ?? "", /PreStopHook failed for container "main"/);
  });
});

Deno.test("a changed image restarts the container with it, even under restartPolicy Never", async () => {
  const c = { name: "main", image: "busybox:1", command: loop };
  await withWorker("Never", c, async (w, events, p) => {
    await waitFor(() => w.snapshot().containers[0].state.running, { what: "running" });
    const updated: Pod = structuredClone(p);
    updated.spec!.containers[0].image = "busybox:2";
    w.updateSpec(updated);
    await waitFor(
      () => {
        const s = w.snapshot().containers[0];
        return s.restartCount === 1 && s.state.running !== undefined;
      },
      { what: "the container running again as attempt 1" },
    );
    assert.equal(w.snapshot().containers[0].image, "busybox:2");
    assert.ok(
      events.some((e) =>
        e.reason === "Killing" &&
        e.message === "Container main definition changed, will be restarted"
      ),
    );
  });
});

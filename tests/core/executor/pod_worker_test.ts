/**
 * PodWorker over the real process runtime: restart policies with crash-loop back-off, probes
 * against a real HTTP server, kill within the grace, and adoption by a second worker.
 */
import assert from "node:assert/strict";
import { PodWorker } from "../../../core/executor/pod_worker.ts";
import { buildPodStatus } from "../../../core/executor/pod_status_builder.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import type { Container, Pod } from "../../../core/api/types/pod.ts";
import type { PodStatus } from "../../../core/api/types/pod.ts";
import { waitFor } from "../../../core/util/wait.ts";

function pod(restartPolicy: "Always" | "OnFailure" | "Never", containers: Container[]): Pod {
  return {
    metadata: { name: "p", namespace: "default", uid: crypto.randomUUID() },
    spec: { restartPolicy, terminationGracePeriodSeconds: 1, containers },
  };
}

const sh = (name: string, script: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: "busybox",
  command: ["sh", "-c", script],
  ...extra,
});

/** A worker with a status history, over a fresh process runtime. */
async function harness(p: Pod) {
  const root = await Deno.makeTempDir({ prefix: "k8sm-worker-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const seen: PodStatus[] = [];
  let last: PodStatus | undefined;
  const worker = new PodWorker({
    pod: p,
    runtime,
    ctx: { taskId: "t1", executorId: "e1" },
    backoffInitialMs: 300,
    backoffMaxMs: 1200,
    syncIntervalMs: 50,
    onChange: () => {
      last = buildPodStatus(worker.snapshot(), last);
      seen.push(last);
    },
  });
  return {
    worker,
    runtime,
    seen,
    root,
    until(pred: (s: PodStatus) => boolean, what: string, timeoutMs = 15_000) {
      return waitFor(() => seen.find(pred), { what, timeoutMs });
    },
    async stop() {
      await worker.kill(0);
      await runtime.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

Deno.test("PodWorker: OnFailure restarts a failing container with growing back-off", async () => {
  const h = await harness(pod("OnFailure", [sh("crash", "echo boom; exit 1")]));
  try {
    h.worker.start();
    const backoff = await h.until(
      (s) => s.containerStatuses?.[0].state?.waiting?.reason === "CrashLoopBackOff",
      "CrashLoopBackOff",
    );
    assert.match(
      backoff.containerStatuses![0].state!.waiting!.message!,
      /back-off \d+s restarting failed container=crash/,
    );
    assert.equal(backoff.containerStatuses![0].lastState?.terminated?.exitCode, 1);
    assert.equal(backoff.phase, "Running", "a restarting OnFailure pod stays Running");
    await h.until((s) => s.containerStatuses![0].restartCount >= 3, "restartCount 3");
    const counts = h.seen.map((s) => s.containerStatuses![0].restartCount);
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b), "restartCount only grows");
  } finally {
    await h.stop();
  }
});

Deno.test("PodWorker: Never leaves a failed container down and the pod Failed", async () => {
  const h = await harness(pod("Never", [sh("once", "exit 3")]));
  try {
    h.worker.start();
    const failed = await h.until((s) => s.phase === "Failed", "phase Failed");
    assert.equal(failed.containerStatuses![0].state?.terminated?.exitCode, 3);
    assert.equal(failed.containerStatuses![0].restartCount, 0);
    assert.ok(h.worker.finished);
  } finally {
    await h.stop();
  }
});

Deno.test("PodWorker: OnFailure with exit 0 completes the pod (Succeeded)", async () => {
  const h = await harness(pod("OnFailure", [sh("ok", "exit 0")]));
  try {
    h.worker.start();
    const done = await h.until((s) => s.phase === "Succeeded", "phase Succeeded");
    assert.equal(done.containerStatuses![0].state?.terminated?.reason, "Completed");
  } finally {
    await h.stop();
  }
});

Deno.test("PodWorker: readiness follows an httpGet probe; liveness failures restart", async () => {
  let healthy = true;
  let ready = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    const ok = path === "/ready" ? ready : healthy;
    return new Response(ok ? "ok" : "no", { status: ok ? 200 : 500 });
  });
  const probe = (path: string) => ({
    httpGet: { host: "127.0.0.1", port: server.addr.port, path },
    periodSeconds: 1,
    failureThreshold: 1,
  });
  const h = await harness(pod("Always", [
    sh("app", "exec sleep 1000", {
      readinessProbe: probe("/ready"),
      livenessProbe: probe("/live"),
    }),
  ]));
  try {
    h.worker.start();
    await h.until((s) => s.containerStatuses?.[0].state?.running !== undefined, "running");
    assert.equal(h.seen.at(-1)!.conditions!.find((c) => c.type === "Ready")!.status, "False");
    ready = true;
    await h.until(
      (s) => s.conditions!.some((c) => c.type === "Ready" && c.status === "True"),
      "Ready",
    );
    const at = h.seen.length;
    ready = false;
    await waitFor(
      () =>
        h.seen.slice(at).find((s) =>
          s.conditions!.some((c) => c.type === "Ready" && c.status === "False")
        ),
      { what: "Ready False again" },
    );
    healthy = false;
    const restarted = await h.until(
      (s) => s.containerStatuses![0].restartCount >= 1,
      "liveness restart",
    );
    assert.match(
      JSON.stringify(restarted.containerStatuses![0]),
      /Liveness probe failed/,
    );
    healthy = true;
  } finally {
    await h.stop();
    await server.shutdown();
  }
});

Deno.test("PodWorker: kill stops within the grace; a second worker adopts instead of doubling", async () => {
  const p = pod("Always", [sh("main", "exec sleep 1000")]);
  const h = await harness(p);
  try {
    h.worker.start();
    const first = await h.until(
      (s) => s.containerStatuses?.[0].state?.running !== undefined,
      "running",
    );
    const again = new PodWorker({
      pod: p,
      runtime: h.runtime,
      ctx: { taskId: "t2", executorId: "e1" },
      syncIntervalMs: 50,
      onChange: () => {},
    });
    again.start();
    await waitFor(() => again.snapshot().containers[0].state.running, { what: "adopted running" });
    assert.equal(
      again.snapshot().containers[0].containerID,
      first.containerStatuses![0].containerID,
    );
    const found = await h.runtime.listPodContainers({
      podUid: p.metadata.uid,
      includeSandboxes: false,
    });
    assert.equal(found.length, 1, "no second container was started");
    await again.kill(1);
    assert.equal(again.snapshot().containers[0].state.terminated !== undefined, true);
    assert.deepEqual(await h.runtime.listPodContainers({ podUid: p.metadata.uid }), []);
  } finally {
    await h.stop();
  }
});

Deno.test("PodWorker: containers get the downward API and service variables", async () => {
  const p = pod("Never", [sh("env", 'echo "$ME on $(NODE) sees $DB_SERVICE_HOST"', {
    env: [
      { name: "ME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "NODE", value: "node-$(ME)" },
    ],
    args: [],
  })]);
  const root = await Deno.makeTempDir({ prefix: "k8sm-worker-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const worker = new PodWorker({
    pod: p,
    runtime,
    ctx: {},
    syncIntervalMs: 50,
    onChange: () => {},
    serviceEnv: (ns) => {
      const env: Record<string, string> = {};
      if (ns === "default") env.DB_SERVICE_HOST = "10.10.10.3";
      return Promise.resolve(env);
    },
  });
  try {
    worker.start();
    await waitFor(() => worker.finished, { what: "the container to finish" });
    const ref = worker.slots[0].ref!;
    const text = await new Response(await runtime.logs(ref, {})).text();
    assert.equal(text.trim(), "p on node-p sees 10.10.10.3");
  } finally {
    await worker.kill(0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("PodWorker: init containers run in order before the app containers", async () => {
  const p = pod("Always", [sh("app", "cat first second; exec sleep 1000")]);
  p.spec!.initContainers = [
    sh("one", "echo one > first"),
    sh("two", "test -f first && echo two > second"),
  ];
  const h = await harness(p);
  try {
    h.worker.start();
    const running = await h.until((s) => s.phase === "Running", "Running after init");
    assert.deepEqual(
      running.initContainerStatuses?.map((c) => [c.name, c.state?.terminated?.exitCode]),
      [["one", 0], ["two", 0]],
    );
    assert.equal(running.conditions?.find((c) => c.type === "Initialized")?.status, "True");
    const pending = h.seen.find((s) =>
      s.containerStatuses?.[0].state?.waiting?.reason === "PodInitializing"
    );
    assert.equal(pending?.phase, "Pending", "the pod was Pending while initializing");
    assert.equal(pending?.conditions?.find((c) => c.type === "Initialized")?.status, "False");
    const text = await waitFor(async () => {
      const t = await new Response(await h.runtime.logs(h.worker.slots[0].ref!, {})).text();
      return t.includes("two") ? t : undefined;
    }, { what: "the app's output" });
    assert.equal(text, "one\ntwo\n");
  } finally {
    await h.stop();
  }
});

Deno.test("PodWorker: a failing init container fails a Never pod, restarts otherwise", async () => {
  const never = pod("Never", [sh("app", "exec sleep 1000")]);
  never.spec!.initContainers = [sh("setup", "exit 2")];
  const h = await harness(never);
  try {
    h.worker.start();
    const failed = await h.until((s) => s.phase === "Failed", "Failed");
    assert.equal(failed.message, 'init container "setup" exited with code 2');
    assert.equal(failed.containerStatuses?.[0].state?.waiting?.reason, "PodInitializing");
    assert.equal(h.worker.slots[0].ref, undefined, "the app container never started");
  } finally {
    await h.stop();
  }
  const always = pod("Always", [sh("app", "exec sleep 1000")]);
  always.spec!.initContainers = [sh("setup", "exit 2")];
  const h2 = await harness(always);
  try {
    h2.worker.start();
    const retrying = await h2.until(
      (s) => (s.initContainerStatuses?.[0].restartCount ?? 0) >= 2,
      "init restarts",
    );
    assert.equal(retrying.phase, "Pending");
    assert.equal(h2.worker.slots[0].ref, undefined);
  } finally {
    await h2.stop();
  }
});

Deno.test("PodWorker: activeDeadlineSeconds stops the pod and fails it", async () => {
  const p = pod("Always", [sh("main", "exec sleep 1000")]);
  p.spec!.activeDeadlineSeconds = 1;
  const h = await harness(p);
  try {
    h.worker.start();
    await h.until((s) => s.phase === "Running", "Running");
    const failed = await h.until((s) => s.phase === "Failed", "Failed after the deadline");
    assert.equal(failed.reason, "DeadlineExceeded");
    assert.ok(failed.containerStatuses?.[0].state?.terminated, "the container was stopped");
    assert.ok(h.worker.finished);
  } finally {
    await h.stop();
  }
});

/**
 * Issue 12 "Signals" for `k8sm executor` (process runtime, under mesos-local): a burst of
 * SIGTERMs is one request (pods are stopped within their grace and reported killed); a second
 * SIGTERM given deliberately later forces: the executor removes its pods at once and exits, so
 * no pod process outlives it. Pods are found by a marker argument in their command line.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { processesMentioning } from "../_helpers/k8sm_up.ts";
import { PodCluster } from "../_helpers/pod_task_framework.ts";

/** A pod running `sleep <marker>`, ignoring SIGTERM when `stubborn`. */
function sleeper(name: string, marker: string, stubborn: boolean): Record<string, unknown> {
  const script = `${stubborn ? "trap '' TERM; " : ""}exec sleep ${marker}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      terminationGracePeriodSeconds: stubborn ? 120 : 2,
      containers: [{ name: "main", image: "busybox", command: ["sh", "-c", script] }],
    },
  };
}

const marker = () => `${8_000_000 + Math.floor(Math.random() * 999_999)}`;

Deno.test({
  name: "k8sm executor: two SIGTERMs 1 ms apart are one request; its pods stop gracefully",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const pc = await PodCluster.start({ runtime: "process" });
    const m = marker();
    try {
      const p = await pc.run(sleeper("burst", m, false));
      await pc.waitState(p, "TASK_RUNNING");
      const pid = pc.executorPid();
      Deno.kill(pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 1));
      Deno.kill(pid, "SIGTERM");
      await pc.waitState(p, "TASK_KILLED");
      await pc.waitExecutorGone();
      assert.deepEqual(processesMentioning(`sleep ${m}`), []);
      assert.doesNotMatch(await pc.executorLog(), /second signal/);
    } finally {
      await pc.close();
    }
  },
});

Deno.test({
  name: "k8sm executor: a later second SIGTERM removes its pods at once, then it exits",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const pc = await PodCluster.start({ runtime: "process" });
    const m = marker();
    try {
      const p = await pc.run(sleeper("stubborn", m, true));
      await pc.waitState(p, "TASK_RUNNING");
      await waitFor(() => processesMentioning(`sleep ${m}`).length === 1, { what: "the pod" });
      const pid = pc.executorPid();
      Deno.kill(pid, "SIGTERM");
      const first = performance.now();
      // Deliberately after the burst window; the pod ignores SIGTERM, so it is still stopping.
      await waitFor(() => performance.now() - first > 1500, { timeoutMs: 5000, what: "1.5 s" });
      assert.equal(processesMentioning(`sleep ${m}`).length, 1, "the pod is still stopping");
      Deno.kill(pid, "SIGTERM");
      await pc.waitExecutorGone();
      await waitFor(() => processesMentioning(`sleep ${m}`).length === 0, {
        timeoutMs: 10_000,
        what: "the pod process to be gone with its executor",
      });
      assert.match(await pc.executorLog(), /second signal; removing this executor's pods/);
    } finally {
      await pc.close();
    }
  },
});

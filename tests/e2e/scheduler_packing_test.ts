/**
 * Acceptance 1: 30 pods with mixed requests on three agents of different sizes all run, no
 * agent's summed requests (plus the executor's share) exceed its resources; spread uses every
 * agent, binpack fills the smaller agents first and leaves the largest one empty.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { parseCpu, parseMemory } from "../../core/api/quantity.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster, type TestCluster } from "../_helpers/cluster.ts";

const AGENTS = [
  { hostname: "big", resources: "cpus:4;mem:4096;ports:[31000-31100]" },
  { hostname: "medium", resources: "cpus:2;mem:2048;ports:[31200-31300]" },
  { hostname: "small", resources: "cpus:1;mem:1024;ports:[31400-31500]" },
];
const CAPACITY: Record<string, { cpus: number; mem: number }> = {
  big: { cpus: 4, mem: 4096 },
  medium: { cpus: 2, mem: 2048 },
  small: { cpus: 1, mem: 1024 },
};
const SHAPES = [
  { cpu: "100m", memory: "32Mi" },
  { cpu: "200m", memory: "64Mi" },
  { cpu: "150m", memory: "128Mi" },
];

function usage(pods: Pod[]): Map<string, { cpus: number; mem: number; n: number }> {
  const out = new Map<string, { cpus: number; mem: number; n: number }>();
  for (const p of pods) {
    const node = p.spec?.nodeName ?? "";
    const u = out.get(node) ?? { cpus: 0.25, mem: 128, n: 0 };
    const r = p.spec?.containers[0].resources?.requests ?? {};
    u.cpus += parseCpu(r.cpu ?? "0");
    u.mem += parseMemory(r.memory ?? "0") / (1024 * 1024);
    u.n++;
    out.set(node, u);
  }
  return out;
}

async function runPods(c: TestCluster, count: number, placement: "spread" | "binpack") {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(`p${i}`);
    await c.createPod(sleepPod(`p${i}`, SHAPES[i % SHAPES.length]));
  }
  await c.startScheduler({ placement });
  return await c.waitRunning(names, 90_000);
}

Deno.test("30 mixed pods on three agents all run within each agent's resources", async () => {
  const c = await startTestCluster({ agents: AGENTS, scheduler: false });
  try {
    const pods = await runPods(c, 30, "spread");
    const used = usage(pods);
    for (const [node, u] of used) {
      const cap = CAPACITY[node];
      assert.ok(cap, `pod bound to unknown node ${node}`);
      assert.ok(u.cpus <= cap.cpus + 1e-9, `${node}: ${u.cpus} cpus > ${cap.cpus}`);
      assert.ok(u.mem <= cap.mem, `${node}: ${u.mem} MiB > ${cap.mem}`);
    }
    assert.equal(used.size, 3, "spread puts pods on every agent");
    const running = await waitFor(async () => {
      const st = await c.mesosState();
      const r = st.frameworks.flatMap((f) => f.tasks).filter((t) => t.state === "TASK_RUNNING");
      return r.length === 30 ? r : undefined;
    }, { timeoutMs: 30_000, what: "30 RUNNING tasks" });
    assert.equal(new Set(running.map((t) => t.id)).size, 30);
  } finally {
    await c.close();
  }
});

Deno.test("binpack fills the smaller agents first and leaves the big one empty", async () => {
  const c = await startTestCluster({ agents: AGENTS, scheduler: false });
  try {
    const pods = await runPods(c, 12, "binpack");
    const used = usage(pods);
    assert.equal(used.get("big"), undefined, "binpack must not open the largest agent");
    const small = used.get("small");
    assert.ok(small && small.cpus > 0.75, `small agent filled (${small?.cpus} cpus used)`);
  } finally {
    await c.close();
  }
});

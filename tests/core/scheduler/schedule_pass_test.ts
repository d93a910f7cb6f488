import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { parseResourcesText } from "../../../core/mesos/resource_text.ts";
import { cpus, mem } from "../../../core/mesos/resource_query.ts";
import type { MesosResource } from "../../../core/mesos/resources.ts";
import type { AgentSlot } from "../../../core/scheduler/fit.ts";
import { PodQueue } from "../../../core/scheduler/pod_queue.ts";
import { DEFAULT_RESOURCES } from "../../../core/scheduler/pod_resources.ts";
import { type PassInput, planPass } from "../../../core/scheduler/schedule_pass.ts";
import { choosePlacement, podGroupKey } from "../../../core/scheduler/placement.ts";

function slot(id: string, text: string, rack: string): AgentSlot {
  const remaining = parseResourcesText(text) as MesosResource[];
  return {
    agentId: id,
    hostname: id,
    attributes: { rack },
    remaining,
    freeCpus: cpus(remaining),
    freeMemMb: mem(remaining),
    hasExecutor: true,
  };
}

function pod(name: string, cpu: string, extra: Partial<Pod["metadata"]> = {}): Pod {
  return {
    metadata: { name, namespace: "default", uid: name, ...extra },
    spec: { containers: [{ name: "c", resources: { requests: { cpu, memory: "32Mi" } } }] },
  };
}

function input(pods: Pod[], slots: AgentSlot[], strategy: "spread" | "binpack"): PassInput {
  const q = new PodQueue();
  for (const p of pods) q.upsert(`default/${p.metadata.name}`, p);
  return {
    pods: q.all(),
    slots,
    strategy,
    share: { cpus: 0.25, memMb: 128 },
    defaults: DEFAULT_RESOURCES,
    mapAllPorts: false,
    groupSites: new Map(),
    taskCounts: new Map(),
    allSites: slots.map((s) => ({ hostname: s.hostname, attributes: s.attributes })),
  };
}

Deno.test("several pods pack into one offer, FCFS, until it is full", () => {
  const pods = [1, 2, 3, 4].map((i) => pod(`p${i}`, "400m"));
  const { placements, unplaced } = planPass(
    input(pods, [slot("a", "cpus:1;mem:1024", "r1")], "spread"),
  );
  assert.deepEqual(placements.map((p) => p.entry.pod.metadata.name), ["p1", "p2"]);
  assert.deepEqual(unplaced.map((u) => u.entry.pod.metadata.name), ["p3", "p4"]);
  assert.match(
    unplaced[0].message,
    /^0\/1 agents are available: 1 Insufficient cpu \(needs 0.4 cpus, 0.2 offered\)/,
  );
});

Deno.test("spread alternates agents; binpack fills the fuller agent first", () => {
  const pods = [1, 2, 3, 4].map((i) => pod(`p${i}`, "500m"));
  const spread = planPass(
    input(pods, [slot("a", "cpus:4;mem:4096", "r1"), slot("b", "cpus:4;mem:4096", "r1")], "spread"),
  );
  assert.deepEqual(spread.placements.map((p) => p.slot.hostname), ["a", "b", "a", "b"]);
  const binpack = planPass(
    input(
      pods,
      [slot("a", "cpus:4;mem:4096", "r1"), slot("b", "cpus:2;mem:4096", "r1")],
      "binpack",
    ),
  );
  assert.deepEqual(binpack.placements.map((p) => p.slot.hostname), ["b", "b", "b", "b"]);
});

Deno.test("constraints apply across the pods of one pass", () => {
  const c = { "k8s.mesosphere.io/constraints": '[["hostname","UNIQUE"]]' };
  const pods = [1, 2, 3].map((i) => pod(`u${i}`, "100m", { labels: { app: "u" }, annotations: c }));
  const r = planPass(
    input(pods, [slot("a", "cpus:4;mem:4096", "r1"), slot("b", "cpus:4;mem:4096", "r2")], "spread"),
  );
  assert.deepEqual(r.placements.map((p) => p.slot.hostname).sort(), ["a", "b"]);
  assert.equal(r.unplaced.length, 1);
  assert.match(r.unplaced[0].message, /2 constraint/);
});

Deno.test("a pod with unreadable constraints is reported invalid", () => {
  const p = pod("bad", "100m", { annotations: { "k8s.mesosphere.io/constraints": "nope" } });
  const r = planPass(input([p], [slot("a", "cpus:4;mem:4096", "r1")], "spread"));
  assert.equal(r.unplaced[0].invalid, true);
  assert.match(r.unplaced[0].message, /not JSON/);
});

Deno.test("groups: controller uid first, else namespace and labels", () => {
  const owned = pod("x", "1", {
    ownerReferences: [{
      apiVersion: "v1",
      kind: "ReplicationController",
      name: "rc",
      uid: "u1",
      controller: true,
    }],
  });
  assert.equal(podGroupKey(owned), "owner:u1");
  assert.equal(
    podGroupKey(pod("y", "1", { labels: { b: "2", a: "1" } })),
    "labels:default/a=1,b=2",
  );
  assert.equal(choosePlacement([], "spread"), undefined);
});

Deno.test("a pod pinned to a known agent without offers waits; unknown or too small is a failure", () => {
  const pinned = (name: string, node: string, cpu = "100m") => {
    const p = pod(name, cpu);
    p.spec!.nodeName = node;
    return p;
  };
  const a = slot("a", "cpus:1;mem:1024", "r1");
  const known = input([pinned("on-b", "b"), pinned("on-gone", "gone"), pinned("big", "a", "4")], [
    a,
  ], "spread");
  known.allSites.push({ hostname: "b", attributes: { rack: "r2" } });
  const { placements, unplaced } = planPass(known);
  assert.equal(placements.length, 0);
  const byName = new Map(unplaced.map((u) => [u.entry.pod.metadata.name, u]));
  assert.equal(byName.get("on-b")?.waiting, true);
  assert.equal(byName.get("on-gone")?.waiting, undefined);
  assert.match(byName.get("on-gone")?.message ?? "", /pinned to node gone/);
  assert.equal(byName.get("big")?.waiting, undefined);
  assert.match(byName.get("big")?.message ?? "", /Insufficient cpu/);
});

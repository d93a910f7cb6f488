/**
 * Acceptance 4: nodeSelector and every Marathon constraint operator, each checked so that the
 * test fails if the scheduler ignored it. Four agents: a1 and a2 in rack r1, a3 in r2, a4 in r3.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { CONSTRAINTS_ANNOTATION } from "../../core/scheduler/constraints.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster, type TestCluster } from "../_helpers/cluster.ts";

const RACK: Record<string, string> = { a1: "r1", a2: "r1", a3: "r2", a4: "r3" };

function agents() {
  return Object.entries(RACK).map(([hostname, rack], i) => ({
    hostname,
    resources: `cpus:8;mem:8192;ports:[${31000 + i * 100}-${31000 + i * 100 + 50}]`,
    attributes: `rack:${rack}`,
  }));
}

async function group(c: TestCluster, app: string, n: number, constraints: unknown[][]) {
  for (let i = 0; i < n; i++) {
    await c.createPod(sleepPod(`${app}-${i}`, {
      cpu: "100m",
      labels: { app },
      annotations: { [CONSTRAINTS_ANNOTATION]: JSON.stringify(constraints) },
    }));
  }
}

/** Waits until `running` pods of the app run and stays so for a few passes; returns hosts. */
async function hosts(c: TestCluster, app: string, running: number): Promise<string[]> {
  const pods = await waitFor(async () => {
    const all = (await c.listPods()).filter((p) => p.metadata.labels?.app === app);
    const r = all.filter((p: Pod) => p.status?.phase === "Running");
    return r.length >= running ? r : undefined;
  }, { timeoutMs: 45_000, what: `${running} pods of ${app} Running` });
  return pods.map((p) => p.spec?.nodeName ?? "").sort();
}

Deno.test("nodeSelector and Marathon constraints steer placement", async () => {
  const c = await startTestCluster({ agents: agents(), scheduler: false });
  try {
    await c.createPod(sleepPod("sel", {
      cpu: "100m",
      labels: { app: "sel" },
      nodeSelector: { "k8s.mesosphere.io/attribute-rack": "r2" },
    }));
    await c.createPod(
      sleepPod("pinned", { cpu: "100m", labels: { app: "pinned" }, nodeName: "a4" }),
    );
    await group(c, "unique", 5, [["hostname", "UNIQUE"]]);
    await group(c, "cluster", 4, [["rack", "CLUSTER", "r1"]]);
    await group(c, "groupby", 3, [["rack", "GROUP_BY"]]);
    await group(c, "like", 4, [["rack", "LIKE", "r[12]"]]);
    await group(c, "unlike", 4, [["rack", "UNLIKE", "r1"]]);
    await group(c, "maxper", 4, [["rack", "MAX_PER", "1"]]);
    await c.startScheduler();

    assert.deepEqual(await hosts(c, "sel", 1), ["a3"]);
    assert.deepEqual(await hosts(c, "pinned", 1), ["a4"], "spec.nodeName pins a pod");
    const pinned = await c.getPod("pinned");
    assert.ok(pinned.metadata.annotations?.["k8s.mesosphere.io/taskId"], "pinned pod annotated");
    const unique = await hosts(c, "unique", 4);
    assert.deepEqual(unique, ["a1", "a2", "a3", "a4"], "UNIQUE hostname: one per agent");
    const cluster = await hosts(c, "cluster", 4);
    assert.ok(cluster.every((h) => RACK[h] === "r1"), `CLUSTER r1 only: ${cluster}`);
    const groupby = await hosts(c, "groupby", 3);
    assert.deepEqual(groupby.map((h) => RACK[h]).sort(), ["r1", "r2", "r3"], "GROUP_BY rack");
    const like = await hosts(c, "like", 4);
    assert.ok(like.every((h) => RACK[h] !== "r3"), `LIKE r[12]: ${like}`);
    const unlike = await hosts(c, "unlike", 4);
    assert.ok(unlike.every((h) => RACK[h] !== "r1"), `UNLIKE r1: ${unlike}`);
    const maxper = await hosts(c, "maxper", 3);
    assert.deepEqual(maxper.map((h) => RACK[h]).sort(), ["r1", "r2", "r3"], "MAX_PER rack 1");

    const pending = (await c.listPods()).filter((p) =>
      ["unique", "maxper"].includes(p.metadata.labels?.app ?? "") && p.status?.phase === "Pending"
    );
    assert.equal(pending.length, 2, "the 5th UNIQUE and the 4th MAX_PER pod wait");
    assert.ok(pending.every((p) => !p.spec?.nodeName));
  } finally {
    await c.close();
  }
});

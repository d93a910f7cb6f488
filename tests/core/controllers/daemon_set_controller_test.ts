/**
 * The DaemonSet controller against a real apiserver with a fake kubelet: one pod per Node,
 * pinned by spec.nodeName; a new Node gets its pod; nodeSelector limits the Nodes; a
 * template change rolls out with at most maxUnavailable (1) Node without an available pod.
 */
import assert from "node:assert/strict";
import type { DaemonSet } from "../../../core/api/types/apps.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { Informer } from "../../../core/client/informer.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";
import { startFakeKubelet } from "../../_helpers/fake_kubelet.ts";

const DS = { resource: "daemonsets", namespace: "default", groupVersion: "apps/v1" };

function daemonSet(name: string, nodeSelector?: Record<string, string>): DaemonSet {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { nodeSelector, containers: [{ name: "main", image: "busybox:1" }] },
      },
    },
  };
}

async function addNode(env: ControllerEnv, name: string, labels: Record<string, string> = {}) {
  await env.client.create({ resource: "nodes" }, {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  });
}

async function nodesOf(env: ControllerEnv, app: string, n: number): Promise<string[]> {
  return await waitFor(async () => {
    const pods = (await env.pods(`app=${app}`)).filter((p) => !p.metadata.deletionTimestamp);
    const nodes = pods.map((p) => p.spec?.nodeName ?? "").sort();
    return pods.length === n && new Set(nodes).size === n ? nodes : undefined;
  }, { what: `${n} ${app} pods on distinct nodes`, timeoutMs: 15_000 });
}

Deno.test("daemonset: one pod per node, a new node gets one, nodeSelector honoured", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  try {
    await addNode(env, "agent-1", { disk: "ssd" });
    await addNode(env, "agent-2");
    await addNode(env, "agent-3", { disk: "ssd" });
    await env.client.create(DS, daemonSet("logs"));
    await env.client.create(DS, daemonSet("fast", { disk: "ssd" }));
    assert.deepEqual(await nodesOf(env, "logs", 3), ["agent-1", "agent-2", "agent-3"]);
    assert.deepEqual(await nodesOf(env, "fast", 2), ["agent-1", "agent-3"]);
    await addNode(env, "agent-4");
    assert.deepEqual(await nodesOf(env, "logs", 4), ["agent-1", "agent-2", "agent-3", "agent-4"]);
    const ds = await waitFor(async () => {
      const d = await env.client.get<DaemonSet>({ ...DS, name: "logs" });
      return d.status?.numberAvailable === 4 ? d : undefined;
    }, { what: "4 available" });
    assert.equal(ds.status?.desiredNumberScheduled, 4);
    assert.equal(ds.status?.currentNumberScheduled, 4);
    assert.equal(ds.status?.updatedNumberScheduled, 4);
    assert.equal((await nodesOf(env, "fast", 2)).length, 2, "agent-4 has no ssd label");
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("daemonset: a template change rolls out one node at a time", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  const watch = new Informer<Pod>(env.client, { ref: { resource: "pods", namespace: "default" } });
  try {
    for (const n of ["a", "b", "c"]) await addNode(env, n);
    await env.client.create(DS, daemonSet("roll"));
    await nodesOf(env, "roll", 3);
    await waitFor(async () => {
      const d = await env.client.get<DaemonSet>({ ...DS, name: "roll" });
      return d.status?.numberAvailable === 3;
    }, { what: "3 available" });
    let minReady = 3;
    const sample = () => {
      const ready = watch.list().filter((p) =>
        !p.metadata.deletionTimestamp &&
        p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")
      );
      minReady = Math.min(minReady, ready.length);
    };
    watch.start();
    await watch.waitForSync();
    await watch.addHandlers({ onAdd: sample, onUpdate: sample, onDelete: sample });
    await env.client.patch({ ...DS, name: "roll" }, {
      spec: { template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
    }, "strategic");
    await waitFor(async () => {
      const pods = (await env.pods("app=roll")).filter((p) => !p.metadata.deletionTimestamp);
      return pods.length === 3 && pods.every((p) => p.spec?.containers[0].image === "busybox:2");
    }, { what: "3 pods of the new template" });
    assert.ok(minReady >= 2, `ready daemon pods fell to ${minReady} (maxUnavailable 1)`);
  } finally {
    await watch.stop();
    await kubelet.stop();
    await env.stop();
  }
});

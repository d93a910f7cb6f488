/**
 * The Deployment controller against a real apiserver with a fake kubelet making pods Ready: a
 * Deployment of 6 rolls out, a template change rolls with never more than maxUnavailable
 * ready pods missing (sampled from a pod watch) nor more than maxSurge extra replicas (the
 * ReplicaSets' spec.replicas summed from a ReplicaSet watch: what maxSurge bounds; live pods
 * may briefly exceed it while a scaled-down old ReplicaSet has yet to delete), a rollback to
 * the first template reuses its ReplicaSet as the newest revision, Recreate drains old pods
 * before new ones.
 */
import assert from "node:assert/strict";
import type { Deployment, ReplicaSet } from "../../../core/api/types/apps.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { Informer } from "../../../core/client/informer.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";
import { startFakeKubelet } from "../../_helpers/fake_kubelet.ts";

const DEPLOY = { resource: "deployments", namespace: "default", groupVersion: "apps/v1" };
const RS = { resource: "replicasets", namespace: "default", groupVersion: "apps/v1" };

function deployment(name: string, replicas: number, image: string): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "main", image }] },
      },
    },
  };
}

async function rolledOut(env: ControllerEnv, name: string): Promise<Deployment> {
  return await waitFor(async () => {
    const d = await env.client.get<Deployment>({ ...DEPLOY, name });
    const s = d.status ?? {};
    const r = d.spec?.replicas ?? 0;
    const done = (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r;
    return done ? d : undefined;
  }, { what: `deployment ${name} rolled out`, timeoutMs: 30_000 });
}

async function replicaSets(env: ControllerEnv, app: string): Promise<ReplicaSet[]> {
  return (await env.client.list<ReplicaSet>(RS, { labelSelector: `app=${app}` })).items;
}

Deno.test("deployment: rolling update keeps within maxUnavailable and maxSurge, undo restores the first template", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  const watch = new Informer<Pod>(env.client, { ref: { resource: "pods", namespace: "default" } });
  const rsWatch = new Informer<ReplicaSet>(env.client, { ref: RS, labelSelector: "app=web" });
  try {
    await env.client.create(DEPLOY, deployment("web", 6, "busybox:1"));
    const first = await rolledOut(env, "web");
    assert.equal(first.metadata.annotations?.["deployment.kubernetes.io/revision"], "1");
    const [rs1] = await replicaSets(env, "web");
    const hash = rs1.metadata.labels?.["pod-template-hash"] ?? "";
    assert.equal(rs1.metadata.name, `web-${hash}`);
    const pods = await env.pods("app=web");
    assert.equal(pods.length, 6);
    assert.ok(pods.every((p) => p.metadata.labels?.["pod-template-hash"] === hash));

    let minReady = 6, maxReplicas = 6;
    const sample = () => {
      const live = watch.list().filter((p) => !p.metadata.deletionTimestamp);
      const ready = live.filter((p) =>
        p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")
      );
      minReady = Math.min(minReady, ready.length);
    };
    const sampleReplicas = () => {
      const total = rsWatch.list().reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      maxReplicas = Math.max(maxReplicas, total);
    };
    watch.start();
    rsWatch.start();
    await watch.waitForSync();
    await rsWatch.waitForSync();
    await watch.addHandlers({ onAdd: sample, onUpdate: sample, onDelete: sample });
    await rsWatch.addHandlers({
      onAdd: sampleReplicas,
      onUpdate: sampleReplicas,
      onDelete: sampleReplicas,
    });
    await env.client.patch({ ...DEPLOY, name: "web" }, {
      spec: { template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
    }, "strategic");
    const second = await rolledOut(env, "web");
    assert.equal(second.metadata.annotations?.["deployment.kubernetes.io/revision"], "2");
    const after = (await env.pods("app=web")).filter((p) => !p.metadata.deletionTimestamp);
    assert.equal(after.length, 6);
    assert.ok(after.every((p) => p.spec?.containers[0].image === "busybox:2"));
    assert.ok(minReady >= 5, `ready pods fell to ${minReady} (maxUnavailable 1)`);
    assert.equal(maxReplicas, 7, `replicas summed to ${maxReplicas}: 6 + maxSurge 1 at most`);

    // kubectl rollout undo: a JSON patch of the old ReplicaSet's template (hash label removed).
    const old = (await replicaSets(env, "web")).find((r) => r.metadata.name === rs1.metadata.name);
    const template = structuredClone(old?.spec?.template);
    delete template?.metadata?.labels?.["pod-template-hash"];
    await env.client.patch({ ...DEPLOY, name: "web" }, [
      { op: "replace", path: "/spec/template", value: template },
    ], "json");
    const third = await rolledOut(env, "web");
    assert.equal(third.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
    const rss = await replicaSets(env, "web");
    assert.equal(rss.length, 2, "the first ReplicaSet is reused, not copied");
    const reused = rss.find((r) => r.metadata.name === rs1.metadata.name);
    assert.equal(reused?.spec?.replicas, 6);
    assert.equal(reused?.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
    assert.equal(reused?.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1");
  } finally {
    await watch.stop();
    await rsWatch.stop();
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("deployment: Recreate scales the old ReplicaSet to zero before the new one starts", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  try {
    const d = deployment("rec", 3, "busybox:1");
    d.spec!.strategy = { type: "Recreate" };
    await env.client.create(DEPLOY, d);
    await rolledOut(env, "rec");
    const images = new Set<string>();
    let mixed = false;
    const watch = new Informer<Pod>(env.client, {
      ref: { resource: "pods", namespace: "default" },
    });
    const sample = () => {
      const live = watch.list().filter((p) => !p.metadata.deletionTimestamp);
      const now = new Set(live.map((p) => p.spec?.containers[0].image ?? ""));
      if (now.size > 1) mixed = true;
      for (const i of now) images.add(i);
    };
    watch.start();
    await watch.waitForSync();
    await watch.addHandlers({ onAdd: sample, onUpdate: sample, onDelete: sample });
    try {
      await env.client.patch({ ...DEPLOY, name: "rec" }, {
        spec: { template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
      }, "strategic");
      await rolledOut(env, "rec");
      await waitFor(async () => {
        const pods = await env.pods("app=rec");
        return pods.length === 3 && pods.every((p) => p.spec?.containers[0].image === "busybox:2");
      }, { what: "three new pods" });
    } finally {
      await watch.stop();
    }
    assert.equal(mixed, false, "old and new pods never ran together");
    assert.deepEqual([...images].sort(), ["busybox:1", "busybox:2"]);
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("deployment: with no room for a surge pod the rollout still progresses within maxUnavailable", async () => {
  const env = await startControllerEnv();
  // A cluster with room for exactly 4 running pods: a pod starts only while fewer run.
  const CAPACITY = 4;
  const started = new Set<string>();
  const pods = new Informer<Pod>(env.client, { ref: { resource: "pods", namespace: "default" } });
  let busy = Promise.resolve();
  const admit = () => {
    busy = busy.then(async () => {
      const live = pods.list().filter((p) => !p.metadata.deletionTimestamp);
      let running = live.filter((p) => started.has(p.metadata.uid ?? "")).length;
      for (const p of live) {
        if (running >= CAPACITY || started.has(p.metadata.uid ?? "")) continue;
        started.add(p.metadata.uid ?? "");
        running++;
        const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
        await env.client.update({
          resource: "pods",
          namespace: "default",
          name: p.metadata.name,
          subresource: "status",
        }, {
          ...p,
          status: {
            phase: "Running",
            conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
          },
        }).catch(() => started.delete(p.metadata.uid ?? ""));
      }
    });
  };
  await pods.addHandlers({ onAdd: admit, onUpdate: admit, onDelete: admit });
  pods.start();
  try {
    await env.client.create(DEPLOY, deployment("full", CAPACITY, "busybox:1"));
    await rolledOut(env, "full");
    await env.client.patch({ ...DEPLOY, name: "full" }, {
      spec: { template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
    }, "strategic");
    await rolledOut(env, "full");
    const live = (await env.pods("app=full")).filter((p) => !p.metadata.deletionTimestamp);
    assert.equal(live.length, CAPACITY);
    assert.ok(live.every((p) => p.spec?.containers[0].image === "busybox:2"));
  } finally {
    await pods.stop();
    await busy;
    await env.stop();
  }
});

/**
 * The StatefulSet controller against a real apiserver with a fake kubelet: web-0, web-1, web-2
 * start in order, each Ready before the next is created (observed from a pod watch), carry
 * hostname and subdomain and appear with their hostnames in the headless Service's Endpoints;
 * scaling to 0 removes them in reverse order; a template change with partition 1 replaces
 * only the ordinals at and above the partition, highest first; Parallel creates all at once.
 */
import assert from "node:assert/strict";
import type { StatefulSet } from "../../../core/api/types/apps.ts";
import type { Endpoints } from "../../../core/api/types/endpoints.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { Informer } from "../../../core/client/informer.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";
import { startFakeKubelet } from "../../_helpers/fake_kubelet.ts";

const STS = { resource: "statefulsets", namespace: "default", groupVersion: "apps/v1" };

function statefulSet(name: string, replicas: number, parallel = false): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      podManagementPolicy: parallel ? "Parallel" : "OrderedReady",
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: "main", image: "busybox:1", ports: [{ containerPort: 80 }] }],
        },
      },
    },
  };
}

async function names(env: ControllerEnv, app: string): Promise<string[]> {
  return (await env.pods(`app=${app}`)).filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name ?? "").sort();
}

Deno.test("statefulset: ordered start, hostnames in Endpoints, reverse scale-down, partitioned update", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  const watch = new Informer<Pod>(env.client, { ref: { resource: "pods", namespace: "default" } });
  const created: string[] = [];
  const deleted: string[] = [];
  const violations: string[] = [];
  await watch.addHandlers({
    onAdd: (p) => {
      created.push(p.metadata.name ?? "");
      const i = Number((p.metadata.name ?? "").split("-")[1]);
      for (let j = 0; j < i; j++) {
        const lower = watch.get(`default/web-${j}`);
        const ready = lower?.status?.conditions?.some((c) =>
          c.type === "Ready" && c.status === "True"
        );
        if (!ready) violations.push(`web-${i} created before web-${j} was ready`);
      }
    },
    onDelete: (p) => {
      deleted.push(p.metadata.name ?? "");
    },
  });
  watch.start();
  try {
    await env.client.create({ resource: "services", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80 }] },
    });
    await env.client.create(STS, statefulSet("web", 3));
    await waitFor(async () => (await names(env, "web")).length === 3, { what: "3 pods" });
    assert.deepEqual(created.slice(0, 3), ["web-0", "web-1", "web-2"]);
    assert.deepEqual(violations, []);
    const pod1 = await env.client.get<Pod>({
      resource: "pods",
      namespace: "default",
      name: "web-1",
    });
    assert.equal(pod1.spec?.hostname, "web-1");
    assert.equal(pod1.spec?.subdomain, "web");
    const ep = await waitFor(async () => {
      const e = await env.client.get<Endpoints>({
        resource: "endpoints",
        namespace: "default",
        name: "web",
      });
      return (e.subsets?.[0]?.addresses ?? []).length === 3 ? e : undefined;
    }, { what: "3 endpoint addresses" });
    assert.deepEqual(ep.subsets?.[0].addresses?.map((a) => a.hostname).sort(), [
      "web-0",
      "web-1",
      "web-2",
    ]);

    await env.client.patch({ ...STS, name: "web" }, {
      spec: {
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } },
        template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } },
      },
    }, "strategic");
    await waitFor(async () => {
      const pods = (await env.pods("app=web")).filter((p) => !p.metadata.deletionTimestamp);
      const img = (n: string) => pods.find((p) => p.metadata.name === n)?.spec?.containers[0].image;
      return pods.length === 3 && img("web-1") === "busybox:2" && img("web-2") === "busybox:2";
    }, { what: "web-1 and web-2 updated" });
    const web0 = await env.client.get<Pod>({
      resource: "pods",
      namespace: "default",
      name: "web-0",
    });
    assert.equal(web0.spec?.containers[0].image, "busybox:1", "below the partition: kept");
    assert.deepEqual(deleted.slice(0, 2), ["web-2", "web-1"], "highest ordinal first");

    deleted.length = 0;
    await env.client.patch({ ...STS, name: "web" }, { spec: { replicas: 0 } }, "merge");
    await waitFor(async () => (await names(env, "web")).length === 0, { what: "no pods" });
    assert.deepEqual(deleted, ["web-2", "web-1", "web-0"]);
  } finally {
    await watch.stop();
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("statefulset: Parallel creates every ordinal without waiting", async () => {
  const env = await startControllerEnv();
  try {
    // No kubelet: pods never become ready, yet all ordinals are created.
    await env.client.create(STS, statefulSet("par", 3, true));
    await waitFor(async () => (await names(env, "par")).length === 3, { what: "3 pods" });
    assert.deepEqual(await names(env, "par"), ["par-0", "par-1", "par-2"]);
  } finally {
    await env.stop();
  }
});

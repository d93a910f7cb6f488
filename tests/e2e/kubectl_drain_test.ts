/**
 * `kubectl drain` against pods/eviction and a PodDisruptionBudget (apiserver +
 * controller-manager, a fake kubelet binding pods to the first uncordoned node with room for
 * two): three replicas on nodes n1, n1, n2 with `minAvailable: 2`; draining n1 cordons it and
 * evicts its two pods one at a time (never fewer than 2 ready, sampled from a pod watch), and
 * the replacements land on the other nodes. An eviction that would break the budget is a 429.
 */
import assert from "node:assert/strict";
import type { Node } from "../../core/api/types/node.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import type { PodDisruptionBudget } from "../../core/api/types/policy.ts";
import { Informer } from "../../core/client/informer.ts";
import { waitFor } from "../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../_helpers/controller_env.ts";
import { startFakeKubelet } from "../_helpers/fake_kubelet.ts";
import { requires } from "../_helpers/requirements.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

const PDB = { resource: "poddisruptionbudgets", namespace: "default", groupVersion: "policy/v1" };

function ready(p: Pod): boolean {
  return !p.metadata.deletionTimestamp &&
    (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function placer(env: ControllerEnv): (pod: Pod) => Promise<string> {
  return async () => {
    const nodes = (await env.client.list<Node>({ resource: "nodes" })).items
      .filter((n) => !n.spec?.unschedulable).map((n) => n.metadata.name ?? "").sort();
    const pods = (await env.pods()).filter((p) => !p.metadata.deletionTimestamp);
    const room = nodes.find((n) => pods.filter((p) => p.spec?.nodeName === n).length < 2);
    return room ?? nodes[0];
  };
}

Deno.test({
  name: "kubectl drain evicts within the PodDisruptionBudget and the pods move to other nodes",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    for (const n of ["n1", "n2", "n3"]) {
      await env.client.create({ resource: "nodes" }, {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: n, labels: { "kubernetes.io/hostname": n } },
      });
    }
    const kubelet = await startFakeKubelet(env.client, undefined, "default", placer(env));
    const kubectl = await KubectlRunner.create(env.api.url);
    const watch = new Informer<Pod>(env.client, {
      ref: { resource: "pods", namespace: "default" },
    });
    try {
      await kubectl.ok("create", "deployment", "web", "--image=busybox", "--replicas=3");
      await kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s");
      const before = (await env.pods("app=web")).map((p) => p.spec?.nodeName).sort();
      assert.deepEqual(before, ["n1", "n1", "n2"]);
      await kubectl.ok("create", "pdb", "web", "--selector=app=web", "--min-available=2");
      await waitFor(async () => {
        const b = await env.client.get<PodDisruptionBudget>({ ...PDB, name: "web" });
        return b.status?.disruptionsAllowed === 1;
      }, { what: "the budget to allow one disruption" });
      assert.match(await kubectl.ok("get", "pdb", "web"), /web\s+2\s+N\/A\s+1\s+/);

      let minReady = 3;
      const sample = () => {
        const web = watch.list().filter((p) => p.metadata.labels?.app === "web");
        minReady = Math.min(minReady, web.filter(ready).length);
      };
      watch.start();
      await watch.waitForSync();
      await watch.addHandlers({ onAdd: sample, onUpdate: sample, onDelete: sample });
      const out = await kubectl.ok("drain", "n1", "--ignore-daemonsets", "--timeout=120s");
      assert.match(out, /node\/n1 drained/);
      const node = await env.client.get<Node>({ resource: "nodes", name: "n1" });
      assert.equal(node.spec?.unschedulable, true);
      const after = await waitFor(async () => {
        const pods = (await env.pods("app=web")).filter(ready);
        return pods.length === 3 ? pods : undefined;
      }, { what: "3 ready web pods again" });
      assert.ok(after.every((p) => p.spec?.nodeName !== "n1"), "no pod left on n1");
      assert.ok(minReady >= 2, `ready pods fell to ${minReady} (minAvailable 2)`);
    } finally {
      await watch.stop();
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

Deno.test("eviction beyond the budget is refused with 429 TooManyRequests", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client);
  try {
    await env.client.create(PDB, {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "one" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "one" } } },
    });
    await env.client.create({ resource: "pods", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "solo", labels: { app: "one" } },
      spec: { containers: [{ name: "main", image: "busybox" }] },
    });
    await waitFor(async () => {
      const b = await env.client.get<PodDisruptionBudget>({ ...PDB, name: "one" });
      return b.status?.currentHealthy === 1;
    }, { what: "the budget to see the ready pod" });
    const res = await fetch(`${env.api.url}/api/v1/namespaces/default/pods/solo/eviction`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        apiVersion: "policy/v1",
        kind: "Eviction",
        metadata: { name: "solo", namespace: "default" },
      }),
    });
    const body = await res.json();
    assert.equal(res.status, 429);
    assert.equal(body.reason, "TooManyRequests");
    assert.match(body.details.causes[0].message, /needs 1 healthy pods and has 1 currently/);
    await env.client.get({ resource: "pods", namespace: "default", name: "solo" });
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

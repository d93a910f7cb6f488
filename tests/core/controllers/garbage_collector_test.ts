/**
 * The garbage collector with a real apiserver and controller-manager: a ReplicationController
 * deleted with the default (Background) policy takes its pods along; one deleted with
 * propagationPolicy Orphan (`kubectl delete rc --cascade=orphan`) leaves them running.
 */
import assert from "node:assert/strict";
import type { ReplicationController } from "../../../core/api/types/replication_controller.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startControllerEnv } from "../../_helpers/controller_env.ts";
import { KubectlRunner } from "../../e2e/kubectl_runner.ts";
import { requires } from "../../_helpers/requirements.ts";

const RCS = { resource: "replicationcontrollers", namespace: "default" };

function rc(name: string, replicas: number): ReplicationController {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "web", image: "busybox" }] },
      },
    },
  };
}

Deno.test("garbage collector: Orphan deletion keeps the pods, Background deletion removes them", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(RCS, rc("keep", 3));
    await env.client.create(RCS, rc("drop", 2));
    await waitFor(async () => (await env.pods("app=keep")).length === 3, { what: "3 keep pods" });
    await waitFor(async () => (await env.pods("app=drop")).length === 2, { what: "2 drop pods" });
    const kept = (await env.pods("app=keep")).map((p) => p.metadata.name).sort();

    await env.client.delete({ ...RCS, name: "keep" }, { propagationPolicy: "Orphan" });
    await env.client.delete({ ...RCS, name: "drop" }, { propagationPolicy: "Background" });
    // The Background deletion is collected; by then the orphans have been seen as well.
    await waitFor(async () => (await env.pods("app=drop")).length === 0, {
      timeoutMs: 15_000,
      what: "the drop pods to be garbage collected",
    });
    const after = await env.pods("app=keep");
    assert.deepEqual(after.map((p) => p.metadata.name).sort(), kept);
    for (const p of after) {
      assert.equal(p.metadata.ownerReferences, undefined, `${p.metadata.name} still has an owner`);
      assert.equal(p.metadata.deletionTimestamp, undefined);
    }
  } finally {
    await env.stop();
  }
});

Deno.test({
  name: "garbage collector: kubectl delete rc --cascade=orphan leaves the pods in place",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    const kubectl = await KubectlRunner.create(env.api.url);
    try {
      await env.client.create(RCS, rc("web", 2));
      await env.client.create(RCS, rc("gone", 1));
      await waitFor(async () => (await env.pods("app=web")).length === 2, { what: "2 web pods" });
      await waitFor(async () => (await env.pods("app=gone")).length === 1, { what: "a gone pod" });
      const kept = (await env.pods("app=web")).map((p) => p.metadata.name).sort();

      const out = await kubectl.ok("delete", "rc", "web", "--cascade=orphan");
      assert.match(out, /replicationcontroller "web" deleted/);
      await kubectl.ok("delete", "rc", "gone");
      await waitFor(async () => (await env.pods("app=gone")).length === 0, {
        timeoutMs: 15_000,
        what: "the gone pod to be garbage collected",
      });
      const after = await env.pods("app=web");
      assert.deepEqual(after.map((p) => p.metadata.name).sort(), kept);
      assert.ok(after.every((p) => p.metadata.ownerReferences === undefined));
    } finally {
      await kubectl.cleanup();
      await env.stop();
    }
  },
});

/**
 * Garbage collection by ownerReferences beyond pods: a ReplicaSet deleted with the Foreground
 * policy is held by the `foregroundDeletion` finalizer until its pods are gone; one held by the
 * `orphan` finalizer has its pods released; a ReplicaSet whose owner never existed is
 * collected together with its pods.
 */
import assert from "node:assert/strict";
import type { ReplicaSet } from "../../../core/api/types/apps.ts";
import { isNotFound } from "../../../core/client/client_errors.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";

const RS = { resource: "replicasets", namespace: "default", groupVersion: "apps/v1" };

function rs(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "web", image: "busybox" }] },
      },
    },
  };
}

async function gone(env: ControllerEnv, name: string): Promise<boolean> {
  try {
    await env.client.get({ ...RS, name });
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

async function podsOf(env: ControllerEnv, app: string, n: number): Promise<void> {
  await waitFor(async () => (await env.pods(`app=${app}`)).length === n, {
    what: `${n} pods of ${app}`,
    timeoutMs: 15_000,
  });
}

Deno.test("garbage collector: Foreground deletion of a ReplicaSet removes its pods, then it", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(RS, rs("fg", 3));
    await podsOf(env, "fg", 3);
    const marked = await env.client.delete<ReplicaSet>({ ...RS, name: "fg" }, {
      propagationPolicy: "Foreground",
    });
    assert.ok(marked.metadata.deletionTimestamp, "the ReplicaSet is marked, not removed");
    assert.deepEqual(marked.metadata.finalizers, ["foregroundDeletion"]);
    await waitFor(() => gone(env, "fg"), { what: "the ReplicaSet removed", timeoutMs: 15_000 });
    assert.equal((await env.pods("app=fg")).length, 0, "its pods went first");
  } finally {
    await env.stop();
  }
});

Deno.test("garbage collector: an owner held by the orphan finalizer has its pods released", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(RS, rs("orph", 2));
    await podsOf(env, "orph", 2);
    await env.client.patch(
      { ...RS, name: "orph" },
      { metadata: { finalizers: ["orphan"] } },
      "merge",
    );
    await env.client.delete({ ...RS, name: "orph" }, { propagationPolicy: "Background" });
    await waitFor(() => gone(env, "orph"), { what: "the ReplicaSet removed", timeoutMs: 15_000 });
    const pods = await env.pods("app=orph");
    assert.equal(pods.length, 2);
    for (const p of pods) assert.equal(p.metadata.ownerReferences, undefined);
  } finally {
    await env.stop();
  }
});

Deno.test("garbage collector: a ReplicaSet whose Deployment owner does not exist is collected with its pods", async () => {
  const env = await startControllerEnv();
  try {
    const body = rs("dangling", 2);
    body.metadata.ownerReferences = [{
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "never",
      uid: "00000000-0000-0000-0000-000000000000",
      controller: true,
      blockOwnerDeletion: true,
    }];
    await env.client.create(RS, body);
    await waitFor(() => gone(env, "dangling"), { what: "the ReplicaSet collected" });
    await podsOf(env, "dangling", 0);
  } finally {
    await env.stop();
  }
});

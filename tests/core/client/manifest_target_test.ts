import assert from "node:assert/strict";
import { manifestTarget } from "../../../core/client/manifest_target.ts";

/** The seed README's pod-nginx.json, trimmed. */
const seedPod = {
  id: "nginx-id-01",
  kind: "Pod",
  apiVersion: "v1beta1",
  desiredState: {
    manifest: {
      version: "v1beta1",
      id: "nginx-id-01",
      containers: [{ name: "nginx-01", image: "dockerfile/nginx" }],
    },
  },
  labels: { name: "foo" },
};

Deno.test("manifest target: v1 objects go to their namespaced collection with the namespace filled in", () => {
  const t = manifestTarget(
    { object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web" } }, source: "p.yaml" },
    "team",
  );
  assert.deepEqual(t.ref, { resource: "pods", namespace: "team", name: "web" });
  assert.equal((t.body.metadata as { namespace: string }).namespace, "team");
  assert.equal(t.singular, "pod");
  assert.equal(t.legacy, false);
  const node = manifestTarget({
    object: { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } },
    source: "n",
  }, "x");
  assert.deepEqual(node.ref, { resource: "nodes", namespace: undefined, name: "n1" });
});

Deno.test("manifest target: the seed's v1beta1 shapes are POSTed as is to /api/v1beta1", () => {
  const t = manifestTarget({ object: seedPod, source: "pod-nginx.json" }, "default");
  assert.deepEqual(t.ref, { resource: "pods", name: "nginx-id-01", groupVersion: "v1beta1" });
  assert.equal(t.legacy, true);
  assert.equal(t.body.desiredState !== undefined, true);
  const rc = manifestTarget(
    {
      object: { id: "nginxController", apiVersion: "v1beta1", desiredState: { replicas: 2 } },
      source: "c.json",
    },
    "default",
    "replicationControllers",
  );
  assert.equal(rc.ref.resource, "replicationControllers");
  assert.equal(rc.kind, "ReplicationController");
});

Deno.test("manifest target: unknown kinds and missing kinds are explained", () => {
  assert.throws(
    () =>
      manifestTarget({
        object: { apiVersion: "v1", kind: "Gizmo", metadata: { name: "g" } },
        source: "g.yaml",
      }, "d"),
    /no resource for kind "Gizmo" in version "v1" \(in g\.yaml\); k8sm serves v1 /,
  );
  assert.throws(
    () =>
      manifestTarget({
        object: { apiVersion: "apps/v1", kind: "Widget", metadata: {} },
        source: "d.yaml",
      }, "d"),
    /no resource for kind "Widget" in version "apps\/v1"/,
  );
  assert.throws(
    () =>
      manifestTarget(
        { object: { apiVersion: "v1", metadata: { name: "x" } }, source: "k.yaml" },
        "d",
      ),
    /an object in k\.yaml has no kind/,
  );
  const hinted = manifestTarget(
    { object: { apiVersion: "v1", metadata: { name: "x" } }, source: "k.yaml" },
    "d",
    "svc",
  );
  assert.equal(hinted.kind, "Service");
});

Deno.test("manifest target: an object's own namespace wins, unless -n names another one", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "other" } };
  const kept = manifestTarget({ object: pod, source: "p.yaml" }, "default");
  assert.equal(kept.ref.namespace, "other");
  const same = manifestTarget({ object: pod, source: "p.yaml" }, "other", undefined, true);
  assert.equal(same.ref.namespace, "other");
  assert.throws(
    () => manifestTarget({ object: pod, source: "p.yaml" }, "default", undefined, true),
    /the namespace from the provided object "other" does not match the namespace "default"; pass --namespace=other or remove the namespace from p\.yaml/,
  );
});

import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../../_helpers/apiserver.ts";

/** The seed README's request bodies (tests/_fixtures/v1beta1, copied from the shared fixtures; see tests/_fixtures/README.md). */
const FIXTURES = new URL("../../_fixtures/v1beta1/", import.meta.url);

async function fixture(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, FIXTURES));
}

type Json = Record<string, unknown>;
const at = (v: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], v);

/** curl -d sends application/x-www-form-urlencoded; the seed's API read it as JSON. */
const curlPost = (body: string) => jsonBody("POST", body, "application/x-www-form-urlencoded");

Deno.test("seed flow: POST pod-nginx.json to /api/v1beta1/pods, list in seed shape, same pod in v1", async () => {
  const t = await startTestApiServer();
  try {
    const c = await t.json("/api/v1beta1/pods", curlPost(await fixture("pod-nginx.json")));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.id, "nginx-id-01");
    const list = await t.json("/api/v1beta1/pods");
    assert.equal(list.status, 200);
    assert.equal(list.body.kind, "PodList");
    assert.equal(list.body.apiVersion, "v1beta1");
    const items = list.body.items as Json[];
    assert.equal(items.length, 1);
    const pod = items[0];
    assert.equal(pod.id, "nginx-id-01");
    assert.deepEqual(pod.labels, { name: "foo" });
    assert.equal(at(pod, "desiredState", "manifest", "id"), "nginx-id-01");
    assert.equal(at(pod, "desiredState", "manifest", "containers", 0, "image"), "dockerfile/nginx");
    assert.equal(
      at(pod, "desiredState", "manifest", "containers", 0, "ports", 0, "hostPort"),
      31000,
    );
    assert.deepEqual(at(pod, "desiredState", "manifest", "restartPolicy"), { always: {} });
    assert.equal(typeof at(pod, "currentState", "status"), "string");
    const one = await t.json("/api/v1beta1/pods/nginx-id-01");
    assert.equal(one.body.id, "nginx-id-01");

    const v1 = await t.json("/api/v1/namespaces/default/pods/nginx-id-01");
    assert.equal(v1.status, 200);
    assert.equal(v1.body.kind, "Pod");
    assert.equal(v1.body.apiVersion, "v1");
    assert.deepEqual(at(v1.body, "metadata", "labels"), { name: "foo" });
    assert.equal(at(v1.body, "spec", "containers", 0, "name"), "nginx-01");
    assert.equal(at(v1.body, "spec", "containers", 0, "ports", 0, "hostPort"), 31000);
    assert.equal(at(v1.body, "spec", "restartPolicy"), "Always");

    const del = await t.json("/api/v1beta1/pods/nginx-id-01", { method: "DELETE" });
    assert.equal(del.status, 200);
    assert.equal((await t.json("/api/v1/namespaces/default/pods/nginx-id-01")).status, 404);
  } finally {
    await t.stop();
  }
});

Deno.test("seed flow: controller and service fixtures through v1beta1, visible in v1", async () => {
  const t = await startTestApiServer();
  try {
    const rc = await t.json(
      "/api/v1beta1/replicationControllers",
      curlPost(await fixture("controller-nginx.json")),
    );
    assert.equal(rc.status, 201, JSON.stringify(rc.body));
    const rcs = await t.json("/api/v1beta1/replicationControllers");
    assert.equal(rcs.body.kind, "ReplicationControllerList");
    assert.equal(rcs.body.apiVersion, "v1beta1");
    const item = (rcs.body.items as Json[])[0];
    assert.equal(item.id, "nginxController");
    assert.equal(at(item, "desiredState", "replicas"), 2);
    assert.deepEqual(at(item, "desiredState", "replicaSelector"), { name: "nginx" });
    assert.equal(
      at(item, "desiredState", "podTemplate", "desiredState", "manifest", "containers", 0, "image"),
      "dockerfile/nginx",
    );
    const v1rc = await t.json("/api/v1/namespaces/default/replicationcontrollers/nginxController");
    assert.equal(v1rc.status, 200, JSON.stringify(v1rc.body));
    assert.equal(at(v1rc.body, "spec", "replicas"), 2);
    assert.deepEqual(at(v1rc.body, "spec", "selector"), { name: "nginx" });

    const svc = await t.json(
      "/api/v1beta1/services",
      curlPost(await fixture("service-nginx.json")),
    );
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    const svcs = await t.json("/api/v1beta1/services");
    const s = (svcs.body.items as Json[])[0];
    assert.equal(s.id, "nginx-service");
    assert.equal(s.port, 8000);
    assert.deepEqual(s.selector, { name: "nginx" });
    const v1svc = await t.json("/api/v1/namespaces/default/services/nginx-service");
    assert.equal(at(v1svc.body, "spec", "ports", 0, "port"), 8000);
    assert.equal(at(v1svc.body, "spec", "ports", 0, "targetPort"), 80);
    assert.match(String(at(v1svc.body, "spec", "clusterIP")), /^10\.10\.10\.\d+$/);
  } finally {
    await t.stop();
  }
});

Deno.test("v1beta1 errors are Status objects; ?namespace= selects the namespace", async () => {
  const t = await startTestApiServer();
  try {
    const missing = await t.json("/api/v1beta1/pods/nope");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.kind, "Status");
    const unknown = await t.json("/api/v1beta1/widgets");
    assert.equal(unknown.status, 404);
    const bad = await t.json("/api/v1beta1/pods", curlPost("{not json"));
    assert.equal(bad.status, 400);
    const r = await t.json(
      "/api/v1beta1/pods?namespace=kube-system",
      curlPost(await fixture("pod-nginx.json")),
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal((await t.json("/api/v1/namespaces/kube-system/pods/nginx-id-01")).status, 200);
    assert.deepEqual((await t.json("/api/v1beta1/pods")).body.items, []);
  } finally {
    await t.stop();
  }
});

/**
 * Resource requests of named API groups (`/apis/GROUP/VERSION/...`) go through the same
 * generic handler as core/v1: CRUD, selectors, watch, deletecollection, tables, group storage
 * keys and discovery; the parsed request info names group, version, resource and verb.
 */
import assert from "node:assert/strict";
import { resourceRequestInfo } from "../../../core/apiserver/request_info.ts";
import { jsonBody, openWatch, startTestApiServer } from "../../_helpers/apiserver.ts";

const RBAC = "/apis/rbac.authorization.k8s.io/v1";

const role = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name, labels },
  rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }],
});

type Obj = { metadata: Record<string, unknown>; [k: string]: unknown };

Deno.test("request info of group, core, watch and subresource paths", () => {
  const q = new URLSearchParams();
  const split = (p: string) => p.split("/").filter((s) => s !== "");
  const ri = resourceRequestInfo(
    split(`${RBAC}/namespaces/team/rolebindings/rb`),
    "PUT",
    q,
  );
  assert.deepEqual(
    ri && [ri.apiGroup, ri.apiVersion, ri.resource, ri.namespace, ri.name, ri.subresource, ri.verb],
    ["rbac.authorization.k8s.io", "v1", "rolebindings", "team", "rb", "", "update"],
  );
  const w = resourceRequestInfo(split(`${RBAC}/watch/clusterroles`), "GET", q);
  assert.deepEqual(w && [w.resource, w.verb, w.namespace], ["clusterroles", "watch", ""]);
  const s = resourceRequestInfo(split("/api/v1/namespaces/ns/pods/p/status"), "PATCH", q);
  assert.deepEqual(s && [s.apiGroup, s.resource, s.subresource, s.verb], [
    "",
    "pods",
    "status",
    "patch",
  ]);
  assert.equal(resourceRequestInfo(split("/apis/rbac.authorization.k8s.io"), "GET", q), undefined);
  assert.equal(resourceRequestInfo(split("/healthz"), "GET", q), undefined);
});

Deno.test("group resources: create, get, list with selectors, patch, deletecollection", async () => {
  const t = await startTestApiServer();
  try {
    const base = `${RBAC}/namespaces/default/roles`;
    const created = await t.json(base, jsonBody("POST", role("reader", { team: "a" })));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.apiVersion, "rbac.authorization.k8s.io/v1");
    assert.equal(created.body.kind, "Role");
    assert.equal((await t.json(base, jsonBody("POST", role("writer")))).status, 201);
    const stored = await t.server.store.get(
      "/registry/rbac.authorization.k8s.io/roles/default/reader",
    );
    assert.ok(stored, "stored under /registry/<group>/<resource>/<namespace>/<name>");

    const got = await t.json(`${base}/reader`);
    assert.equal(got.status, 200);
    const list = await t.json(`${base}?labelSelector=team%3Da`);
    assert.equal(list.body.kind, "RoleList");
    assert.equal(list.body.apiVersion, "rbac.authorization.k8s.io/v1");
    assert.deepEqual((list.body.items as Obj[]).map((o) => o.metadata.name), ["reader"]);
    const byField = await t.json(`${RBAC}/roles?fieldSelector=metadata.name%3Dwriter`);
    assert.deepEqual((byField.body.items as Obj[]).map((o) => o.metadata.name), ["writer"]);

    const patched = await t.json(
      `${base}/reader`,
      jsonBody("PATCH", { metadata: { labels: { team: "b" } } }, "application/merge-patch+json"),
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual((patched.body.metadata as Obj["metadata"]).labels, { team: "b" });

    const missing = await t.json(`${base}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'roles.rbac.authorization.k8s.io "nope" not found');

    const gone = await t.json(base, { method: "DELETE" });
    assert.equal(gone.status, 200);
    assert.deepEqual((await t.json(base)).body.items, []);
  } finally {
    await t.stop();
  }
});

Deno.test("group resources: watch path, server-side apply, Table responses", async () => {
  const t = await startTestApiServer();
  try {
    const w = await openWatch(t, `${RBAC}/watch/clusterroles`);
    const applied = await t.json(`${RBAC}/clusterroles/viewer?fieldManager=test`, {
      method: "PATCH",
      headers: { "content-type": "application/apply-patch+yaml" },
      body: JSON.stringify({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "viewer" },
        rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }],
      }),
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    const ev = await w.next();
    assert.equal(ev?.type, "ADDED");
    assert.equal(ev?.object.metadata?.name, "viewer");
    assert.equal(ev?.object.apiVersion, "rbac.authorization.k8s.io/v1");
    await w.close();

    const table = await t.json(`${RBAC}/clusterroles`, {
      headers: { accept: "application/json;as=Table;g=meta.k8s.io;v=v1" },
    });
    const cols = (table.body.columnDefinitions as { name: string }[]).map((c) => c.name);
    assert.deepEqual(cols, ["Name", "Created At"]);
  } finally {
    await t.stop();
  }
});

Deno.test("discovery lists the RBAC group at /apis, /apis/GROUP and /apis/GROUP/VERSION", async () => {
  const t = await startTestApiServer();
  try {
    const apis = await t.json("/apis", {
      headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" },
    });
    const items = apis.body.items as { metadata: { name: string } }[];
    assert.ok(items.some((i) => i.metadata.name === "rbac.authorization.k8s.io"));
    const group = await t.json("/apis/rbac.authorization.k8s.io");
    assert.equal(group.body.kind, "APIGroup");
    assert.deepEqual(group.body.preferredVersion, {
      groupVersion: "rbac.authorization.k8s.io/v1",
      version: "v1",
    });
    const rl = await t.json(RBAC);
    assert.equal(rl.body.groupVersion, "rbac.authorization.k8s.io/v1");
    const names = (rl.body.resources as { name: string }[]).map((r) => r.name);
    assert.deepEqual(names, ["clusterrolebindings", "clusterroles", "rolebindings", "roles"]);
    assert.equal((await t.json("/apis/nothing.example.com/v1")).status, 404);
    const openapi = await t.json("/openapi/v3");
    const paths = Object.keys(openapi.body.paths as Record<string, unknown>);
    assert.ok(paths.includes("api/v1") && paths.includes("apis/rbac.authorization.k8s.io/v1"));
    const doc = await t.json("/openapi/v3/apis/rbac.authorization.k8s.io/v1");
    const schemas = (doc.body.components as { schemas: Record<string, unknown> }).schemas;
    assert.ok("io.k8s.api.rbac.v1.RoleBinding" in schemas);
  } finally {
    await t.stop();
  }
});

Deno.test("an unserved resource under a namespace is a 404 naming the resource type", async () => {
  const t = await startTestApiServer();
  try {
    const res = await t.json(
      "/api/v1/namespaces/default/resourcequotas",
      jsonBody("POST", { metadata: { name: "c" } }),
    );
    assert.equal(res.status, 404);
    assert.match(String(res.body.message), /doesn't have a resource type "resourcequotas"/);
    assert.match(String(res.body.message), /POST \/api\/v1\/namespaces\/default\/resourcequotas/);
  } finally {
    await t.stop();
  }
});

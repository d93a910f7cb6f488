import assert from "node:assert/strict";
import {
  jsonBody,
  startTestApiServer,
  type TestApiServer,
  testPod,
} from "../../_helpers/apiserver.ts";

const PODS = "/api/v1/namespaces/default/pods";
type Obj = Record<string, unknown> & {
  metadata: Record<string, unknown> & { labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

async function create(t: TestApiServer, body: unknown, path = PODS): Promise<Obj> {
  const r = await t.json(path, jsonBody("POST", body));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as Obj;
}

Deno.test("50 concurrent read-modify-write PUTs: each 200 or 409, none lost", async () => {
  const t = await startTestApiServer();
  try {
    await create(t, testPod("shared"));
    const results = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const cur = (await t.json(`${PODS}/shared`)).body as Obj;
      cur.metadata.labels = { ...cur.metadata.labels, [`w${i}`]: "done" };
      const r = await t.json(`${PODS}/shared`, jsonBody("PUT", cur));
      assert.ok(r.status === 200 || r.status === 409, `unexpected ${r.status}`);
      if (r.status === 409) assert.equal(r.body.reason, "Conflict");
      return { i, ok: r.status === 200 };
    }));
    const winners = results.filter((r) => r.ok).map((r) => `w${r.i}`).sort();
    assert.ok(winners.length >= 1);
    const final = (await t.json(`${PODS}/shared`)).body as Obj;
    // A winner's PUT replaced the labels it read; only winners' keys can appear, and the last
    // winner's write carries every key it saw, so the final labels hold exactly the keys of
    // the chain of successful writes.
    const keys = Object.keys(final.metadata.labels ?? {}).sort();
    for (const k of keys) assert.ok(winners.includes(k), `${k} came from a rejected write`);
    assert.equal(keys.length, winners.length, "every successful write is reflected");
  } finally {
    await t.stop();
  }
});

Deno.test("generateName adds 5 random characters; generation grows only on spec changes", async () => {
  const t = await startTestApiServer();
  try {
    const body = testPod("");
    body.metadata = { generateName: "web-" };
    const a = await create(t, body);
    const b = await create(t, body);
    assert.match(String(a.metadata.name), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.notEqual(a.metadata.name, b.metadata.name);
    const rc = {
      metadata: { name: "rc1" },
      spec: {
        replicas: 1,
        selector: { app: "x" },
        template: {
          metadata: { labels: { app: "x" } },
          spec: { containers: [{ name: "c", image: "busybox" }] },
        },
      },
    };
    const created = await create(t, rc, "/api/v1/namespaces/default/replicationcontrollers");
    assert.equal(created.metadata.generation, 1);
    const path = "/api/v1/namespaces/default/replicationcontrollers/rc1";
    const merge = (patch: unknown) =>
      t.json(path, jsonBody("PATCH", patch, "application/merge-patch+json"));
    assert.equal(
      ((await merge({ metadata: { labels: { a: "b" } } })).body as Obj).metadata.generation,
      1,
    );
    assert.equal(((await merge({ spec: { replicas: 3 } })).body as Obj).metadata.generation, 2);
    const noName = await t.json(PODS, jsonBody("POST", { spec: testPod("x").spec }));
    assert.equal(noName.status, 422);
    assert.match(String(noName.body.message), /metadata\.name: Required value/);
  } finally {
    await t.stop();
  }
});

Deno.test("status is reset on create, kept by PUT, and written through /status", async () => {
  const t = await startTestApiServer();
  try {
    const withStatus = { ...testPod("s"), status: { phase: "Running", podIP: "1.2.3.4" } };
    const c = await create(t, withStatus);
    assert.deepEqual(c.status, { phase: "Pending" });
    const put = await t.json(`${PODS}/s`, jsonBody("PUT", { ...c, status: { phase: "Failed" } }));
    assert.deepEqual((put.body as Obj).status, { phase: "Pending" }, "PUT does not change status");
    const st = await t.json(
      `${PODS}/s/status`,
      jsonBody("PUT", { ...(put.body as Obj), status: { phase: "Running", podIP: "10.0.0.9" } }),
    );
    assert.equal(st.status, 200);
    assert.deepEqual((st.body as Obj).status, { phase: "Running", podIP: "10.0.0.9" });
    const patched = await t.json(
      `${PODS}/s/status`,
      jsonBody(
        "PATCH",
        { status: { phase: "Succeeded" }, spec: { nodeName: "sneaky" } },
        "application/merge-patch+json",
      ),
    );
    assert.equal(((patched.body as Obj).status as Record<string, unknown>).phase, "Succeeded");
    assert.equal((patched.body as Obj).spec?.nodeName, undefined, "status writes keep the spec");
    const get = await t.json(`${PODS}/s/status`);
    assert.equal((get.body as Obj).kind, "Pod");
  } finally {
    await t.stop();
  }
});

Deno.test("JSON patch and merge patch; a stale resourceVersion in a patch is 409", async () => {
  const t = await startTestApiServer();
  try {
    const c = await create(t, testPod("p", { a: "1" }));
    const jp = await t.json(
      `${PODS}/p`,
      jsonBody(
        "PATCH",
        [{ op: "add", path: "/metadata/labels/b", value: "2" }],
        "application/json-patch+json",
      ),
    );
    assert.equal(jp.status, 200, JSON.stringify(jp.body));
    assert.deepEqual((jp.body as Obj).metadata.labels, { a: "1", b: "2" });
    const stale = await t.json(
      `${PODS}/p`,
      jsonBody(
        "PATCH",
        { metadata: { resourceVersion: c.metadata.resourceVersion, labels: { c: "3" } } },
        "application/merge-patch+json",
      ),
    );
    assert.equal(stale.status, 409);
    const bad = await t.json(`${PODS}/p`, jsonBody("PATCH", {}, "text/x-nonsense"));
    assert.equal(bad.status, 415);
    const missing = await t.json(
      `${PODS}/nope`,
      jsonBody("PATCH", {}, "application/merge-patch+json"),
    );
    assert.equal(missing.status, 404);
  } finally {
    await t.stop();
  }
});

Deno.test("deletecollection deletes what the selectors pick and returns it", async () => {
  const t = await startTestApiServer();
  try {
    await create(t, testPod("a", { app: "x" }));
    await create(t, testPod("b", { app: "x" }));
    await create(t, testPod("c", { app: "y" }));
    const d = await t.json(`${PODS}?labelSelector=app%3Dx`, { method: "DELETE" });
    assert.equal(d.status, 200);
    assert.deepEqual(
      (d.body.items as Obj[]).map((o) => o.metadata.name).sort(),
      ["a", "b"],
    );
    const left = await t.json(PODS);
    assert.deepEqual((left.body.items as Obj[]).map((o) => o.metadata.name), ["c"]);
  } finally {
    await t.stop();
  }
});

Deno.test("list across namespaces, label and field selectors", async () => {
  const t = await startTestApiServer();
  try {
    await create(t, { metadata: { name: "team" } }, "/api/v1/namespaces");
    await create(t, testPod("a", { app: "x" }));
    await create(t, testPod("b", { app: "y" }), "/api/v1/namespaces/team/pods");
    const names = async (p: string) =>
      ((await t.json(p)).body.items as Obj[]).map((o) =>
        `${o.metadata.namespace}/${o.metadata.name}`
      );
    assert.deepEqual(await names("/api/v1/pods"), ["default/a", "team/b"]);
    assert.deepEqual(await names("/api/v1/namespaces/team/pods"), ["team/b"]);
    assert.deepEqual(await names("/api/v1/pods?labelSelector=app%21%3Dx"), ["team/b"]);
    assert.deepEqual(await names("/api/v1/pods?fieldSelector=metadata.namespace%3Ddefault"), [
      "default/a",
    ]);
    assert.deepEqual(await names("/api/v1/pods?limit=500&resourceVersion=0"), [
      "default/a",
      "team/b",
    ]);
  } finally {
    await t.stop();
  }
});

Deno.test("delete preconditions; graceful pod deletion marks bound pods when switched on", async () => {
  const t = await startTestApiServer("memory", { gracefulPodDeletion: true });
  try {
    await create(t, testPod("bound"));
    await create(t, testPod("loose"));
    const wrongUid = await t.json(
      `${PODS}/bound`,
      jsonBody("DELETE", { preconditions: { uid: "00000000-0000-0000-0000-000000000000" } }),
    );
    assert.equal(wrongUid.status, 409);
    const bind = await t.json(
      `${PODS}/bound/binding`,
      jsonBody("POST", { metadata: { name: "bound" }, target: { name: "n1" } }),
    );
    assert.equal(bind.status, 201);
    const marked = await t.json(`${PODS}/bound`, { method: "DELETE" });
    assert.equal(marked.status, 200);
    const meta = (marked.body as Obj).metadata;
    assert.match(String(meta.deletionTimestamp), /Z$/);
    assert.equal(meta.deletionGracePeriodSeconds, 30);
    assert.equal((await t.json(`${PODS}/bound`)).status, 200, "still there during its grace");
    const now = await t.json(`${PODS}/bound?gracePeriodSeconds=0`, { method: "DELETE" });
    assert.equal(now.status, 200);
    assert.equal((await t.json(`${PODS}/bound`)).status, 404);
    assert.equal((await t.json(`${PODS}/loose`, { method: "DELETE" })).status, 200);
    assert.equal((await t.json(`${PODS}/loose`)).status, 404, "unbound pods go at once");
  } finally {
    await t.stop();
  }
});

Deno.test("services/status and nodes/status write only status", async () => {
  const t = await startTestApiServer();
  try {
    const svc = await create(
      t,
      { metadata: { name: "lb" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } },
      "/api/v1/namespaces/default/services",
    );
    const lb = { loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } };
    const st = await t.json(
      "/api/v1/namespaces/default/services/lb/status",
      jsonBody("PUT", { ...svc, status: lb, spec: { ...svc.spec, ports: [{ port: 81 }] } }),
    );
    assert.equal(st.status, 200, JSON.stringify(st.body));
    assert.deepEqual((st.body as Obj).status, lb);
    assert.equal(((st.body as Obj).spec?.ports as { port: number }[])[0].port, 80);
    const node = await create(
      t,
      { metadata: { name: "n1" }, status: { phase: "Running" } },
      "/api/v1/nodes",
    );
    assert.deepEqual(
      node.status,
      { phase: "Running" },
      "nodes keep the status they are created with",
    );
    const ready = { conditions: [{ type: "Ready", status: "True" }] };
    const ns = await t.json(
      "/api/v1/nodes/n1/status",
      jsonBody("PATCH", { status: ready }, "application/merge-patch+json"),
    );
    assert.equal(ns.status, 200);
    assert.deepEqual(
      ((ns.body as Obj).status as Record<string, unknown>).conditions,
      ready.conditions,
    );
  } finally {
    await t.stop();
  }
});

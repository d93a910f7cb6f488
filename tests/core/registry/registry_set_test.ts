import assert from "node:assert/strict";
import { jsonBody, openWatch, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

type Obj = { metadata: Record<string, unknown>; status?: Record<string, unknown> };

Deno.test("default, kube-system and kube-node-lease exist from the start and may not be deleted", async () => {
  const t = await startTestApiServer();
  try {
    const ns = await t.json("/api/v1/namespaces");
    const names = (ns.body.items as Obj[]).map((o) => o.metadata.name);
    assert.deepEqual(names, ["default", "kube-node-lease", "kube-system"]);
    assert.deepEqual((ns.body.items as Obj[])[0].status, { phase: "Active" });
    const del = await t.json("/api/v1/namespaces/default", { method: "DELETE" });
    assert.equal(del.status, 403);
    assert.equal(del.body.reason, "Forbidden");
  } finally {
    await t.stop();
  }
});

Deno.test("deleting a namespace deletes everything in it, then the namespace", async () => {
  const t = await startTestApiServer();
  try {
    assert.equal(
      (await t.json("/api/v1/namespaces", jsonBody("POST", { metadata: { name: "team" } }))).status,
      201,
    );
    const base = "/api/v1/namespaces/team";
    assert.equal((await t.json(`${base}/pods`, jsonBody("POST", testPod("p1")))).status, 201);
    assert.equal((await t.json(`${base}/pods`, jsonBody("POST", testPod("p2")))).status, 201);
    const svc = await t.json(
      `${base}/services`,
      jsonBody("POST", { metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } }),
    );
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    assert.equal(
      (await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", testPod("stay")))).status,
      201,
    );
    const w = await openWatch(t, `${base}/pods?watch=true`);
    try {
      assert.equal((await w.next())?.type, "ADDED");
      assert.equal((await w.next())?.type, "ADDED");
      const del = await t.json("/api/v1/namespaces/team", { method: "DELETE" });
      assert.equal(del.status, 200, JSON.stringify(del.body));
      assert.equal((await w.next())?.type, "DELETED");
      assert.equal((await w.next())?.type, "DELETED");
    } finally {
      await w.close();
    }
    assert.equal((await t.json("/api/v1/namespaces/team")).status, 404);
    assert.deepEqual((await t.json(`${base}/pods`)).body.items, []);
    assert.deepEqual((await t.json(`${base}/services`)).body.items, []);
    assert.equal(((await t.json("/api/v1/pods")).body.items as Obj[]).length, 1);
    const again = await t.json(`${base}/pods`, jsonBody("POST", testPod("late")));
    assert.equal(again.status, 404);
    assert.match(String(again.body.message), /namespaces "team" not found/);
    // The service's ClusterIP went back to the pool: the same address can be claimed again.
    const ip = (svc.body as { spec: { clusterIP: string } }).spec.clusterIP;
    const reuse = await t.json(
      "/api/v1/namespaces/default/services",
      jsonBody("POST", {
        metadata: { name: "reuse" },
        spec: { clusterIP: ip, ports: [{ port: 80 }] },
      }),
    );
    assert.equal(reuse.status, 201, JSON.stringify(reuse.body));
  } finally {
    await t.stop();
  }
});

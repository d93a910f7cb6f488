import assert from "node:assert/strict";
import { jsonBody, openWatch, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;" +
  "g=meta.k8s.io,application/json";

Deno.test("Accept: as=Table shapes lists, single objects and watch events; plain JSON otherwise", async () => {
  const t = await startTestApiServer();
  try {
    await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", testPod("web", { app: "w" })));
    const list = await t.json("/api/v1/namespaces/default/pods?limit=500", {
      headers: { accept: TABLE },
    });
    assert.equal(list.body.kind, "Table");
    assert.equal(list.body.apiVersion, "meta.k8s.io/v1");
    const rows = list.body.rows as { cells: unknown[]; object: { metadata: { name: string } } }[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].cells[0], "web");
    assert.equal(rows[0].object.metadata.name, "web");
    assert.ok(Array.isArray(list.body.columnDefinitions));
    const rv = (list.body.metadata as Record<string, string>).resourceVersion;
    assert.match(rv, /^\d+$/);

    const one = await t.json("/api/v1/namespaces/default/pods/web", { headers: { accept: TABLE } });
    assert.equal(one.body.kind, "Table");
    const plain = await t.json("/api/v1/namespaces/default/pods/web", {
      headers: { accept: "application/vnd.kubernetes.protobuf,application/json" },
    });
    assert.equal(plain.body.kind, "Pod");

    const tw = await openWatch(
      t,
      `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`,
      {
        headers: { accept: TABLE },
      },
    );
    try {
      await t.json(
        "/api/v1/namespaces/default/pods/web",
        jsonBody("PATCH", { metadata: { labels: { app: "x" } } }, "application/merge-patch+json"),
      );
      const ev = await tw.next();
      assert.equal(ev?.type, "MODIFIED");
      assert.equal(ev?.object.kind, "Table");
      assert.ok(Array.isArray(ev?.object.columnDefinitions), "the first event carries columns");
    } finally {
      await tw.close();
    }
    const w = await openWatch(t, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=0`);
    try {
      const ev = await w.next();
      assert.equal(ev?.object.kind, "Pod", "plain watches carry objects");
    } finally {
      await w.close();
    }
  } finally {
    await t.stop();
  }
});

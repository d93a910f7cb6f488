/**
 * A dry-run delete deletes nothing, whether `dryRun` comes in the query or, as kubectl 1.32
 * sends it for `kubectl delete --dry-run=server`, in the DeleteOptions body.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../../_helpers/apiserver.ts";

const CMS = "/api/v1/namespaces/default/configmaps";

Deno.test("delete with dryRun in the body or the query keeps the object; bad values are 400", async () => {
  const t = await startTestApiServer("memory");
  try {
    const created = await t.json(
      CMS,
      jsonBody("POST", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm1" } }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const body = await t.json(
      `${CMS}/cm1`,
      jsonBody("DELETE", { propagationPolicy: "Background", dryRun: ["All"] }),
    );
    assert.equal(body.status, 200, JSON.stringify(body.body));
    assert.equal((await t.json(`${CMS}/cm1`)).status, 200, "still there after a body dry run");
    const query = await t.json(`${CMS}/cm1?dryRun=All`, { method: "DELETE" });
    assert.equal(query.status, 200);
    assert.equal((await t.json(`${CMS}/cm1`)).status, 200, "still there after a query dry run");
    const all = await t.json(`${CMS}`, jsonBody("DELETE", { dryRun: ["All"] }));
    assert.equal(all.status, 200);
    assert.equal((await t.json(`${CMS}/cm1`)).status, 200, "a dry deletecollection keeps it");
    const bad = await t.json(`${CMS}/cm1`, jsonBody("DELETE", { dryRun: ["Some"] }));
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /dryRun value "Some"/);
    const real = await t.json(`${CMS}/cm1`, jsonBody("DELETE", { dryRun: [] }));
    assert.equal(real.status, 200);
    assert.equal((await t.json(`${CMS}/cm1`)).status, 404, "an empty dryRun deletes");
  } finally {
    await t.stop();
  }
});

import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../../_helpers/apiserver.ts";

const SVCS = "/api/v1/namespaces/default/services";
type Svc = { spec: { clusterIP?: string; clusterIPs?: string[]; ports: { nodePort?: number }[] } };

function svc(name: string, spec: Record<string, unknown> = {}) {
  return { metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } };
}

Deno.test("services get ClusterIPs from --portal-net; bad or taken addresses are 422", async () => {
  const t = await startTestApiServer("memory", { portalNet: "10.20.0.0/29" });
  try {
    const a = await t.json(SVCS, jsonBody("POST", svc("a")));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const ip = (a.body as unknown as Svc).spec.clusterIP ?? "";
    assert.match(ip, /^10\.20\.0\.[1-6]$/);
    assert.deepEqual((a.body as unknown as Svc).spec.clusterIPs, [ip]);

    const outside = await t.json(SVCS, jsonBody("POST", svc("b", { clusterIP: "10.99.0.1" })));
    assert.equal(outside.status, 422);
    assert.equal(
      (outside.body.details as { causes: { field: string }[] }).causes[0].field,
      "spec.clusterIP",
    );
    assert.match(String(outside.body.message), /not in the valid range.*10\.20\.0\.0\/29/);
    const taken = await t.json(SVCS, jsonBody("POST", svc("c", { clusterIP: ip })));
    assert.equal(taken.status, 422);
    assert.match(String(taken.body.message), /already allocated/);

    const headless = await t.json(SVCS, jsonBody("POST", svc("h", { clusterIP: "None" })));
    assert.equal((headless.body as unknown as Svc).spec.clusterIP, "None");

    // Fill the /29 (6 usable addresses, one used): 5 more fit, the 6th does not.
    for (let i = 0; i < 5; i++) {
      assert.equal((await t.json(SVCS, jsonBody("POST", svc(`f${i}`)))).status, 201);
    }
    const full = await t.json(SVCS, jsonBody("POST", svc("full")));
    assert.equal(full.status, 422);
    assert.match(String(full.body.message), /no free address/);

    // Delete releases; a PUT without clusterIP keeps the allocated one.
    assert.equal((await t.json(`${SVCS}/f0`, { method: "DELETE" })).status, 200);
    const again = await t.json(SVCS, jsonBody("POST", svc("again")));
    assert.equal(again.status, 201);
    const cur = (await t.json(`${SVCS}/a`)).body as Record<string, unknown> & Svc;
    delete cur.spec.clusterIP;
    delete cur.spec.clusterIPs;
    const put = await t.json(`${SVCS}/a`, jsonBody("PUT", cur));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((put.body as unknown as Svc).spec.clusterIP, ip);
  } finally {
    await t.stop();
  }
});

Deno.test("NodePort services get node ports from the range; explicit ones are checked", async () => {
  const t = await startTestApiServer("memory", { nodePortRange: "30000-30001" });
  try {
    const a = await t.json(SVCS, jsonBody("POST", svc("a", { type: "NodePort" })));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const port = (a.body as unknown as Svc).spec.ports[0].nodePort;
    assert.ok(port === 30000 || port === 30001);
    const taken = await t.json(
      SVCS,
      jsonBody("POST", svc("b", { type: "NodePort", ports: [{ port: 80, nodePort: port }] })),
    );
    assert.equal(taken.status, 422);
    assert.equal(
      (taken.body.details as { causes: { field: string }[] }).causes[0].field,
      "spec.ports[0].nodePort",
    );
    const outside = await t.json(
      SVCS,
      jsonBody("POST", svc("c", { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] })),
    );
    assert.equal(outside.status, 422);
    assert.match(String(outside.body.message), /30000-30001/);
    // The failed creates released their ClusterIPs and ports: one more NodePort fits.
    assert.equal(
      (await t.json(SVCS, jsonBody("POST", svc("d", { type: "NodePort" })))).status,
      201,
    );
    assert.equal(
      (await t.json(SVCS, jsonBody("POST", svc("e", { type: "NodePort" })))).status,
      422,
    );
  } finally {
    await t.stop();
  }
});

Deno.test("allocations are rebuilt from stored services after a restart", async () => {
  const t = await startTestApiServer("sqlite", { portalNet: "10.30.0.0/30" });
  try {
    const a = await t.json(SVCS, jsonBody("POST", svc("a")));
    assert.equal(a.status, 201);
    const b = await t.json(SVCS, jsonBody("POST", svc("b")));
    assert.equal(b.status, 201);
    await t.restart();
    const c = await t.json(SVCS, jsonBody("POST", svc("c")));
    assert.equal(c.status, 422, "a /30 holds two services, both still allocated");
    assert.equal((await t.json(`${SVCS}/a`, { method: "DELETE" })).status, 200);
    const d = await t.json(SVCS, jsonBody("POST", svc("d")));
    assert.equal(
      (d.body as unknown as Svc).spec.clusterIP,
      (a.body as unknown as Svc).spec.clusterIP,
    );
  } finally {
    await t.stop();
  }
});

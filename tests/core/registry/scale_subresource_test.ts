import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../../_helpers/apiserver.ts";

const RCS = "/api/v1/namespaces/default/replicationcontrollers";
type Scale = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; resourceVersion: string };
  spec: { replicas: number };
  status: { replicas: number; selector: string };
};

Deno.test("replicationcontrollers/scale: get, PUT and merge PATCH as autoscaling/v1 Scale", async () => {
  const t = await startTestApiServer();
  try {
    const rc = {
      metadata: { name: "web" },
      spec: {
        replicas: 2,
        selector: { app: "web" },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "c", image: "busybox" }] },
        },
      },
    };
    assert.equal((await t.json(RCS, jsonBody("POST", rc))).status, 201);
    const s = (await t.json(`${RCS}/web/scale`)).body as unknown as Scale;
    assert.equal(s.kind, "Scale");
    assert.equal(s.apiVersion, "autoscaling/v1");
    assert.equal(s.spec.replicas, 2);
    assert.equal(s.status.selector, "app=web");
    const patched = await t.json(
      `${RCS}/web/scale`,
      jsonBody("PATCH", { spec: { replicas: 3 } }, "application/merge-patch+json"),
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((patched.body as unknown as Scale).spec.replicas, 3);
    const put = await t.json(`${RCS}/web/scale`, {
      method: "PUT",
      body: JSON.stringify({ ...s, spec: { replicas: 5 } }),
    });
    assert.equal(put.status, 409, "the Scale read before the PATCH is stale");
    const fresh = (await t.json(`${RCS}/web/scale`)).body as unknown as Scale;
    const ok = await t.json(`${RCS}/web/scale`, {
      method: "PUT",
      body: JSON.stringify({ ...fresh, spec: { replicas: 5 } }),
    });
    assert.equal(ok.status, 200);
    const rcNow = (await t.json(`${RCS}/web`)).body as { spec: { replicas: number } };
    assert.equal(rcNow.spec.replicas, 5);
    const bad = await t.json(
      `${RCS}/web/scale`,
      jsonBody("PATCH", { spec: { replicas: -1 } }, "application/merge-patch+json"),
    );
    assert.equal(bad.status, 422);
    assert.match(String(bad.body.message), /spec\.replicas/);
  } finally {
    await t.stop();
  }
});

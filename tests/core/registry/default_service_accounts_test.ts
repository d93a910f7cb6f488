/**
 * Every namespace gets a `default` ServiceAccount: namespaces that existed before the apiserver
 * started, new ones, and again after it is deleted; none is created in a terminating namespace.
 */
import assert from "node:assert/strict";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { RegistrySet } from "../../../core/registry/registry_set.ts";
import { jsonBody, startTestApiServer } from "../../_helpers/apiserver.ts";

async function poll(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("a namespace that existed before start gets its default ServiceAccount", async () => {
  const store = new MemoryStore();
  try {
    await store.create("/registry/namespaces/old", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "old" },
      status: { phase: "Active" },
    });
    const set = await RegistrySet.open({ store });
    try {
      const sa = await set.must("serviceaccounts").get("old", "default");
      assert.equal(sa.kind, "ServiceAccount");
      for (const ns of ["default", "kube-system"]) {
        assert.equal(
          (await set.must("serviceaccounts").get(ns, "default")).metadata.name,
          "default",
        );
      }
    } finally {
      await set.close();
    }
  } finally {
    await store.close();
  }
});

Deno.test("new namespaces get a default ServiceAccount, recreated when deleted", async () => {
  const t = await startTestApiServer();
  try {
    const created = await t.json(
      "/api/v1/namespaces",
      jsonBody("POST", { metadata: { name: "team" } }),
    );
    assert.equal(created.status, 201);
    const path = "/api/v1/namespaces/team/serviceaccounts/default";
    await poll(
      "the default ServiceAccount of team",
      async () => (await t.json(path)).status === 200,
    );
    const uid = ((await t.json(path)).body.metadata as { uid: string }).uid;
    assert.equal((await t.json(path, { method: "DELETE" })).status, 200);
    await poll("the default ServiceAccount to be recreated", async () => {
      const res = await t.json(path);
      return res.status === 200 && (res.body.metadata as { uid: string }).uid !== uid;
    });
  } finally {
    await t.stop();
  }
});

Deno.test("a deleted namespace does not get its default ServiceAccount back", async () => {
  const t = await startTestApiServer();
  try {
    await t.json("/api/v1/namespaces", jsonBody("POST", { metadata: { name: "tmp" } }));
    const path = "/api/v1/namespaces/tmp/serviceaccounts/default";
    await poll(
      "the default ServiceAccount of tmp",
      async () => (await t.json(path)).status === 200,
    );
    assert.equal((await t.json("/api/v1/namespaces/tmp", { method: "DELETE" })).status, 200);
    await poll(
      "namespace tmp to be gone",
      async () => (await t.json("/api/v1/namespaces/tmp")).status === 404,
    );
    await t.server.handler.registries.serviceAccountsSettled();
    const left = await t.server.store.list("/registry/serviceaccounts/tmp/");
    assert.deepEqual(left.items, []);
  } finally {
    await t.stop();
  }
});

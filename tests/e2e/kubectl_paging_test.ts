import assert from "node:assert/strict";
import { startTestApiServer, type TestApiServer } from "../_helpers/apiserver.ts";
import { requires } from "../_helpers/requirements.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

/** Creates `count` pods named pod-NNNN in `ns`, 8 requests at a time. */
async function createPods(api: TestApiServer, ns: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const name = `pod-${String(next++).padStart(4, "0")}`;
      const r = await api.fetch(`/api/v1/namespaces/${ns}/pods`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name },
          spec: { containers: [{ name: "c", image: "busybox" }] },
        }),
      });
      const text = await r.text();
      assert.equal(r.status, 201, text);
    }
  }));
}

Deno.test({
  name: "kubectl get pods over 1,200 pods reads them in chunks of 500 and shows every one",
  ...requires("kubectl"),
  async fn() {
    const api = await startTestApiServer("memory");
    const k = await KubectlRunner.create(api.url);
    try {
      const ns = await api.fetch("/api/v1/namespaces", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "many" } }),
      });
      assert.equal(ns.status, 201);
      await ns.body?.cancel();
      await createPods(api, "many", 1200);
      const r = await k.run("get", "pods", "-n", "many", "--no-headers", "-v=6");
      assert.equal(r.code, 0, r.stderr);
      const names = r.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0]);
      assert.equal(names.length, 1200);
      assert.equal(new Set(names).size, 1200);
      assert.deepEqual(names, [...names].sort());
      const chunks = r.stderr.match(/GET \S+\/pods\?\S*limit=500\S* 200 OK/g) ?? [];
      assert.equal(chunks.length, 3, `kubectl's requests:\n${r.stderr}`);
      const json = JSON.parse(await k.ok("get", "pods", "-n", "many", "-o", "json"));
      assert.equal(json.items.length, 1200);
    } finally {
      await k.cleanup();
      await api.stop();
    }
  },
});

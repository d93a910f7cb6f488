/**
 * Server-side dry runs (`?dryRun=All`) over real HTTP and with real kubectl: create, update,
 * patch and delete answer as a real write would (defaults, validation, conflicts, allocations)
 * and store nothing; `kubectl diff` and `kubectl apply --dry-run=server` work.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";
import { requires } from "../../_helpers/requirements.ts";
import { KubectlRunner } from "../../e2e/kubectl_runner.ts";

const PODS = "/api/v1/namespaces/default/pods";

type Meta = { name?: string; resourceVersion?: string; deletionTimestamp?: string };

Deno.test("dryRun=All create, update, patch and delete run every check and store nothing", async () => {
  const t = await startTestApiServer("memory", { gracefulPodDeletion: true });
  try {
    const created = await t.json(`${PODS}?dryRun=All`, jsonBody("POST", testPod("dry")));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const spec = created.body.spec as { containers: { imagePullPolicy?: string }[] };
    assert.equal(spec.containers[0].imagePullPolicy, "Always", "defaults are applied");
    assert.equal((await t.json(`${PODS}/dry`)).status, 404);

    const invalid = await t.json(
      `${PODS}?dryRun=All`,
      jsonBody("POST", { ...testPod("bad"), spec: { containers: [] } }),
    );
    assert.equal(invalid.status, 422, "validation runs on a dry run");

    const real = await t.json(PODS, jsonBody("POST", testPod("p")));
    assert.equal(real.status, 201);
    const rv = (real.body.metadata as Meta).resourceVersion;
    const patched = await t.json(
      `${PODS}/p?dryRun=All`,
      jsonBody("PATCH", { metadata: { labels: { dry: "yes" } } }, "application/merge-patch+json"),
    );
    assert.equal(patched.status, 200);
    assert.deepEqual((patched.body.metadata as { labels: unknown }).labels, { dry: "yes" });
    const put = await t.json(`${PODS}/p?dryRun=All`, jsonBody("PUT", real.body));
    assert.equal(put.status, 200);
    const stale = await t.json(
      `${PODS}/p?dryRun=All`,
      jsonBody("PUT", {
        ...real.body,
        metadata: { ...real.body.metadata as Meta, resourceVersion: "1" },
      }),
    );
    assert.equal(stale.status, 409, "a stale resourceVersion conflicts on a dry run too");
    const deleted = await t.json(`${PODS}/p?dryRun=All`, { method: "DELETE" });
    assert.equal(deleted.status, 200);
    const after = await t.json(`${PODS}/p`);
    assert.equal(after.status, 200, "the pod is still stored");
    assert.equal((after.body.metadata as Meta).resourceVersion, rv, "nothing was written");
    assert.deepEqual((after.body.metadata as { labels?: unknown }).labels, {});

    const bad = await t.json(`${PODS}?dryRun=Everything`, jsonBody("POST", testPod("q")));
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /only supported value is "All"/);
  } finally {
    await t.stop();
  }
});

Deno.test("a dry-run service create shows a ClusterIP but keeps none allocated", async () => {
  const t = await startTestApiServer("memory", { portalNet: "10.0.0.0/30" });
  try {
    const svc = (name: string) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name },
      spec: { ports: [{ port: 80 }], selector: { app: "x" } },
    });
    const SVCS = "/api/v1/namespaces/default/services";
    for (let i = 0; i < 4; i++) {
      const r = await t.json(`${SVCS}?dryRun=All`, jsonBody("POST", svc(`dry${i}`)));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.ok((r.body.spec as { clusterIP?: string }).clusterIP);
    }
    const real = await t.json(SVCS, jsonBody("POST", svc("real")));
    assert.equal(real.status, 201, "the dry runs left the small range free");
  } finally {
    await t.stop();
  }
});

Deno.test({
  name: "kubectl diff and apply --dry-run=server show the change and store nothing",
  ...requires("kubectl"),
  fn: async () => {
    const t = await startTestApiServer("memory");
    const k = await KubectlRunner.create(t.url);
    try {
      const svc = (v: string) =>
        `apiVersion: v1\nkind: Service\nmetadata: {name: s, labels: {tier: ${v}}}\n` +
        `spec: {ports: [{port: 80}], selector: {app: s}}\n`;
      await k.ok("apply", "-f", await k.file("a.yaml", svc("old")));
      const changed = await k.file("b.yaml", svc("new"));
      const diff = await k.run("diff", "-f", changed);
      assert.equal(diff.code, 1, `kubectl diff exits 1 when there is a difference: ${diff.stderr}`);
      assert.match(diff.stdout, /-\s+tier: old/);
      assert.match(diff.stdout, /\+\s+tier: new/);
      const dry = await k.ok("apply", "--dry-run=server", "-f", changed);
      assert.match(dry, /service\/s configured \(server dry run\)/);
      const stored = await k.ok("get", "service", "s", "-o", "jsonpath={.metadata.labels.tier}");
      assert.equal(stored, "old");
    } finally {
      await Deno.remove(k.dir, { recursive: true });
      await t.stop();
    }
  },
});

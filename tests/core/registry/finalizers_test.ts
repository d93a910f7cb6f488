/**
 * metadata.finalizers over real HTTP and real kubectl: a delete only marks the object
 * (Terminating), and clearing the last finalizer removes it; graceful pod deletion's final
 * delete respects them too.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";
import { requires } from "../../_helpers/requirements.ts";
import { KubectlRunner } from "../../e2e/kubectl_runner.ts";

const PODS = "/api/v1/namespaces/default/pods";
const MERGE = "application/merge-patch+json";

type Meta = { deletionTimestamp?: string; deletionGracePeriodSeconds?: number };

Deno.test("a finalizer holds a deleted object until the last one is removed", async () => {
  const t = await startTestApiServer("memory", { gracefulPodDeletion: true });
  try {
    const pod = testPod("held");
    (pod.metadata as Record<string, unknown>).finalizers = ["example.com/a", "example.com/b"];
    assert.equal((await t.json(PODS, jsonBody("POST", pod))).status, 201);
    const del = await t.json(`${PODS}/held`, { method: "DELETE" });
    assert.equal(del.status, 200);
    const marked = (await t.json(`${PODS}/held`)).body.metadata as Meta;
    assert.ok(marked.deletionTimestamp, "marked for deletion");
    assert.equal(marked.deletionGracePeriodSeconds, 0);
    const one = await t.json(
      `${PODS}/held`,
      jsonBody("PATCH", { metadata: { finalizers: ["example.com/b"] } }, MERGE),
    );
    assert.equal(one.status, 200);
    assert.equal((await t.json(`${PODS}/held`)).status, 200, "one finalizer still holds it");
    const last = await t.json(
      `${PODS}/held`,
      jsonBody("PATCH", { metadata: { finalizers: null } }, MERGE),
    );
    assert.equal(last.status, 200);
    assert.equal((await t.json(`${PODS}/held`)).status, 404, "removed with its last finalizer");

    const bound = testPod("bound");
    (bound.metadata as Record<string, unknown>).finalizers = ["example.com/a"];
    (bound.spec as Record<string, unknown>).nodeName = "agent-1";
    assert.equal((await t.json(PODS, jsonBody("POST", bound))).status, 201);
    await t.json(`${PODS}/bound`, { method: "DELETE" });
    assert.equal(
      ((await t.json(`${PODS}/bound`)).body.metadata as Meta).deletionGracePeriodSeconds,
      30,
      "a bound pod first gets its grace period",
    );
    const final = await t.json(`${PODS}/bound`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ gracePeriodSeconds: 0 }),
    });
    assert.equal(final.status, 200);
    assert.equal(
      ((await t.json(`${PODS}/bound`)).body.metadata as Meta).deletionGracePeriodSeconds,
      0,
      "the final delete leaves it to the finalizer",
    );
    await t.json(`${PODS}/bound`, jsonBody("PATCH", { metadata: { finalizers: [] } }, MERGE));
    assert.equal((await t.json(`${PODS}/bound`)).status, 404);
  } finally {
    await t.stop();
  }
});

Deno.test({
  name: "kubectl: a pod with a finalizer is Terminating until the finalizer is patched away",
  ...requires("kubectl"),
  fn: async () => {
    const t = await startTestApiServer("memory", { gracefulPodDeletion: true });
    const k = await KubectlRunner.create(t.url);
    try {
      await k.ok(
        "apply",
        "-f",
        await k.file(
          "p.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: f, finalizers: [example.com/hold]}\n" +
            "spec: {containers: [{name: main, image: busybox}]}\n",
        ),
      );
      await k.ok("delete", "pod", "f", "--wait=false");
      assert.match(await k.ok("get", "pod", "f"), /^f\s+\S+\s+Terminating\s/m);
      await k.ok(
        "patch",
        "pod",
        "f",
        "--type=json",
        "-p",
        '[{"op":"remove","path":"/metadata/finalizers"}]',
      );
      const gone = await k.run("get", "pod", "f");
      assert.match(gone.stderr, /NotFound/);
    } finally {
      await Deno.remove(k.dir, { recursive: true });
      await t.stop();
    }
  },
});

import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

const PODS = "/api/v1/namespaces/default/pods";
type Pod = {
  metadata: { annotations?: Record<string, string> };
  spec: { nodeName?: string };
  status: { conditions?: { type: string; status: string }[] };
};

Deno.test("pods/binding sets spec.nodeName once; a second binding is 409", async () => {
  const t = await startTestApiServer();
  try {
    assert.equal((await t.json(PODS, jsonBody("POST", testPod("p")))).status, 201);
    const binding = {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "p", annotations: { "k8s.mesosphere.io/taskId": "t1" } },
      target: { kind: "Node", name: "agent-1" },
    };
    const b = await t.json(`${PODS}/p/binding`, jsonBody("POST", binding));
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.equal(b.body.status, "Success");
    const pod = (await t.json(`${PODS}/p`)).body as unknown as Pod;
    assert.equal(pod.spec.nodeName, "agent-1");
    assert.equal(pod.metadata.annotations?.["k8s.mesosphere.io/taskId"], "t1");
    assert.ok(pod.status.conditions?.some((c) => c.type === "PodScheduled" && c.status === "True"));
    const again = await t.json(
      `${PODS}/p/binding`,
      jsonBody("POST", { ...binding, target: { name: "agent-2" } }),
    );
    assert.equal(again.status, 409);
    assert.match(String(again.body.message), /already assigned to node "agent-1"/);
    const noTarget = await t.json(
      `${PODS}/p/binding`,
      jsonBody("POST", { metadata: { name: "p" } }),
    );
    assert.equal(noTarget.status, 422);
    // The `bindings` resource does the same, naming the pod in metadata.name.
    assert.equal((await t.json(PODS, jsonBody("POST", testPod("q")))).status, 201);
    const viaResource = await t.json(
      "/api/v1/namespaces/default/bindings",
      jsonBody("POST", { metadata: { name: "q" }, target: { name: "agent-3" } }),
    );
    assert.equal(viaResource.status, 201);
    assert.equal(((await t.json(`${PODS}/q`)).body as unknown as Pod).spec.nodeName, "agent-3");
    const missing = await t.json(`${PODS}/zz/binding`, jsonBody("POST", binding));
    assert.equal(missing.status, 404);
  } finally {
    await t.stop();
  }
});

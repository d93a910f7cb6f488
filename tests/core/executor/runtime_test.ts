import assert from "node:assert/strict";
import { pullPolicyOf } from "../../../core/executor/runtime.ts";
import { podIdentity } from "../../../core/executor/pod_shape.ts";

Deno.test("pullPolicyOf applies Kubernetes' defaults", () => {
  assert.equal(pullPolicyOf({ name: "a", image: "nginx" }), "Always");
  assert.equal(pullPolicyOf({ name: "a", image: "nginx:latest" }), "Always");
  assert.equal(pullPolicyOf({ name: "a", image: "nginx:1.27" }), "IfNotPresent");
  assert.equal(pullPolicyOf({ name: "a", image: "localhost:5000/nginx" }), "Always");
  assert.equal(pullPolicyOf({ name: "a", image: "nginx@sha256:abc" }), "IfNotPresent");
  assert.equal(pullPolicyOf({ name: "a", image: "nginx", imagePullPolicy: "Never" }), "Never");
});

Deno.test("podIdentity needs uid and name and defaults the namespace", () => {
  assert.deepEqual(podIdentity({ metadata: { uid: "u", name: "p" } }), {
    uid: "u",
    name: "p",
    namespace: "default",
  });
  assert.throws(() => podIdentity({ metadata: { name: "p" } }), /"p" has no metadata.uid/);
});

/**
 * The FrameworkInfo k8sm subscribes with: MULTI_ROLE `roles` from `--mesos-role` (a comma
 * separated list, `*` by default) and the principal of the Mesos credentials.
 */
import assert from "node:assert/strict";
import { frameworkInfo } from "../../../core/scheduler/framework_info.ts";

Deno.test("roles come from --mesos-role, principal from the credentials", () => {
  const info = frameworkInfo({
    user: "root",
    role: "k8s, ops,k8s",
    credentials: { principal: "k8sm", secret: "s3cret" },
  });
  assert.deepEqual(info.roles, ["k8s", "ops"]);
  assert.equal(info.principal, "k8sm");
  assert.equal(info.role, undefined, "MULTI_ROLE frameworks must not set role");
  assert.ok(!JSON.stringify(info).includes("s3cret"), "the secret is not in FrameworkInfo");
  const plain = frameworkInfo({ user: "root" });
  assert.deepEqual(plain.roles, ["*"]);
  assert.equal(plain.principal, undefined);
});

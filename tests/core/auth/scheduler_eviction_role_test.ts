/**
 * The scheduler's ClusterRole lets it evict pods (pods/eviction create, for Mesos maintenance
 * drains), and still not exec into them.
 */
import assert from "node:assert/strict";
import {
  componentClusterRoleBindings,
  SCHEDULER_USER,
  schedulerRole,
} from "../../../core/auth/component_roles.ts";
import { RbacAuthorizer } from "../../../core/auth/rbac_authorizer.ts";

Deno.test("the scheduler may create pods/eviction, and not pods/exec", () => {
  const authorizer = new RbacAuthorizer({
    clusterRoles: () => [schedulerRole()],
    clusterRoleBindings: componentClusterRoleBindings,
    roleBindings: () => [],
    roles: () => [],
  });
  const allowed = (subresource: string) =>
    authorizer.authorize({
      user: { name: SCHEDULER_USER, uid: "", groups: ["system:authenticated"] },
      verb: "create",
      isResourceRequest: true,
      apiGroup: "",
      resource: "pods",
      subresource,
      namespace: "dev",
      name: "web",
    }).allowed;
  assert.equal(allowed("eviction"), true);
  assert.equal(allowed("exec"), false);
});

import assert from "node:assert/strict";
import {
  admissionForbiddenMessage,
  forbiddenMessage,
  forbiddenStatus,
} from "../../../core/auth/forbidden_message.ts";
import type { AuthorizationAttributes } from "../../../core/auth/rbac_rules.ts";

const alice = { name: "alice", uid: "", groups: ["system:authenticated"] };
const res = (a: Partial<AuthorizationAttributes>): AuthorizationAttributes => ({
  user: alice,
  verb: "list",
  isResourceRequest: true,
  apiGroup: "",
  resource: "pods",
  ...a,
});

Deno.test("forbiddenMessage: a namespaced list", () => {
  assert.equal(
    forbiddenMessage(res({ namespace: "default" })),
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
  );
});

Deno.test("forbiddenMessage: a named object with a subresource", () => {
  assert.equal(
    forbiddenMessage(res({ verb: "get", namespace: "dev", name: "web", subresource: "log" })),
    'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "dev"',
  );
});

Deno.test("forbiddenMessage: cluster scope, a named API group, and all namespaces", () => {
  assert.equal(
    forbiddenMessage(
      res({ verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles" }),
    ),
    'clusterroles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
  );
  assert.equal(
    forbiddenMessage(res({ verb: "delete", resource: "nodes", name: "n1" })),
    'nodes "n1" is forbidden: User "alice" cannot delete resource "nodes" in API group "" at the cluster scope',
  );
});

Deno.test("forbiddenMessage: a non-resource path, and the authorizer's reason", () => {
  assert.equal(
    forbiddenMessage({ user: alice, verb: "get", isResourceRequest: false, path: "/metrics" }),
    'forbidden: User "alice" cannot get path "/metrics"',
  );
  assert.equal(
    forbiddenMessage(
      res({ namespace: "dev" }),
      'RBAC: role.rbac.authorization.k8s.io "x" not found',
    ),
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "dev": RBAC: role.rbac.authorization.k8s.io "x" not found',
  );
});

Deno.test("forbiddenStatus: a 403 Status with reason Forbidden and details", () => {
  const s = forbiddenStatus(res({ verb: "get", namespace: "dev", name: "web" }));
  assert.equal(s.code, 403);
  assert.equal(s.reason, "Forbidden");
  assert.equal(s.status, "Failure");
  assert.deepEqual(s.details, { name: "web", kind: "pods" });
});

Deno.test("admissionForbiddenMessage: NewForbidden's prefix before the admission reason", () => {
  assert.equal(
    admissionForbiddenMessage(
      res({ verb: "update", resource: "nodes", name: "b" }),
      'node "a" is not allowed to modify node "b"',
    ),
    'nodes "b" is forbidden: node "a" is not allowed to modify node "b"',
  );
});

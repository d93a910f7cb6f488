import assert from "node:assert/strict";
import { bootstrapPolicy } from "../../../core/auth/bootstrap_policy.ts";
import { RbacAuthorizer } from "../../../core/auth/rbac_authorizer.ts";
import type { UserInfo } from "../../../core/auth/user_info.ts";

const policy = bootstrapPolicy();
const authorizer = new RbacAuthorizer({
  clusterRoles: () => policy.clusterRoles,
  clusterRoleBindings: () => policy.clusterRoleBindings,
  roles: () => [],
  roleBindings: () => [],
});

const user = (name: string, ...groups: string[]): UserInfo => ({
  name,
  uid: "",
  groups: [...groups, "system:authenticated"],
});

/** "verb resource[/sub] [ns] [group]" → allowed? */
function can(u: UserInfo, verb: string, resource: string, namespace = "dev", apiGroup = "") {
  const [res, sub = ""] = resource.split("/");
  return authorizer.authorize({
    user: u,
    verb,
    isResourceRequest: true,
    apiGroup,
    resource: res,
    subresource: sub,
    namespace,
    name: verb === "list" || verb === "watch" || verb === "create" ? "" : "x",
  }).allowed;
}

Deno.test("bootstrap: every object carries the bootstrapping label and autoupdate annotation", () => {
  for (const o of [...policy.clusterRoles, ...policy.clusterRoleBindings]) {
    assert.equal(
      o.metadata.labels?.["kubernetes.io/bootstrapping"],
      "rbac-defaults",
      o.metadata.name ?? "",
    );
    assert.equal(o.metadata.annotations?.["rbac.authorization.kubernetes.io/autoupdate"], "true");
  }
  const names = policy.clusterRoles.map((r) => r.metadata.name);
  for (
    const n of ["cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user"]
  ) {
    assert.ok(names.includes(n), n);
  }
  for (const b of policy.clusterRoleBindings) {
    assert.ok(
      names.includes(b.roleRef.name),
      `binding ${b.metadata.name} refers to a bootstrap role`,
    );
  }
});

Deno.test("bootstrap: every authenticated user may discover and review itself, nothing more", () => {
  const u = user("someone");
  const path = (p: string) =>
    authorizer.authorize({ user: u, verb: "get", isResourceRequest: false, path: p }).allowed;
  for (const p of ["/api", "/api/v1", "/apis", "/version", "/openapi/v2", "/healthz"]) {
    assert.equal(path(p), true, p);
  }
  assert.equal(path("/metrics"), false);
  assert.equal(can(u, "create", "selfsubjectaccessreviews", "", "authorization.k8s.io"), true);
  assert.equal(can(u, "create", "selfsubjectrulesreviews", "", "authorization.k8s.io"), true);
  assert.equal(can(u, "create", "selfsubjectreviews", "", "authentication.k8s.io"), true);
  assert.equal(can(u, "create", "subjectaccessreviews", "", "authorization.k8s.io"), false);
  assert.equal(can(u, "list", "pods"), false);
  const anon = { name: "system:anonymous", uid: "", groups: ["system:unauthenticated"] };
  const anonPath = (p: string) =>
    authorizer.authorize({ user: anon, verb: "get", isResourceRequest: false, path: p }).allowed;
  assert.equal(anonPath("/version"), true, "public-info-viewer");
  assert.equal(anonPath("/api"), false);
});

Deno.test("bootstrap: system:masters holds cluster-admin", () => {
  const root = user("admin", "system:masters");
  assert.equal(can(root, "delete", "nodes", ""), true);
  assert.equal(can(root, "escalate", "clusterroles", "", "rbac.authorization.k8s.io"), true);
});

Deno.test("bootstrap: the scheduler may do what core/scheduler does, and no more", () => {
  const s = user("system:k8sm:scheduler");
  for (
    const [verb, res, ns] of [
      ["list", "pods", ""],
      ["watch", "pods", ""],
      ["get", "pods", "dev"],
      ["patch", "pods", "dev"],
      ["delete", "pods", "dev"],
      ["create", "pods/binding", "dev"],
      ["update", "pods/status", "dev"],
      ["list", "nodes", ""],
      ["create", "nodes", ""],
      ["patch", "nodes", ""],
      ["patch", "nodes/status", ""],
      ["create", "nodes/token", ""],
      ["create", "events", "dev"],
    ]
  ) assert.equal(can(s, verb, res, ns), true, `${verb} ${res}`);
  assert.equal(can(s, "create", "pods"), false);
  assert.equal(can(s, "get", "secrets"), false);
  assert.equal(can(s, "delete", "services"), false);
});

Deno.test("bootstrap: the controller-manager may do what core/controllers does, and no more", () => {
  const c = user("system:k8sm:controller-manager");
  for (
    const [verb, res, ns] of [
      ["watch", "pods", ""],
      ["create", "pods", "dev"],
      ["delete", "pods", "dev"],
      ["patch", "pods", "dev"],
      ["watch", "replicationcontrollers", ""],
      ["update", "replicationcontrollers/status", "dev"],
      ["watch", "services", ""],
      ["create", "endpoints", "dev"],
      ["update", "endpoints", "kube-system"],
      ["delete", "endpoints", "dev"],
    ]
  ) assert.equal(can(c, verb, res, ns), true, `${verb} ${res}`);
  assert.equal(can(c, "update", "replicationcontrollers"), false);
  assert.equal(can(c, "patch", "nodes", ""), false);
  assert.equal(can(c, "create", "pods/binding"), false);
});

Deno.test("bootstrap: the proxy reads services and endpoints and records its port annotation", () => {
  const p = user("system:k8sm:proxy");
  assert.equal(can(p, "watch", "services", ""), true);
  assert.equal(can(p, "watch", "endpoints", ""), true);
  assert.equal(can(p, "patch", "services"), true);
  assert.equal(can(p, "update", "endpoints"), false);
  assert.equal(can(p, "list", "pods", ""), false);
});

Deno.test("bootstrap: executors (system:nodes) get only what core/executor uses", () => {
  const n = user("system:node:agent-1", "system:nodes");
  for (
    const [verb, res, ns] of [
      ["get", "nodes", ""],
      // its kubelet serving CA annotation; NodeRestriction limits it to its own Node and keeps
      // labels, taints and addresses out of reach
      ["patch", "nodes", ""],
      ["patch", "nodes/status", ""],
      ["get", "pods", "dev"],
      ["delete", "pods", "dev"],
      // the pods bound to it only: the apiserver requires fieldSelector spec.nodeName=<node>
      // (core/auth/node_pod_reads.ts)
      ["list", "pods", ""],
      ["watch", "pods", ""],
      ["patch", "pods/status", "dev"],
      ["list", "services", "dev"],
      ["create", "events", "dev"],
      // the objects its pods use only: the node authorizer's graph (node_object_reads.ts)
      ["get", "secrets", "dev"],
      ["get", "configmaps", "dev"],
      ["create", "serviceaccounts/token", "dev"],
    ]
  ) assert.equal(can(n, verb, res, ns), true, `${verb} ${res}`);
  assert.equal(can(n, "update", "nodes", ""), false, "only merge patches of its own Node");
  assert.equal(can(n, "create", "nodes", ""), false, "the scheduler registers Nodes");
  assert.equal(can(n, "create", "pods"), false);
  assert.equal(can(n, "list", "secrets"), false);
  assert.equal(can(n, "create", "nodes/token", ""), false);
});

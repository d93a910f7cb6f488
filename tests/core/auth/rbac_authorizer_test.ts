import assert from "node:assert/strict";
import type {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  Subject,
} from "../../../core/api/types/rbac.ts";
import { bootstrapPolicy } from "../../../core/auth/bootstrap_policy.ts";
import { RbacAuthorizer, type RbacSource } from "../../../core/auth/rbac_authorizer.ts";
import type { AuthorizationAttributes } from "../../../core/auth/rbac_rules.ts";
import type { UserInfo } from "../../../core/auth/user_info.ts";

const G = "rbac.authorization.k8s.io";

function source(extra: {
  clusterRoles?: ClusterRole[];
  clusterRoleBindings?: ClusterRoleBinding[];
  roles?: Role[];
  roleBindings?: RoleBinding[];
}): RbacSource {
  const boot = bootstrapPolicy();
  const crs = [...boot.clusterRoles, ...(extra.clusterRoles ?? [])];
  const crbs = [...boot.clusterRoleBindings, ...(extra.clusterRoleBindings ?? [])];
  return {
    clusterRoles: () => crs,
    clusterRoleBindings: () => crbs,
    roles: (ns) => (extra.roles ?? []).filter((r) => r.metadata.namespace === ns),
    roleBindings: (ns) => (extra.roleBindings ?? []).filter((b) => b.metadata.namespace === ns),
  };
}

function rb(ns: string, name: string, kind: "Role" | "ClusterRole", role: string, s: Subject[]) {
  return {
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: G, kind, name: role },
    subjects: s,
  };
}
const userSubject = (name: string): Subject => ({ kind: "User", apiGroup: G, name });
const authed = (name: string, ...groups: string[]): UserInfo => ({
  name,
  uid: "",
  groups: [...groups, "system:authenticated"],
});

const authorizer = new RbacAuthorizer(source({
  roles: [
    {
      metadata: { name: "pod-reader", namespace: "dev" },
      rules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] }],
    },
    {
      metadata: { name: "one-pod", namespace: "dev" },
      rules: [{
        verbs: ["get", "delete", "list"],
        apiGroups: [""],
        resources: ["pods"],
        resourceNames: ["web"],
      }],
    },
  ],
  roleBindings: [
    rb("dev", "vera-view", "ClusterRole", "view", [userSubject("vera")]),
    rb("dev", "ed-edit", "ClusterRole", "edit", [userSubject("ed")]),
    rb("dev", "ada-admin", "ClusterRole", "admin", [userSubject("ada")]),
    rb("dev", "rita-read", "Role", "pod-reader", [userSubject("rita")]),
    rb("dev", "nina-one", "Role", "one-pod", [userSubject("nina")]),
    rb("dev", "builder-edit", "ClusterRole", "edit", [{ kind: "ServiceAccount", name: "builder" }]),
    rb("dev", "ops-view", "ClusterRole", "view", [{ kind: "Group", apiGroup: G, name: "ops" }]),
  ],
  clusterRoleBindings: [{
    metadata: { name: "cliff-view" },
    roleRef: { apiGroup: G, kind: "ClusterRole", name: "view" },
    subjects: [userSubject("cliff")],
  }],
}));

function can(
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  name = "",
  sub = "",
) {
  const attrs: AuthorizationAttributes = {
    user,
    verb,
    isResourceRequest: true,
    apiGroup: resource === "roles" || resource === "rolebindings" ? G : "",
    resource,
    subresource: sub,
    namespace,
    name,
  };
  return authorizer.authorize(attrs).allowed;
}

const VERBS = ["get", "list", "watch", "create", "delete"];
const nameFor = (verb: string) => (verb === "get" || verb === "delete" ? "web" : "");

/** Expected verbs per user on pods in dev and prod, as kube-apiserver's RBAC decides. */
const MATRIX: [string, UserInfo, string[], string[]][] = [
  ["view in dev", authed("vera"), ["get", "list", "watch"], []],
  ["edit in dev", authed("ed"), VERBS, []],
  ["admin in dev", authed("ada"), VERBS, []],
  ["cluster-wide view", authed("cliff"), ["get", "list", "watch"], ["get", "list", "watch"]],
  ["namespaced Role", authed("rita"), ["get", "list", "watch"], []],
  ["resourceNames Role", authed("nina"), ["get", "delete"], []],
  [
    "ServiceAccount subject",
    authed("system:serviceaccount:dev:builder", "system:serviceaccounts"),
    VERBS,
    [],
  ],
  ["Group subject", authed("gus", "ops"), ["get", "list", "watch"], []],
  ["unbound user", authed("nobody"), [], []],
  ["system:masters", authed("root", "system:masters"), VERBS, VERBS],
];

for (const [what, user, dev, prod] of MATRIX) {
  Deno.test(`RBAC matrix: ${what} (${user.name}) on pods in dev and prod`, () => {
    for (const verb of VERBS) {
      assert.equal(
        can(user, verb, "pods", "dev", nameFor(verb)),
        dev.includes(verb),
        `${verb} dev`,
      );
      assert.equal(
        can(user, verb, "pods", "prod", nameFor(verb)),
        prod.includes(verb),
        `${verb} prod`,
      );
    }
  });
}

Deno.test("RBAC: a RoleBinding grants nothing across all namespaces; a ClusterRoleBinding does", () => {
  assert.equal(can(authed("vera"), "list", "pods", ""), false);
  assert.equal(can(authed("cliff"), "list", "pods", ""), true);
  assert.equal(can(authed("cliff"), "list", "nodes", ""), false, "view has no nodes");
});

Deno.test("RBAC: view cannot read secrets, edit can; only admin manages roles (aggregation)", () => {
  assert.equal(can(authed("vera"), "get", "secrets", "dev", "s"), false);
  assert.equal(can(authed("ed"), "get", "secrets", "dev", "s"), true);
  assert.equal(can(authed("ed"), "create", "roles", "dev"), false);
  assert.equal(can(authed("ada"), "create", "roles", "dev"), true);
  assert.equal(can(authed("ada"), "list", "rolebindings", "dev"), true);
  assert.equal(can(authed("ada"), "list", "rolebindings", "prod"), false);
});

Deno.test("RBAC: subresources need their own rule; resourceNames never match list or create", () => {
  assert.equal(can(authed("rita"), "get", "pods", "dev", "web", "log"), false);
  assert.equal(can(authed("vera"), "get", "pods", "dev", "web", "log"), true);
  assert.equal(can(authed("vera"), "create", "pods", "dev", "web", "exec"), false);
  assert.equal(can(authed("ed"), "create", "pods", "dev", "web", "exec"), true);
  assert.equal(can(authed("nina"), "get", "pods", "dev", "other"), false);
  assert.equal(can(authed("nina"), "list", "pods", "dev"), false, "list has no name");
  assert.equal(can(authed("nina"), "delete", "pods", "dev", "web"), true);
});

Deno.test("RBAC: a ServiceAccount subject is bound only in its namespace", () => {
  const sa = authed("system:serviceaccount:prod:builder", "system:serviceaccounts");
  assert.equal(can(sa, "get", "pods", "dev", "web"), false, "same name, other namespace");
});

Deno.test("RBAC: a binding to a missing role denies with kube-apiserver's reason", () => {
  const a = new RbacAuthorizer(source({
    roleBindings: [rb("dev", "dangling", "Role", "ghost", [userSubject("zed")])],
  }));
  const d = a.authorize({
    user: authed("zed"),
    verb: "get",
    isResourceRequest: true,
    apiGroup: "",
    resource: "pods",
    namespace: "dev",
    name: "x",
  });
  assert.deepEqual(d, {
    allowed: false,
    reason: 'RBAC: role.rbac.authorization.k8s.io "ghost" not found',
  });
});

Deno.test("RBAC: the allow reason names the binding, role and subject", () => {
  const d = authorizer.authorize({
    user: authed("vera"),
    verb: "get",
    isResourceRequest: true,
    apiGroup: "",
    resource: "pods",
    namespace: "dev",
    name: "x",
  });
  assert.deepEqual(d, {
    allowed: true,
    reason: 'RBAC: allowed by RoleBinding "vera-view/dev" of ClusterRole "view" to User "vera"',
  });
});

Deno.test("RBAC: wildcards and */subresource and non-resource URL prefixes", () => {
  const a = new RbacAuthorizer(source({
    clusterRoles: [{
      metadata: { name: "scaler" },
      rules: [
        { verbs: ["update"], apiGroups: ["*"], resources: ["*/scale"] },
        { verbs: ["get"], nonResourceURLs: ["/logs/*", "/metrics"] },
      ],
    }],
    clusterRoleBindings: [{
      metadata: { name: "scaler" },
      roleRef: { apiGroup: G, kind: "ClusterRole", name: "scaler" },
      subjects: [userSubject("sc")],
    }],
  }));
  const r = (verb: string, group: string, resource: string, sub: string) =>
    a.authorize({
      user: authed("sc"),
      verb,
      isResourceRequest: true,
      apiGroup: group,
      resource,
      subresource: sub,
      namespace: "x",
      name: "n",
    }).allowed;
  assert.equal(r("update", "", "replicationcontrollers", "scale"), true);
  assert.equal(r("update", "apps", "deployments", "scale"), true);
  assert.equal(r("update", "", "replicationcontrollers", "status"), false);
  assert.equal(r("update", "", "replicationcontrollers", ""), false);
  const p = (path: string) =>
    a.authorize({ user: authed("sc"), verb: "get", isResourceRequest: false, path }).allowed;
  assert.equal(p("/logs/kube.log"), true);
  assert.equal(p("/metrics"), true);
  assert.equal(p("/metrics/extra"), false);
  assert.equal(p("/version"), true, "system:discovery for every authenticated user");
  assert.equal(p("/api/v1"), true);
  assert.equal(p("/secret-ui"), false);
});

Deno.test("RBAC: aggregation is computed at evaluation time from labelled ClusterRoles", () => {
  const widgets: ClusterRole = {
    metadata: {
      name: "widgets-view",
      labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
    },
    rules: [{ verbs: ["get"], apiGroups: ["example.com"], resources: ["widgets"] }],
  };
  const a = new RbacAuthorizer(source({
    clusterRoles: [widgets],
    roleBindings: [
      rb("prod", "ada", "ClusterRole", "admin", [userSubject("ada")]),
      rb("prod", "ed", "ClusterRole", "edit", [userSubject("ed")]),
      rb("prod", "vera", "ClusterRole", "view", [userSubject("vera")]),
    ],
  }));
  const getWidget = (user: string, verb = "get") =>
    a.authorize({
      user: authed(user),
      verb,
      isResourceRequest: true,
      apiGroup: "example.com",
      resource: "widgets",
      namespace: "prod",
      name: "w",
    }).allowed;
  assert.equal(getWidget("vera"), true, "view aggregates widgets-view");
  assert.equal(getWidget("ed"), true, "edit aggregates view");
  assert.equal(getWidget("ada"), true, "admin aggregates edit");
  assert.equal(getWidget("ada", "delete"), false, "only the aggregated verbs");
  assert.equal(getWidget("nobody"), false);
});

Deno.test("rulesFor lists the rules of every binding that applies in the namespace", () => {
  const rules = authorizer.rulesFor(authed("rita"), "dev");
  assert.deepEqual(
    rules.resourceRules.find((r) => r.resources?.includes("pods") && r.verbs.length === 3),
    { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] },
  );
  assert.ok(rules.resourceRules.some((r) => r.resources?.includes("selfsubjectaccessreviews")));
  assert.ok(rules.nonResourceRules.some((r) => r.nonResourceURLs?.includes("/api/*")));
  assert.equal(rules.incomplete, false);
  assert.equal(
    authorizer.rulesFor(authed("rita"), "prod").resourceRules.some((r) =>
      r.resources?.includes("pods")
    ),
    false,
  );
  const root = authorizer.rulesFor(authed("root", "system:masters"), "any");
  assert.ok(root.resourceRules.some((r) => r.verbs[0] === "*" && r.resources?.[0] === "*"));
});

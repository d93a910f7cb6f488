/**
 * The RBAC objects the apiserver creates at start-up, as kube-apiserver's bootstrap policy:
 * cluster-admin (bound to system:masters); the user-facing admin ⊇ edit ⊇ view, aggregated from
 * `rbac.authorization.k8s.io/aggregate-to-*` ClusterRoles so operators can extend them; what
 * every authenticated user may do (system:discovery, system:basic-user,
 * system:public-info-viewer); and one role per k8sm component (component_roles.ts).
 */
import type { ClusterRole, ClusterRoleBinding } from "../api/types/rbac.ts";
import { componentClusterRoleBindings, componentClusterRoles } from "./component_roles.ts";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  READ,
  READ_WRITE,
  rule,
  urlRule,
  WRITE,
} from "./policy_builders.ts";
import { AUTHENTICATED_GROUP, MASTERS_GROUP, UNAUTHENTICATED_GROUP } from "./user_info.ts";

/** Label making a ClusterRole part of `admin`. */
export const AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
/** Label making a ClusterRole part of `edit` (and so of `admin`). */
export const AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
/** Label making a ClusterRole part of `view` (and so of `edit` and `admin`). */
export const AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

/** What view grants: reading workloads and their status, not secrets. */
function aggregateToView(): ClusterRole {
  return clusterRole("system:aggregate-to-view", [
    rule(READ, [""], [
      "pods",
      "replicationcontrollers",
      "replicationcontrollers/scale",
      "serviceaccounts",
      "services",
      "services/status",
      "endpoints",
      "persistentvolumeclaims",
      "persistentvolumeclaims/status",
      "configmaps",
    ]),
    rule(READ, [""], [
      "limitranges",
      "resourcequotas",
      "bindings",
      "events",
      "pods/status",
      "resourcequotas/status",
      "namespaces/status",
      "replicationcontrollers/status",
      "pods/log",
    ]),
    rule(READ, [""], ["namespaces"]),
    rule(READ, ["apps"], [
      "controllerrevisions",
      "statefulsets",
      "statefulsets/scale",
      "statefulsets/status",
      "daemonsets",
      "daemonsets/status",
      "deployments",
      "deployments/scale",
      "deployments/status",
      "replicasets",
      "replicasets/scale",
      "replicasets/status",
    ]),
    rule(READ, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
    rule(READ, ["batch"], ["jobs", "jobs/status", "cronjobs", "cronjobs/status"]),
  ], { labels: { [AGGREGATE_TO_VIEW]: "true" } });
}

/** What edit adds: writing workloads, reading and writing secrets, exec and port-forward. */
function aggregateToEdit(): ClusterRole {
  const podAccess = ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward"];
  return clusterRole("system:aggregate-to-edit", [
    rule(READ, [""], [...podAccess, "secrets", "services/proxy"]),
    rule(["impersonate"], [""], ["serviceaccounts"]),
    rule(WRITE, [""], ["pods", ...podAccess]),
    rule(["create"], [""], ["pods/eviction"]),
    rule(WRITE, [""], [
      "replicationcontrollers",
      "replicationcontrollers/scale",
      "serviceaccounts",
      "services",
      "services/proxy",
      "persistentvolumeclaims",
      "configmaps",
      "secrets",
      "events",
    ]),
    rule(["create"], [""], ["serviceaccounts/token"]),
    rule(WRITE, ["apps"], [
      "statefulsets",
      "statefulsets/scale",
      "daemonsets",
      "deployments",
      "deployments/scale",
      "deployments/rollback",
      "replicasets",
      "replicasets/scale",
    ]),
    rule(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
    rule(WRITE, ["batch"], ["jobs", "cronjobs"]),
  ], { labels: { [AGGREGATE_TO_EDIT]: "true" } });
}

/** What admin adds: roles and bindings within a namespace, local access reviews. */
function aggregateToAdmin(): ClusterRole {
  return clusterRole("system:aggregate-to-admin", [
    rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
    rule(READ_WRITE, ["rbac.authorization.k8s.io"], ["roles", "rolebindings"]),
  ], { labels: { [AGGREGATE_TO_ADMIN]: "true" } });
}

/** The bootstrap ClusterRoles. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), urlRule(["*"], ["*"])]),
    clusterRole("admin", [], { aggregateFrom: AGGREGATE_TO_ADMIN }),
    clusterRole("edit", [], {
      aggregateFrom: AGGREGATE_TO_EDIT,
      labels: { [AGGREGATE_TO_ADMIN]: "true" },
    }),
    clusterRole("view", [], {
      aggregateFrom: AGGREGATE_TO_VIEW,
      labels: { [AGGREGATE_TO_EDIT]: "true" },
    }),
    aggregateToAdmin(),
    aggregateToEdit(),
    aggregateToView(),
    clusterRole("system:discovery", [
      urlRule(["get"], [
        "/api",
        "/api/*",
        "/apis",
        "/apis/*",
        "/healthz",
        "/livez",
        "/openapi",
        "/openapi/*",
        "/readyz",
        "/version",
        "/version/",
      ]),
    ]),
    clusterRole("system:basic-user", [
      rule(["create"], ["authorization.k8s.io"], [
        "selfsubjectaccessreviews",
        "selfsubjectrulesreviews",
      ]),
      rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ]),
    clusterRole("system:public-info-viewer", [
      urlRule(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"]),
    ]),
    ...componentClusterRoles(),
  ];
}

/**
 * The bootstrap ClusterRoleBindings. system:public-info-viewer is bound to unauthenticated
 * users too, as in Kubernetes; k8sm's authenticator still answers anonymous requests with 401
 * outside the health endpoints, so the binding only matters if anonymous access is enabled.
 */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding("cluster-admin", [group(MASTERS_GROUP)]),
    clusterRoleBinding("system:discovery", [group(AUTHENTICATED_GROUP)]),
    clusterRoleBinding("system:basic-user", [group(AUTHENTICATED_GROUP)]),
    clusterRoleBinding("system:public-info-viewer", [
      group(AUTHENTICATED_GROUP),
      group(UNAUTHENTICATED_GROUP),
    ]),
    ...componentClusterRoleBindings(),
  ];
}

/** Every bootstrap object, roles first (what the apiserver creates when missing). */
export function bootstrapPolicy(): {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
} {
  return {
    clusterRoles: bootstrapClusterRoles(),
    clusterRoleBindings: bootstrapClusterRoleBindings(),
  };
}

/** rbac.authorization.k8s.io/v1 kinds: Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
import type { KubeList, KubeObject } from "../object.ts";

/** The API group of the RBAC kinds. */
export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** One permission: verbs on resources (of API groups), or on non-resource URLs. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Selects ClusterRoles whose rules are aggregated into another ClusterRole. */
export interface AggregationRule {
  clusterRoleSelectors?: { matchLabels?: Record<string, string> }[];
}

/** A namespaced set of rules. */
export interface Role extends KubeObject {
  rules?: PolicyRule[];
}

/** A cluster-wide set of rules (optionally aggregated from other ClusterRoles). */
export interface ClusterRole extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: AggregationRule;
}

/** Who a binding grants to: a User, a Group, or a ServiceAccount. */
export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  /** "rbac.authorization.k8s.io" for User and Group; "" for ServiceAccount. */
  apiGroup?: string;
  /** The ServiceAccount's namespace. */
  namespace?: string;
}

/** The role a binding grants. */
export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole";
  name: string;
}

/** Grants a Role or ClusterRole within one namespace. */
export interface RoleBinding extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

/** Grants a ClusterRole cluster-wide. */
export interface ClusterRoleBinding extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

/** rbac.authorization.k8s.io/v1 RoleList. */
export type RoleList = KubeList<Role>;
/** rbac.authorization.k8s.io/v1 ClusterRoleList. */
export type ClusterRoleList = KubeList<ClusterRole>;
/** rbac.authorization.k8s.io/v1 RoleBindingList. */
export type RoleBindingList = KubeList<RoleBinding>;
/** rbac.authorization.k8s.io/v1 ClusterRoleBindingList. */
export type ClusterRoleBindingList = KubeList<ClusterRoleBinding>;

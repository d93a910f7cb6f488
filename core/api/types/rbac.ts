/** rbac.authorization.k8s.io/v1 kinds: Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
import type { KubeList, KubeObject } from "../object.ts";
import type { LabelSelector } from "./label_selector.ts";

/** The API group of the RBAC kinds. */
export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** One permission: verbs on resources (of API groups), or on non-resource URLs. */
export interface PolicyRule {
  /**
   * The verbs allowed (get, list, watch, create, update, patch, delete, or * for all).
   * @listType atomic
   */
  verbs: string[];
  /**
   * The API groups of the resources; "" is the core group, * is every group.
   * @listType atomic
   */
  apiGroups?: string[];
  /**
   * The resources allowed (pods, pods/log, or * for all).
   * @listType atomic
   */
  resources?: string[];
  /**
   * Object names the rule is limited to; empty means every object.
   * @listType atomic
   */
  resourceNames?: string[];
  /**
   * URL paths outside the resource API (/healthz, /metrics*); ClusterRoles only.
   * @listType atomic
   */
  nonResourceURLs?: string[];
}

/** Selects ClusterRoles whose rules are aggregated into another ClusterRole. */
export interface AggregationRule {
  /**
   * ClusterRoles whose rules are gathered into this one, by their labels.
   * @listType atomic
   */
  clusterRoleSelectors?: LabelSelector[];
}

/** A namespaced set of rules. */
export interface Role extends KubeObject {
  /**
   * The permissions the role grants.
   * @listType atomic
   */
  rules?: PolicyRule[];
}

/** A cluster-wide set of rules (optionally aggregated from other ClusterRoles). */
export interface ClusterRole extends KubeObject {
  /**
   * The permissions the role grants; filled in by the server when aggregationRule is set.
   * @listType atomic
   */
  rules?: PolicyRule[];
  /** Builds the rules from other ClusterRoles chosen by labels. */
  aggregationRule?: AggregationRule;
}

/** Who a binding grants to: a User, a Group, or a ServiceAccount. */
export interface Subject {
  /** User, Group or ServiceAccount. */
  kind: "User" | "Group" | "ServiceAccount";
  /** The name of the user, group or ServiceAccount. */
  name: string;
  /** "rbac.authorization.k8s.io" for User and Group; "" for ServiceAccount. */
  apiGroup?: string;
  /** The ServiceAccount's namespace. */
  namespace?: string;
}

/** The role a binding grants. */
export interface RoleRef {
  /** The API group of the role (rbac.authorization.k8s.io). */
  apiGroup: string;
  /** Role or ClusterRole. */
  kind: "Role" | "ClusterRole";
  /** The role's name. */
  name: string;
}

/** Grants a Role or ClusterRole within one namespace. */
export interface RoleBinding extends KubeObject {
  /**
   * Who is granted the role.
   * @listType atomic
   */
  subjects?: Subject[];
  /** The role granted; it cannot be changed once set. */
  roleRef: RoleRef;
}

/** Grants a ClusterRole cluster-wide. */
export interface ClusterRoleBinding extends KubeObject {
  /**
   * Who is granted the role.
   * @listType atomic
   */
  subjects?: Subject[];
  /** The role granted; it cannot be changed once set. */
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

/**
 * Builders for bootstrap RBAC objects: rules, and ClusterRoles / ClusterRoleBindings carrying
 * the bootstrapping label and autoupdate annotation kube-apiserver puts on its defaults.
 */
import {
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  RBAC_GROUP,
  type Subject,
} from "../api/types/rbac.ts";

/** The label every bootstrap object carries. */
export const BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
/** Its value. */
export const BOOTSTRAPPING_VALUE = "rbac-defaults";
/** The annotation saying the apiserver may reconcile the object at start-up. */
export const AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";

/** get, list, watch. */
export const READ = ["get", "list", "watch"];
/** create, update, patch, delete, deletecollection. */
export const WRITE = ["create", "update", "patch", "delete", "deletecollection"];
/** READ and WRITE. */
export const READ_WRITE = [...READ, ...WRITE];

/** A resource rule: `verbs` on `resources` of `groups` (optionally only the named objects). */
export function rule(
  verbs: string[],
  groups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule {
  const r: PolicyRule = { verbs: [...verbs], apiGroups: [...groups], resources: [...resources] };
  if (resourceNames) r.resourceNames = [...resourceNames];
  return r;
}

/** A non-resource rule: `verbs` on `urls` (a trailing "*" matches a prefix). */
export function urlRule(verbs: string[], urls: string[]): PolicyRule {
  return { verbs: [...verbs], nonResourceURLs: [...urls] };
}

function bootstrapMeta(name: string, labels: Record<string, string> = {}) {
  return {
    name,
    labels: { [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE, ...labels },
    annotations: { [AUTOUPDATE_ANNOTATION]: "true" },
  };
}

/** A bootstrap ClusterRole; `aggregateFrom` makes it aggregate ClusterRoles with that label. */
export function clusterRole(
  name: string,
  rules: PolicyRule[],
  opts: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): ClusterRole {
  const role: ClusterRole = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "ClusterRole",
    metadata: bootstrapMeta(name, opts.labels),
    rules,
  };
  if (opts.aggregateFrom) {
    role.aggregationRule = {
      clusterRoleSelectors: [{ matchLabels: { [opts.aggregateFrom]: "true" } }],
    };
  }
  return role;
}

/** A User subject. */
export function user(name: string): Subject {
  return { kind: "User", apiGroup: RBAC_GROUP, name };
}

/** A Group subject. */
export function group(name: string): Subject {
  return { kind: "Group", apiGroup: RBAC_GROUP, name };
}

/** A bootstrap ClusterRoleBinding of ClusterRole `role` (binding named `name`, default role). */
export function clusterRoleBinding(
  role: string,
  subjects: Subject[],
  name = role,
): ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "ClusterRoleBinding",
    metadata: bootstrapMeta(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: role },
    subjects,
  };
}

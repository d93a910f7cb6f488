/**
 * rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding: grant a role to subjects.
 * Printed NAME, ROLE, AGE; `-o wide` adds USERS, GROUPS, SERVICEACCOUNTS.
 */
import type { KubeObject } from "../object.ts";
import { RBAC_GROUP, type RoleBinding } from "../types/rbac.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";
import { defaultBinding, validateBinding } from "./rbac_validation.ts";
import { declareKind, type PrinterColumnSpec } from "./kind_declaration.ts";

function subjectsOf(obj: KubeObject, kind: string): string {
  const b = obj as RoleBinding;
  return (b.subjects ?? []).filter((s) => s.kind === kind).map((s) =>
    kind === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name
  ).join(", ");
}

const COLUMNS: PrinterColumnSpec[] = [
  {
    name: "Role",
    type: "string",
    description: "The role the binding grants, as Kind/name.",
    cell: (obj) => {
      const ref = (obj as RoleBinding).roleRef;
      return ref ? `${ref.kind}/${ref.name}` : "";
    },
  },
  {
    name: "Age",
    type: "string",
    description: "How long ago the binding was created.",
    cell: (obj, now) => ageSince(obj.metadata.creationTimestamp, now),
  },
  {
    name: "Users",
    type: "string",
    priority: 1,
    description: "The users the binding grants the role to.",
    cell: (obj) => subjectsOf(obj, "User"),
  },
  {
    name: "Groups",
    type: "string",
    priority: 1,
    description: "The groups the binding grants the role to.",
    cell: (obj) => subjectsOf(obj, "Group"),
  },
  {
    name: "ServiceAccounts",
    type: "string",
    priority: 1,
    description: "The service accounts (namespace/name) the binding grants the role to.",
    cell: (obj) => subjectsOf(obj, "ServiceAccount"),
  },
];

/** RoleBinding: grants a Role or ClusterRole within its namespace. */
export const ROLE_BINDING_KIND = declareKind({
  group: RBAC_GROUP,
  version: "v1",
  resource: "rolebindings",
  kind: "RoleBinding",
  namespaced: true,
  fields: ["subjects", "roleRef"],
  columns: COLUMNS,
  behaviour: {
    defaults: defaultBinding,
    validate: (obj, old) => validateBinding(obj, true, old),
  },
});

/** ClusterRoleBinding: grants a ClusterRole cluster-wide. */
export const CLUSTER_ROLE_BINDING_KIND = declareKind({
  group: RBAC_GROUP,
  version: "v1",
  resource: "clusterrolebindings",
  kind: "ClusterRoleBinding",
  namespaced: false,
  fields: ["subjects", "roleRef"],
  columns: COLUMNS,
  behaviour: {
    defaults: defaultBinding,
    validate: (obj, old) => validateBinding(obj, false, old),
  },
});

/** rbac.authorization.k8s.io/v1 Role and ClusterRole: sets of rules, printed NAME, CREATED AT. */
import { RBAC_GROUP } from "../types/rbac.ts";
import { validateRole } from "./rbac_validation.ts";
import { createdAt, declareKind, type PrinterColumnSpec } from "./kind_declaration.ts";

const CREATED_AT: PrinterColumnSpec = {
  name: "Created At",
  type: "date",
  description: "The time the role was created.",
  cell: createdAt,
};

/** Role: rules granted within one namespace. */
export const ROLE_KIND = declareKind({
  group: RBAC_GROUP,
  version: "v1",
  resource: "roles",
  kind: "Role",
  namespaced: true,
  fields: ["rules"],
  columns: [CREATED_AT],
  behaviour: { validate: (obj) => validateRole(obj, true) },
});

/** ClusterRole: rules granted cluster-wide (and aggregated from other ClusterRoles). */
export const CLUSTER_ROLE_KIND = declareKind({
  group: RBAC_GROUP,
  version: "v1",
  resource: "clusterroles",
  kind: "ClusterRole",
  namespaced: false,
  fields: ["rules", "aggregationRule"],
  columns: [CREATED_AT],
  behaviour: { validate: (obj) => validateRole(obj, false) },
});

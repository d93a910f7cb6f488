/**
 * The kinds declared under `core/api/groups/`, one file each (or one per pair of twins). To
 * serve a new kind, write its declaration and add it to KIND_DECLARATIONS.
 */
import type { ResourceInfo } from "../kinds.ts";
import type { KindDeclaration } from "./kind_declaration.ts";
import { SERVICE_ACCOUNT_KIND } from "./service_accounts.ts";
import { CLUSTER_ROLE_KIND, ROLE_KIND } from "./rbac_roles.ts";
import { CLUSTER_ROLE_BINDING_KIND, ROLE_BINDING_KIND } from "./rbac_bindings.ts";
import { AUTH_REVIEW_KINDS } from "./auth_reviews.ts";
import { LEASE_KIND } from "./leases.ts";
import { CONFIG_MAP_KIND } from "./config_maps.ts";
import { SECRET_KIND } from "./secrets.ts";
import { REPLICA_SET_KIND } from "./apps_replica_sets.ts";
import { DEPLOYMENT_KIND } from "./apps_deployments.ts";
import { DAEMON_SET_KIND } from "./apps_daemon_sets.ts";
import { STATEFUL_SET_KIND } from "./apps_stateful_sets.ts";
import { JOB_KIND } from "./batch_jobs.ts";
import { POD_DISRUPTION_BUDGET_KIND } from "./policy_pod_disruption_budgets.ts";
import { ENDPOINT_SLICE_KIND } from "./discovery_endpoint_slices.ts";
import { CRON_JOB_KIND } from "./batch_cron_jobs.ts";

/** Every declared kind. */
export const KIND_DECLARATIONS: readonly KindDeclaration[] = [
  SERVICE_ACCOUNT_KIND,
  CONFIG_MAP_KIND,
  SECRET_KIND,
  ROLE_KIND,
  CLUSTER_ROLE_KIND,
  ROLE_BINDING_KIND,
  CLUSTER_ROLE_BINDING_KIND,
  ...AUTH_REVIEW_KINDS,
  LEASE_KIND,
  REPLICA_SET_KIND,
  DEPLOYMENT_KIND,
  DAEMON_SET_KIND,
  STATEFUL_SET_KIND,
  JOB_KIND,
  CRON_JOB_KIND,
  POD_DISRUPTION_BUDGET_KIND,
  ENDPOINT_SLICE_KIND,
];

/** The resource entries of the declared kinds (kinds.ts merges them into RESOURCES). */
export const DECLARED_RESOURCES: readonly ResourceInfo[] = KIND_DECLARATIONS.map((d) => d.info);

/** The declaration of a served resource, or undefined for the seed's hand-wired kinds. */
export function declarationOf(info: ResourceInfo): KindDeclaration | undefined {
  return KIND_DECLARATIONS.find((d) =>
    d.info.group === info.group && d.info.version === info.version &&
    d.info.resource === info.resource
  );
}

/** The declaration of a kind by group and kind name, or undefined. */
export function declarationOfKind(group: string, kind: string): KindDeclaration | undefined {
  return KIND_DECLARATIONS.find((d) => d.info.group === group && d.info.kind === kind);
}

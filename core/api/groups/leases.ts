/**
 * coordination.k8s.io/v1 Lease: a lightweight lock with a holder and a renew time. Executors
 * renew their node's Lease in `kube-node-lease` (named after the node) as their heartbeat; the
 * scheduler's node registrar marks a Node NotReady once its Lease lapses. Printed NAME, HOLDER,
 * AGE, like kube-apiserver.
 */
import type { KubeObject } from "../object.ts";
import type { Int32, MicroTime } from "../types/scalars.ts";
import type { FieldError } from "../field_error.ts";
import { fieldInvalid } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";
import { declareKind } from "./kind_declaration.ts";

/** The namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** The spec of a Lease. */
export interface LeaseSpec {
  /** Who holds the lease now. */
  holderIdentity?: string;
  /** How long, in seconds, the holder keeps the lease without renewing it. */
  leaseDurationSeconds?: Int32;
  /** When the current holder took the lease. */
  acquireTime?: MicroTime;
  /** When the holder last renewed the lease. */
  renewTime?: MicroTime;
  /** How many times the lease has changed hands. */
  leaseTransitions?: Int32;
  /** The strategy for picking the next holder (such as OldestEmulationVersion). */
  strategy?: string;
  /** The identity that wants to take the lease over next. */
  preferredHolder?: string;
}

/** A coordination.k8s.io/v1 Lease. */
export interface Lease extends KubeObject {
  /** The holder and timing of the lease. */
  spec?: LeaseSpec;
}

/** MicroTime as Kubernetes writes it: `2006-01-02T15:04:05.000000Z`. */
export function microTime(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function validateLease(obj: KubeObject): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
  const spec = c.rec(rec, "spec", "");
  if (!spec) return c.errors;
  c.str(spec, "holderIdentity", "spec");
  const duration = c.int(spec, "leaseDurationSeconds", "spec");
  if (duration !== undefined && (duration <= 0 || duration > 2_147_483_647)) {
    c.add(fieldInvalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  }
  const transitions = c.int(spec, "leaseTransitions", "spec");
  if (transitions !== undefined && (transitions < 0 || transitions > 2_147_483_647)) {
    c.add(fieldInvalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
  }
  for (const key of ["acquireTime", "renewTime"]) {
    const t = c.str(spec, key, "spec");
    if (t !== undefined && !TIME.test(t)) {
      c.add(fieldInvalid(`spec.${key}`, t, "must be an RFC 3339 time"));
    }
  }
  return c.errors;
}

/** Lease of coordination.k8s.io/v1. */
export const LEASE_KIND = declareKind({
  group: "coordination.k8s.io",
  version: "v1",
  resource: "leases",
  kind: "Lease",
  namespaced: true,
  fields: ["spec"],
  columns: [
    {
      name: "Holder",
      type: "string",
      description: "The identity that holds the lease.",
      cell: (obj) => (obj as Lease).spec?.holderIdentity ?? "",
    },
    {
      name: "Age",
      type: "string",
      description: "How long ago the lease was created.",
      cell: (obj, now) => ageSince(obj.metadata.creationTimestamp, now),
    },
  ],
  behaviour: { validate: validateLease },
});

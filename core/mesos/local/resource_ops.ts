/**
 * The resource operations the local master needs, on top of core/mesos/resources.ts: dropping
 * and setting allocation_info, emptiness, validity of a single resource, and accounting
 * subtraction that never throws.
 */
import {
  addResources,
  containsResources,
  describeResource,
  isEmptyResource,
  type MesosResource,
  normalizeResources,
  subtractResources,
} from "../resources.ts";
import { scalarOf } from "../resource_query.ts";
import { logger } from "../../util/log.ts";

export { addResources, containsResources, scalarOf, subtractResources };

const log = logger("mesos-local");

/**
 * One resource in the "post-refinement" format the master computes with: a reservation is a
 * `reservations[]` entry (never `role`/`reservation`), unreserved resources have neither.
 */
function upgrade(r: MesosResource): MesosResource {
  const { role, reservation, ...rest } = r;
  if (rest.reservations && rest.reservations.length > 0) return rest;
  delete rest.reservations;
  if (role === undefined || role === "*") return rest;
  const type = reservation ? "DYNAMIC" : "STATIC";
  return { ...rest, reservations: [{ ...(reservation ?? {}), type, role }] };
}

/** One resource in the "pre-refinement" format (`role`, "*" when unreserved). */
function downgrade(r: MesosResource): MesosResource {
  const { reservations, ...rest } = r;
  const last = reservations?.[reservations.length - 1];
  if (!last) return { ...rest, role: "*" };
  const out: MesosResource = { ...rest, role: last.role ?? "*" };
  if (last.type === "DYNAMIC") {
    const { type: _type, role: _role, ...info } = last;
    out.reservation = info;
  }
  return out;
}

/** The master's accounting form: post-refinement reservations, no allocation_info. */
export function accountingForm(rs: readonly MesosResource[]): MesosResource[] {
  return rs.map((r) => {
    const { allocation_info: _drop, ...rest } = upgrade(r);
    return rest as MesosResource;
  });
}

/**
 * Resources as offered to a framework allocated to `role`: in the pre-refinement format (role
 * "*" when unreserved) unless the framework has RESERVATION_REFINEMENT, as Mesos does.
 */
export function offerForm(
  rs: readonly MesosResource[],
  role: string,
  refinement: boolean,
): MesosResource[] {
  return rs.map((r) => ({ ...(refinement ? r : downgrade(r)), allocation_info: { role } }));
}

/**
 * Resources of an operation in the form the master validates them in: post-refinement, with
 * allocation_info copied from the offer's role where missing.
 */
export function launchForm(rs: readonly MesosResource[], role: string): MesosResource[] {
  return rs.map((r) => {
    const u = upgrade(r);
    return u.allocation_info ? u : { ...u, allocation_info: { role } };
  });
}

/** True when the list holds nothing (every entry is empty). */
export function isEmptyResources(rs: readonly MesosResource[]): boolean {
  return rs.every(isEmptyResource);
}

/** `cpus:1; mem:128; ports:[31000-31000]` for messages. */
export function formatResources(rs: readonly MesosResource[]): string {
  const list = normalizeResources(rs);
  return list.length === 0 ? "{}" : list.map(describeResource).join("; ");
}

/** Why a single resource is malformed (negative scalar, reversed range…), or undefined. */
export function resourceProblem(r: MesosResource): string | undefined {
  if (r.name === "") return "a resource has an empty name";
  if (r.type === "SCALAR") {
    const v = Number(r.scalar?.value);
    if (r.scalar === undefined || !Number.isFinite(v) || v < 0) {
      return `resource '${r.name}' has an invalid scalar value`;
    }
  } else if (r.type === "RANGES") {
    if (r.ranges === undefined) return `resource '${r.name}' has no ranges`;
    for (const x of r.ranges.range ?? []) {
      if (BigInt(x.begin) > BigInt(x.end)) return `resource '${r.name}' has a reversed range`;
    }
  } else if (r.type === "SET") {
    if (r.set === undefined) return `resource '${r.name}' has no set`;
  } else {
    return `resource '${r.name}' has unsupported type ${r.type}`;
  }
  return undefined;
}

/**
 * `a - b` for accounting: subtracts what is there and logs (instead of throwing) when `b`
 * holds something `a` does not, so a bookkeeping slip cannot break an update path.
 */
export function releaseResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): MesosResource[] {
  try {
    return subtractResources(a, b);
  } catch (e) {
    log.warn(`resource accounting mismatch: ${e instanceof Error ? e.message : String(e)}`);
    let rest = normalizeResources(a);
    for (const r of normalizeResources(b)) {
      if (containsResources(rest, [r])) rest = subtractResources(rest, [r]);
    }
    return rest;
  }
}

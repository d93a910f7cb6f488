/**
 * Dynamic reservations as the Mesos master applies them, for the operator calls
 * RESERVE_RESOURCES / UNRESERVE_RESOURCES and the RESERVE / UNRESERVE offer operations:
 * reserving turns unreserved (or less refined) resources of an agent into resources whose last
 * reservation is DYNAMIC for a role; unreserving does the reverse. Operator calls first rescind
 * the agent's outstanding offers, then need the resources unused (else 409 with the reason).
 */
import type { OfferOperation, Resource } from "./mesos_types.ts";
import type { Master } from "./master.ts";
import {
  accountingForm,
  addResources,
  containsResources,
  formatResources,
  launchForm,
  releaseResources,
} from "./resource_ops.ts";
import { logger } from "../../util/log.ts";

const log = logger("mesos-local");

type Reservation = { type?: string; role?: string; principal?: string };

/** The resource without its last reservation (what reserving it consumes). */
function unreservedForm(r: Resource): Resource {
  const res = (r as { reservations?: Reservation[] }).reservations ?? [];
  const out = { ...r } as Resource & { reservations?: Reservation[] };
  if (res.length <= 1) delete out.reservations;
  else out.reservations = res.slice(0, -1);
  return out;
}

/** Why `resources` cannot be a dynamic (un)reservation request, or undefined. */
function requestError(resources: Resource[]): string | undefined {
  if (resources.length === 0) return "No resources specified";
  for (const r of resources) {
    const res = (r as { reservations?: Reservation[] }).reservations ?? [];
    const last = res[res.length - 1];
    if (!last?.role || last.type !== "DYNAMIC") {
      return `Resource '${formatResources([r])}' is not dynamically reserved for a role`;
    }
  }
  return undefined;
}

/** The two outcomes of a reservation change: 400 (bad request) or 409 (cannot apply). */
export type ReservationError = { status: 400 | 409; message: string };

/**
 * Applies a reservation change on `agentId`: `reserve` moves the unreserved form of
 * `requested` to `requested`, else the reverse. Returns an error or undefined.
 */
export function changeReservation(
  master: Master,
  agentId: string,
  requested: Resource[],
  reserve: boolean,
  rescindOffers = true,
): ReservationError | undefined {
  const rec = master.agents.get(agentId);
  if (!rec) return { status: 400, message: `Unknown agent ${agentId}` };
  if (requested.some((r) => r.allocation_info)) {
    return {
      status: 400,
      message: "Resources must not carry 'allocation_info' in an operator reservation",
    };
  }
  const reserved = accountingForm(requested);
  const problem = requestError(reserved);
  if (problem) return { status: 400, message: problem };
  const unreserved = reserved.map(unreservedForm);
  if (rescindOffers) {
    for (const o of master.offers.byAgent(agentId)) master.removeOffer(o.offer.id.value, true);
  }
  const consumed = reserve ? unreserved : reserved;
  const produced = reserve ? reserved : unreserved;
  if (!containsResources(master.available(agentId), consumed)) {
    return {
      status: 409,
      message: `Agent ${agentId} does not have ${formatResources(consumed)} unused to ` +
        (reserve ? "reserve" : "unreserve"),
    };
  }
  rec.total = addResources(releaseResources(rec.total, consumed), produced);
  master.allocateSoon();
  return undefined;
}

/**
 * A framework's RESERVE / UNRESERVE offer operation on the accepted offers' `pool` (role
 * `role`): the reservation role must be the offer's; returns the pool after the change (the
 * same pool, logged, when the operation is invalid, as Mesos drops invalid operations).
 */
export function offerReservation(
  master: Master,
  agentId: string,
  role: string,
  pool: Resource[],
  op: OfferOperation,
): Resource[] {
  const reserve = op.type === "RESERVE";
  const bare = ((reserve ? op.reserve?.resources : op.unreserve?.resources) ?? []).map((r) => {
    const { allocation_info: _drop, ...rest } = r;
    return rest as Resource;
  });
  const roles = accountingForm(bare).map((r) => {
    const res = (r as { reservations?: Reservation[] }).reservations ?? [];
    return res[res.length - 1]?.role;
  });
  const wrongRole = roles.find((r) => r !== role);
  const error = wrongRole !== undefined
    ? `reservation role '${wrongRole}' is not the offer's role '${role}'`
    : changeReservation(master, agentId, bare, reserve, false)?.message;
  if (error) {
    log.warn(`dropped ${op.type} operation on agent ${agentId}: ${error}`);
    return pool;
  }
  const reserved = launchForm(accountingForm(bare), role);
  const unreserved = launchForm(accountingForm(bare).map(unreservedForm), role);
  return addResources(
    releaseResources(pool, reserve ? unreserved : reserved),
    reserve ? reserved : unreserved,
  );
}

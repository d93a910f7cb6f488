/**
 * The k8sm scheduler's answer to Mesos maintenance: an INVERSE_OFFERS event says an agent will
 * become unavailable; the scheduler cordons the agent's Node (spec.unschedulable: true, as
 * `kubectl cordon` does), evicts the Node's pods through the API (node_evictor.ts, so
 * PodDisruptionBudgets apply and the pods' controllers replace them elsewhere), and then accepts
 * the inverse offer (ACCEPT_INVERSE_OFFERS). An eviction a budget refuses (429) is retried by the
 * API client after its Retry-After a few times; if the budget still blocks, the inverse offer is
 * declined with a short filter, so Mesos asks again soon and the drain goes on.
 * New pods also stay off agents whose offers announce maintenance soon (unavailableSoon).
 */
import type { Pod } from "../api/types/pod.ts";
import type { RestClient } from "../client/rest_client.ts";
import type { SchedulerCall, SchedulerEvent } from "../mesos/scheduler_types.ts";
import { logger } from "../util/log.ts";
import { evictNodePods } from "./node_evictor.ts";

const log = logger("scheduler");

/** How long Mesos waits before asking again about an agent whose inverse offer was accepted. */
const ANSWER_REFUSE_SECONDS = 60;
/** How soon Mesos asks again while some pod could not be evicted yet. */
const RETRY_REFUSE_SECONDS = 2;
/** Offers whose unavailability starts within this long from now take no new pods. */
export const MAINTENANCE_HORIZON_MS = 3_600_000;

/** What the handler needs from the scheduler. */
export interface MaintenanceSite {
  readonly client: RestClient;
  /** The pods the scheduler knows (its informer). */
  readonly pods: { list(): Pod[] };
  send(call: SchedulerCall): void;
  track<T>(p: Promise<T>): Promise<T>;
}

interface InverseOffer {
  id: { value: string };
  agent_id?: { value: string };
  url?: { address?: { hostname?: string } };
}

/** A mesos.v1.Unavailability in JSON form (nanoseconds as numbers or strings). */
interface Unavailability {
  start?: { nanoseconds?: number | string };
  duration?: { nanoseconds?: number | string };
}

/**
 * True when an offer's `unavailability` (maintenance window) overlaps [now, now + horizon]:
 * a pod placed there would have to move again before long.
 */
export function unavailableSoon(
  offer: Readonly<Record<string, unknown>>,
  now = Date.now(),
  horizonMs = MAINTENANCE_HORIZON_MS,
): boolean {
  const u = offer["unavailability"] as Unavailability | undefined;
  const startNs = u?.start?.nanoseconds;
  if (startNs === undefined) return false;
  const startMs = Number(startNs) / 1e6;
  const durNs = u?.duration?.nanoseconds;
  const endMs = durNs === undefined ? Infinity : startMs + Number(durNs) / 1e6;
  return startMs <= now + horizonMs && endMs > now;
}

/** Cordons `hostname`'s Node; false (logged) when the apiserver refused. */
export async function cordonNode(client: RestClient, hostname: string): Promise<boolean> {
  try {
    await client.patch(
      { resource: "nodes", name: hostname },
      { spec: { unschedulable: true } },
      "merge",
    );
    return true;
  } catch (e) {
    log.warn(`could not cordon node ${hostname} for Mesos maintenance: ${(e as Error).message}`);
    return false;
  }
}

/** Cordons and drains one inverse offer's Node; true when every pod could be evicted. */
async function drainFor(site: MaintenanceSite, o: InverseOffer): Promise<boolean> {
  const host = o.url?.address?.hostname;
  if (!host) return true;
  if (await cordonNode(site.client, host)) {
    log.info(`node ${host} cordoned: Mesos agent ${o.agent_id?.value} has maintenance ahead`);
  }
  const { evicted, blocked } = await evictNodePods(site.client, site.pods.list(), host);
  if (evicted.length > 0) {
    log.info(`evicted ${evicted.length} pod(s) from node ${host} ahead of Mesos maintenance`);
  }
  return blocked.length === 0;
}

/** Handles the maintenance events (INVERSE_OFFERS); other events are ignored. */
export function handleMaintenanceEvent(site: MaintenanceSite, ev: SchedulerEvent): void {
  if (ev.type !== "INVERSE_OFFERS") return;
  const offers = (ev.inverse_offers as { inverse_offers?: InverseOffer[] } | undefined)
    ?.inverse_offers ?? [];
  site.track((async () => {
    const accept: { value: string }[] = [];
    const decline: { value: string }[] = [];
    for (const o of offers) (await drainFor(site, o) ? accept : decline).push(o.id);
    if (accept.length > 0) {
      site.send({
        type: "ACCEPT_INVERSE_OFFERS",
        accept_inverse_offers: {
          inverse_offer_ids: accept,
          filters: { refuse_seconds: ANSWER_REFUSE_SECONDS },
        },
      });
    }
    if (decline.length > 0) {
      site.send({
        type: "DECLINE_INVERSE_OFFERS",
        decline_inverse_offers: {
          inverse_offer_ids: decline,
          filters: { refuse_seconds: RETRY_REFUSE_SECONDS },
        },
      });
    }
  })());
}

/**
 * The k8sm scheduler's answer to Mesos maintenance: an INVERSE_OFFERS event says an agent will
 * become unavailable; the scheduler cordons the agent's Node (spec.unschedulable: true, as
 * `kubectl cordon` does) and then accepts the inverse offer (ACCEPT_INVERSE_OFFERS). Mesos treats
 * the answer as advisory; the cordon tells Kubernetes users and controllers what is coming.
 */
import type { RestClient } from "../client/rest_client.ts";
import type { SchedulerCall, SchedulerEvent } from "../mesos/scheduler_types.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** How long Mesos waits before asking again about an agent whose inverse offer was accepted. */
const ANSWER_REFUSE_SECONDS = 60;

/** What the handler needs from the scheduler. */
export interface MaintenanceSite {
  readonly client: RestClient;
  send(call: SchedulerCall): void;
  track<T>(p: Promise<T>): Promise<T>;
}

interface InverseOffer {
  id: { value: string };
  agent_id?: { value: string };
  url?: { address?: { hostname?: string } };
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

/** Handles the maintenance events (INVERSE_OFFERS); other events are ignored. */
export function handleMaintenanceEvent(site: MaintenanceSite, ev: SchedulerEvent): void {
  if (ev.type !== "INVERSE_OFFERS") return;
  const offers = (ev.inverse_offers as { inverse_offers?: InverseOffer[] } | undefined)
    ?.inverse_offers ?? [];
  site.track((async () => {
    for (const o of offers) {
      const host = o.url?.address?.hostname;
      if (host && await cordonNode(site.client, host)) {
        log.info(`node ${host} cordoned: Mesos agent ${o.agent_id?.value} has maintenance ahead`);
      }
    }
    site.send({
      type: "ACCEPT_INVERSE_OFFERS",
      accept_inverse_offers: {
        inverse_offer_ids: offers.map((o) => o.id),
        filters: { refuse_seconds: ANSWER_REFUSE_SECONDS },
      },
    });
  })());
}

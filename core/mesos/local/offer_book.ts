/** Outstanding offers: who holds which resources of which agent, until accepted or declined. */
import type { Offer, Resource } from "./mesos_types.ts";

/** One outstanding offer. */
export interface OfferRecord {
  offer: Offer;
  frameworkId: string;
  agentId: string;
  role: string;
  createdAt: number;
}

function indexAdd(index: Map<string, Map<string, OfferRecord>>, key: string, r: OfferRecord) {
  let m = index.get(key);
  if (!m) index.set(key, m = new Map());
  m.set(r.offer.id.value, r);
}

function indexDelete(index: Map<string, Map<string, OfferRecord>>, key: string, id: string) {
  const m = index.get(key);
  if (!m) return;
  m.delete(id);
  if (m.size === 0) index.delete(key);
}

/** The outstanding offers of a master, indexed by agent and by framework. */
export class OfferBook {
  #offers = new Map<string, OfferRecord>();
  #byAgent = new Map<string, Map<string, OfferRecord>>();
  #byFramework = new Map<string, Map<string, OfferRecord>>();
  /** agentId → the book's change count when an offer of the agent was last added or taken. */
  #versions = new Map<string, number>();
  #changes = 0;

  /** Records a new offer. */
  add(offer: Offer, role: string): void {
    const r: OfferRecord = {
      offer,
      frameworkId: offer.framework_id.value,
      agentId: offer.agent_id.value,
      role,
      createdAt: Date.now(),
    };
    const previous = this.#offers.get(offer.id.value);
    if (previous) this.take(offer.id.value);
    this.#offers.set(offer.id.value, r);
    indexAdd(this.#byAgent, r.agentId, r);
    indexAdd(this.#byFramework, r.frameworkId, r);
    this.#versions.set(r.agentId, ++this.#changes);
  }

  /** The offer with this id, if still outstanding. */
  get(offerId: string): OfferRecord | undefined {
    return this.#offers.get(offerId);
  }

  /** Removes and returns an offer (it is used, declined or rescinded). */
  take(offerId: string): OfferRecord | undefined {
    const r = this.#offers.get(offerId);
    if (!r) return undefined;
    this.#offers.delete(offerId);
    indexDelete(this.#byAgent, r.agentId, offerId);
    indexDelete(this.#byFramework, r.frameworkId, offerId);
    this.#versions.set(r.agentId, ++this.#changes);
    return r;
  }

  /** Offers held by a framework. */
  byFramework(frameworkId: string): OfferRecord[] {
    return [...(this.#byFramework.get(frameworkId)?.values() ?? [])];
  }

  /** Offers of an agent's resources. */
  byAgent(agentId: string): OfferRecord[] {
    return [...(this.#byAgent.get(agentId)?.values() ?? [])];
  }

  /** Every outstanding offer. */
  all(): OfferRecord[] {
    return [...this.#offers.values()];
  }

  /** The resources of `agentId` currently out in offers. */
  offeredOn(agentId: string): Resource[] {
    return this.byAgent(agentId).flatMap((r) => r.offer.resources);
  }

  /**
   * A number that changes whenever an offer of `agentId` is added or taken (0 before the first), so
   * a cache of what the agent has left can tell it is stale.
   */
  versionOf(agentId: string): number {
    return this.#versions.get(agentId) ?? 0;
  }
}

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

/** The outstanding offers of a master. */
export class OfferBook {
  #offers = new Map<string, OfferRecord>();

  /** Records a new offer. */
  add(offer: Offer, role: string): void {
    this.#offers.set(offer.id.value, {
      offer,
      frameworkId: offer.framework_id.value,
      agentId: offer.agent_id.value,
      role,
      createdAt: Date.now(),
    });
  }

  /** The offer with this id, if still outstanding. */
  get(offerId: string): OfferRecord | undefined {
    return this.#offers.get(offerId);
  }

  /** Removes and returns an offer (it is used, declined or rescinded). */
  take(offerId: string): OfferRecord | undefined {
    const r = this.#offers.get(offerId);
    this.#offers.delete(offerId);
    return r;
  }

  /** Offers held by a framework. */
  byFramework(frameworkId: string): OfferRecord[] {
    return [...this.#offers.values()].filter((r) => r.frameworkId === frameworkId);
  }

  /** Offers of an agent's resources. */
  byAgent(agentId: string): OfferRecord[] {
    return [...this.#offers.values()].filter((r) => r.agentId === agentId);
  }

  /** Every outstanding offer. */
  all(): OfferRecord[] {
    return [...this.#offers.values()];
  }

  /** The resources of `agentId` currently out in offers. */
  offeredOn(agentId: string): Resource[] {
    return this.byAgent(agentId).flatMap((r) => r.offer.resources);
  }
}

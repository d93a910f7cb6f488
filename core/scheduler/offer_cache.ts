/**
 * The offers the scheduler holds: added on OFFERS, dropped on RESCIND, taken when launching,
 * and handed back for DECLINE once older than the offer TTL or when nothing is queued.
 */
import type { MesosResource } from "../mesos/resources.ts";

/** A mesos.v1.Attribute in Mesos JSON form. */
export interface MesosAttribute {
  name: string;
  type?: string;
  text?: { value: string };
  scalar?: { value: number | string };
  ranges?: { range?: { begin: number | string; end: number | string }[] };
  set?: { item?: string[] };
}

/** A mesos.v1.Offer in Mesos JSON form (the fields the scheduler reads). */
export interface MesosOffer {
  id: { value: string };
  agent_id: { value: string };
  hostname: string;
  resources?: MesosResource[];
  attributes?: MesosAttribute[];
  [field: string]: unknown;
}

/** An offer with the time it arrived. */
export interface CachedOffer {
  offer: MesosOffer;
  receivedAt: number;
}

/** The offers held, by id, in arrival order. */
export class OfferCache {
  #offers = new Map<string, CachedOffer>();

  /** Number of offers held. */
  get size(): number {
    return this.#offers.size;
  }

  /** Holds a new offer. */
  add(offer: MesosOffer, now = Date.now()): void {
    this.#offers.set(offer.id.value, { offer, receivedAt: now });
  }

  /** Forgets a rescinded offer; true when it was held. */
  rescind(offerId: string): boolean {
    return this.#offers.delete(offerId);
  }

  /** Every held offer, oldest first. */
  all(): CachedOffer[] {
    return [...this.#offers.values()];
  }

  /** Held offers grouped by agent id (arrival order kept). */
  byAgent(): Map<string, CachedOffer[]> {
    const out = new Map<string, CachedOffer[]>();
    for (const c of this.#offers.values()) {
      const id = c.offer.agent_id.value;
      const list = out.get(id) ?? [];
      list.push(c);
      out.set(id, list);
    }
    return out;
  }

  /** Removes and returns the given offers (those still held). */
  take(offerIds: readonly string[]): CachedOffer[] {
    const out: CachedOffer[] = [];
    for (const id of offerIds) {
      const c = this.#offers.get(id);
      if (!c) continue;
      this.#offers.delete(id);
      out.push(c);
    }
    return out;
  }

  /** Removes and returns the offers older than `ttlMs`. */
  takeExpired(ttlMs: number, now = Date.now()): CachedOffer[] {
    return this.take(
      [...this.#offers.values()].filter((c) => now - c.receivedAt >= ttlMs).map((c) =>
        c.offer.id.value
      ),
    );
  }

  /** Removes and returns every offer. */
  takeAll(): CachedOffer[] {
    return this.take([...this.#offers.keys()]);
  }

  /** Forgets every offer without declining (they are void after a disconnection). */
  clear(): void {
    this.#offers.clear();
  }
}

/** An attribute's value as text: TEXT as is, SCALAR as a number, RANGES `[a-b]`, SET `{a,b}`. */
export function attributeText(a: MesosAttribute): string {
  if (a.text) return a.text.value;
  if (a.scalar) return String(Number(a.scalar.value));
  if (a.ranges) return `[${(a.ranges.range ?? []).map((r) => `${r.begin}-${r.end}`).join(",")}]`;
  if (a.set) return `{${(a.set.item ?? []).join(",")}}`;
  return "";
}

/** An offer's attributes as a name → text record. */
export function offerAttributes(offer: MesosOffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of offer.attributes ?? []) out[a.name] = attributeText(a);
  return out;
}

/**
 * Whether the framework wants offers: SUPPRESS once nothing is queued and no offer is held,
 * REVIVE when pods arrive, and REVIVE again when pods wait without any offer for a while.
 * The calls go out one after another, in the order decided: as concurrent requests the master
 * could apply a SUPPRESS after the REVIVE that followed it and stay suppressed.
 */
import { reviveCall, suppressCall } from "../mesos/scheduler_calls.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** How long pods may wait without any offer before the scheduler revives again. */
export const STARVED_REVIVE_MS = 5_000;

/** The suppression state of one framework subscription and the calls that change it. */
export class OfferFlow {
  #suppressed = false;
  #chain: Promise<void> = Promise.resolve();
  #lastCallAt = 0;
  #lastOfferAt = 0;

  /**
   * `call` sends a Call to the master; `track` keeps the returned promise so close() can
   * wait for it.
   */
  constructor(
    private call: (c: SchedulerCall) => Promise<void>,
    private track: (p: Promise<void>) => void,
  ) {}

  /** True while offers are suppressed. */
  get suppressed(): boolean {
    return this.#suppressed;
  }

  /** A new subscription starts unsuppressed (Mesos forgets SUPPRESS on re-subscribe). */
  subscribed(): void {
    this.#suppressed = false;
  }

  /** Records that offers arrived (for starvation). */
  offersArrived(now: number): void {
    this.#lastOfferAt = now;
  }

  /** Sends SUPPRESS unless already suppressed. */
  suppress(): void {
    if (this.#suppressed) return;
    this.#suppressed = true;
    this.#send(suppressCall());
  }

  /** Sends REVIVE if suppressed (a pod was queued). */
  revive(): void {
    if (!this.#suppressed) return;
    this.#suppressed = false;
    this.#send(reviveCall());
  }

  /** Pods wait and no offer came or was asked for in a while: REVIVE (idempotent in Mesos). */
  reviveIfStarved(now: number): void {
    if (now - Math.max(this.#lastOfferAt, this.#lastCallAt) < STARVED_REVIVE_MS) return;
    this.#suppressed = false;
    this.#send(reviveCall());
  }

  #send(c: SchedulerCall): void {
    this.#lastCallAt = Date.now();
    const next = this.#chain.then(() => this.call(c)).catch((e) =>
      log.warn(`${c.type} failed: ${(e as Error).message}`)
    );
    this.#chain = next;
    this.track(next);
  }
}

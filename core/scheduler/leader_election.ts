/**
 * Leader election through a lease object in the store: the holder renews it every third of the
 * lease duration; a candidate takes it over once it has not been renewed for a whole duration.
 * Writes use the store's compare-and-swap (`update` with the read resourceVersion), so two
 * candidates never both win. The scheduler uses it for `--ha`; the controller-manager can too.
 */
import { isStoreError, type Store, type StoredObject } from "../storage/store.ts";
import { delay } from "../util/backoff.ts";
import { logger } from "../util/log.ts";

const log = logger("leader-election");

/** The lease as stored. */
interface LeaseRecord extends StoredObject {
  holder: string;
  renewTime: number;
  leaseDurationMs: number;
}

/** Options of a LeaderElector. */
export interface LeaderElectionOptions {
  store: Store;
  /** The lease key, e.g. `/registry/k8sm/leases/scheduler`. */
  key: string;
  /** This candidate's identity (hostname + pid + random by default). */
  identity?: string;
  /** How long a lease lasts without renewal (default 10 s; a standby takes over after it). */
  leaseDurationMs?: number;
  /** How often a standby retries (default 2 s). */
  retryMs?: number;
}

/** Campaigns for a lease and keeps it while leading. */
export class LeaderElector {
  readonly identity: string;
  readonly #opts: Required<LeaderElectionOptions>;
  #leading = false;
  #abort = new AbortController();

  constructor(opts: LeaderElectionOptions) {
    this.identity = opts.identity ??
      `${Deno.hostname()}-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
    // `?? default` and not a spread under defaults: callers pass `leaseDurationMs: undefined`
    // through (k8sm scheduler --ha), which a spread would keep, giving NaN timers and a lease
    // that never expires.
    this.#opts = {
      ...opts,
      leaseDurationMs: opts.leaseDurationMs ?? 10_000,
      retryMs: opts.retryMs ?? 2000,
      identity: this.identity,
    };
  }

  /** True while this candidate holds the lease. */
  get leading(): boolean {
    return this.#leading;
  }

  /** Tries once to take or renew the lease; true when held afterwards. */
  async tryAcquire(now = Date.now()): Promise<boolean> {
    const { store, key, leaseDurationMs } = this.#opts;
    const mine: LeaseRecord = {
      metadata: { name: key.split("/").pop() },
      holder: this.identity,
      renewTime: now,
      leaseDurationMs,
    };
    try {
      const cur = await store.get<LeaseRecord>(key);
      if (!cur) {
        await store.create(key, mine);
        return true;
      }
      const expired = now - cur.renewTime > cur.leaseDurationMs;
      if (cur.holder !== this.identity && !expired) return false;
      await store.update<LeaseRecord>(
        key,
        (c) => ({ ...c, holder: mine.holder, renewTime: now, leaseDurationMs }),
        { resourceVersion: cur.metadata?.resourceVersion },
      );
      return true;
    } catch (e) {
      if (isStoreError(e, "Conflict") || isStoreError(e, "AlreadyExists")) return false;
      throw e;
    }
  }

  /**
   * Waits until this candidate leads, then renews in the background; `onLost` is called once
   * if a renewal fails for a whole lease duration. Resolves false when stopped before leading.
   */
  async campaign(onLost: () => void): Promise<boolean> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        if (await this.tryAcquire()) break;
      } catch (e) {
        log.warn(`could not read the lease ${this.#opts.key}: ${(e as Error).message}`);
      }
      await delay(this.#opts.retryMs, signal);
    }
    if (signal.aborted) return false;
    this.#leading = true;
    log.info(`${this.identity} became the leader (lease ${this.#opts.key})`);
    this.#renewLoop(onLost);
    return true;
  }

  async #renewLoop(onLost: () => void): Promise<void> {
    const signal = this.#abort.signal;
    let lastRenew = Date.now();
    while (!signal.aborted) {
      await delay(this.#opts.leaseDurationMs / 3, signal);
      if (signal.aborted) return;
      let held: boolean | undefined;
      try {
        held = await this.tryAcquire();
      } catch (e) {
        log.warn(`renewing the lease failed: ${(e as Error).message}`);
      }
      if (held) {
        lastRenew = Date.now();
        continue;
      }
      const expired = Date.now() - lastRenew > this.#opts.leaseDurationMs;
      if (held === false || expired) {
        if (signal.aborted) return;
        this.#leading = false;
        log.warn(`${this.identity} lost the lease ${this.#opts.key}; stepping down`);
        onLost();
        return;
      }
    }
  }

  /** Stops campaigning or renewing; releases the lease if held. */
  async stop(): Promise<void> {
    this.#abort.abort();
    if (!this.#leading) return;
    this.#leading = false;
    try {
      await this.#opts.store.update<LeaseRecord>(
        this.#opts.key,
        (c) => c.holder === this.identity ? { ...c, renewTime: 0 } : c,
      );
    } catch {
      // best effort: the lease expires by itself
    }
  }
}

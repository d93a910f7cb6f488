/**
 * Kubelet's crash-loop back-off: the first restart of a container happens at once, later ones
 * wait 10 s, 20 s, 40 s… up to 5 min after the container last finished. A container that stayed
 * up for twice the maximum starts over from the initial delay. Both bounds are tunable
 * (`--crash-loop-backoff-max`, and tests shorten the initial delay).
 */

/** Kubelet's initial crash-loop delay (10 s). */
export const DEFAULT_BACKOFF_INITIAL_MS = 10_000;
/** Kubelet's maximum crash-loop delay (5 min). */
export const DEFAULT_BACKOFF_MAX_MS = 300_000;

/** Options of a CrashLoopBackoff. */
export interface CrashLoopBackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** The clock (tests pass a fake one to check the arithmetic). */
  now?: () => number;
}

interface Entry {
  /** The delay the next restart must wait, counted from the container's finish. */
  delayMs: number;
  /** When the entry last advanced. */
  updatedAt: number;
}

/** Per-container restart delays of one pod (keyed by container name). */
export class CrashLoopBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: CrashLoopBackoffOptions = {}) {
    this.initialMs = Math.max(0, opts.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS);
    this.maxMs = Math.max(this.initialMs, opts.maxMs ?? DEFAULT_BACKOFF_MAX_MS);
    this.#now = opts.now ?? Date.now;
  }

  #entry(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (e && this.#now() - e.updatedAt > 2 * this.maxMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** The delay a restart of `key` must wait after its last finish (0 before the first restart). */
  delayMs(key: string): number {
    return this.#entry(key)?.delayMs ?? 0;
  }

  /**
   * How many ms remain before `key` may restart, given when it finished; 0 when it may restart
   * now.
   */
  remainingMs(key: string, finishedAt: number): number {
    return Math.max(0, finishedAt + this.delayMs(key) - this.#now());
  }

  /** Records a restart of `key`: the next one waits twice as long (capped). */
  restarted(key: string): void {
    const e = this.#entry(key);
    const delayMs = e ? Math.min(this.maxMs, Math.max(1, e.delayMs * 2)) : this.initialMs;
    this.#entries.set(key, { delayMs, updatedAt: this.#now() });
  }

  /** Forgets `key` (the container is gone for good). */
  reset(key: string): void {
    this.#entries.delete(key);
  }
}

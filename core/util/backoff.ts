/**
 * Exponential backoff with a cap, as used for pod scheduling retries, crash loops,
 * reconnects and watch re-establishment.
 */
export class Backoff {
  #current: number;

  /** `initialMs` doubles (× factor) on every failure up to `maxMs`. */
  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    readonly factor = 2,
  ) {
    this.#current = initialMs;
  }

  /** The delay to wait now; the next call returns a longer one. */
  next(): number {
    const d = this.#current;
    this.#current = Math.min(this.maxMs, this.#current * this.factor);
    return d;
  }

  /** The delay the next `next()` would return, without advancing. */
  peek(): number {
    return this.#current;
  }

  /** Back to the initial delay (after a success). */
  reset(): void {
    this.#current = this.initialMs;
  }
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Dial timeouts of a proxy listener without a timer per connection: the dials begun within the
 * same short window share one AbortController, aborted by one timer when the window's last
 * dial has had its full timeout. A dial thus gives up after between `timeoutMs` and
 * `timeoutMs + windowMs`; one that completed earlier is untouched by the abort.
 */

/** One window: its controller and when it stops taking dials. */
interface Window {
  ac: AbortController;
  until: number;
}

type Timer = ReturnType<typeof setTimeout>;

/** Shared dial deadlines of one listener. */
export class DialDeadlines {
  #current: Window | undefined;
  #timers = new Set<Timer>();
  #closed = false;

  constructor(readonly timeoutMs = 3000, readonly windowMs = 250) {}

  /** The signal a dial begun now passes to Deno.connect. */
  signal(now = Date.now()): AbortSignal {
    const w = this.#current;
    if (w && now < w.until && !this.#closed) return w.ac.signal;
    const ac = new AbortController();
    if (this.#closed) {
      ac.abort();
      return ac.signal;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      ac.abort();
    }, this.windowMs + this.timeoutMs);
    this.#timers.add(timer);
    this.#current = { ac, until: now + this.windowMs };
    return ac.signal;
  }

  /** Aborts the dials in flight and clears every timer (the listener closes). */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#current?.ac.abort();
    this.#current = undefined;
  }
}

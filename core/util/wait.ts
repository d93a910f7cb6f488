/** Polling with a deadline: the way tests and daemons wait for a condition without sleeps. */

/** Options for `waitFor`. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 10 s). */
  timeoutMs?: number;
  /** Poll interval in milliseconds (default 25). */
  intervalMs?: number;
  /** Describes the awaited condition in the timeout error. */
  what?: string;
}

/**
 * Calls `check` until it returns a value other than undefined/false and returns that value;
 * throws an Error naming `what` and the last failure when the deadline passes.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  opts: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let lastError: unknown;
  while (true) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(
        `timed out after ${opts.timeoutMs ?? 10_000} ms waiting for ${
          opts.what ?? "condition"
        }${why}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

/**
 * How k8sm's client waits out an apiserver that answers 429 Too Many Requests (its in-flight
 * limit): the server's `Retry-After` seconds, growing with each further attempt, within bounds.
 */

/** Retries of one request after a 429 before the 429 is given to the caller. */
export const MAX_TOO_MANY_REQUESTS_RETRIES = 6;

/** Longest wait between two attempts. */
const MAX_DELAY_MS = 10_000;

/**
 * The wait before retry number `attempt` (0 = the first retry) after a 429 whose Retry-After
 * header is `retryAfter`: the header's seconds (1 s when absent or unreadable), doubled per
 * earlier attempt, at most 10 s, plus up to 20% jitter so waiting clients do not come back at once.
 */
export function retryDelayMs(retryAfter: string | null, attempt: number): number {
  const seconds = Number(retryAfter);
  const base = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
  const delay = Math.min(MAX_DELAY_MS, base * 2 ** Math.max(0, attempt));
  return Math.round(delay * (1 + Math.random() * 0.2));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

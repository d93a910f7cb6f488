/**
 * Aborting a controller when another signal aborts, without `AbortSignal.any`: Deno holds the
 * signal `AbortSignal.any` returns only weakly from its sources (denoland/deno#29075), and a
 * fetch keeps it as an abort algorithm, not a listener, so a collected signal would leave a
 * long-lived fetch (a Mesos SUBSCRIBE stream) unaborted. Here the source holds the controller
 * strongly, through its listener, until the work is done.
 */

/**
 * Aborts `target` (with the source's reason) when any of `sources` aborts, at once if one
 * already has. Returns the function that stops following (call it when the work is done).
 */
export function followAbort(target: AbortController, ...sources: AbortSignal[]): () => void {
  const already = sources.find((s) => s.aborted);
  if (already) {
    target.abort(already.reason);
    return () => {};
  }
  const listeners = sources.map((s) => {
    const onAbort = () => target.abort(s.reason);
    s.addEventListener("abort", onAbort, { once: true });
    return () => s.removeEventListener("abort", onAbort);
  });
  return () => listeners.forEach((unlisten) => unlisten());
}

/**
 * Aborting a controller when another signal aborts, without `AbortSignal.any`: Deno holds the
 * signal that `AbortSignal.any` returns only weakly from its sources, and a fetch keeps it only
 * as an abort algorithm, so once the garbage collector took it, aborting a source no longer
 * reached the fetch (denoland/deno#29075). A scheduler's SUBSCRIBE stream then outlived its
 * close by as long as the master kept it open (issue 17: "scheduler: stopping failed: did not
 * stop within 10 s"). Here the source holds the controller strongly, through its listener.
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

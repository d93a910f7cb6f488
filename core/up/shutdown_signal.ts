/**
 * Waiting for Ctrl-C or SIGTERM: the daemons `k8sm controller-manager`, `k8sm proxy` and
 * `k8sm up` run until one arrives, then shut down cleanly. A terminal's Ctrl-C reaches the whole
 * foreground process group, so under `deno task`, npx or a supervisor that forwards signals a
 * daemon sees several within a millisecond or two: signals that close together are one request.
 */

/** Signals arriving within this many ms of the first one are the same Ctrl-C (a burst). */
export const SIGNAL_BURST_MS = 1000;

/** When (performance.now()) the last shutdown signal was heard in this process, if ever. */
let lastHeardAt: number | undefined;

/**
 * Resolves once the burst of the last shutdown signal is over (SIGNAL_BURST_MS after it), at
 * once when none was heard. A daemon awaits it before exiting: a process that is already
 * exiting when the rest of the burst arrives would be ended by it (Deno's default action)
 * instead of exiting with its own code.
 */
export async function burstOver(): Promise<void> {
  if (lastHeardAt === undefined) return;
  const left = lastHeardAt + SIGNAL_BURST_MS - performance.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}

/** Which signal ended the wait, or "abort" when the caller's AbortSignal did. */
export type ShutdownReason = "SIGINT" | "SIGTERM" | "abort";

/** Options of shutdownSignal. */
export interface ShutdownSignalOptions {
  /**
   * Ignore signals until this `performance.now()` time: they belong to the burst that already
   * started the shutdown (see SIGNAL_BURST_MS).
   */
  ignoreUntil?: number;
  /**
   * After the signal, keep swallowing SIGINT/SIGTERM for this long (default SIGNAL_BURST_MS;
   * Infinity: until the process exits). Deno restores a signal's default action (exit) once
   * its last listener goes, so the rest of a burst would otherwise kill the process at once.
   */
  swallowMs?: number;
}

/**
 * Resolves with the signal's name at the first SIGINT or SIGTERM (or "abort" when `signal`
 * aborts); signals before `opts.ignoreUntil` are ignored, and the rest of the burst after it
 * is swallowed (`opts.swallowMs`). A signal after that has its default action again: it ends
 * the process, which is how a daemon whose stop hangs can still be stopped.
 */
export function shutdownSignal(
  signal?: AbortSignal,
  opts: ShutdownSignalOptions = {},
): Promise<ShutdownReason> {
  return new Promise((resolve) => {
    let resolved = false;
    const heard = (why: "SIGINT" | "SIGTERM") => {
      if (resolved) return;
      if (opts.ignoreUntil !== undefined && performance.now() < opts.ignoreUntil) return;
      lastHeardAt = performance.now();
      done(why);
    };
    const handlers = {
      SIGINT: () => heard("SIGINT"),
      SIGTERM: () => heard("SIGTERM"),
    };
    const remove = () => {
      Deno.removeSignalListener("SIGINT", handlers.SIGINT);
      Deno.removeSignalListener("SIGTERM", handlers.SIGTERM);
    };
    const onAbort = () => done("abort");
    function done(why: ShutdownReason) {
      if (resolved) return;
      resolved = true;
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
      const swallowMs = opts.swallowMs ?? SIGNAL_BURST_MS;
      if (why === "abort") remove();
      else if (Number.isFinite(swallowMs)) Deno.unrefTimer(setTimeout(remove, swallowMs));
    }
    Deno.addSignalListener("SIGINT", handlers.SIGINT);
    Deno.addSignalListener("SIGTERM", handlers.SIGTERM);
    if (signal?.aborted) return done("abort");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Resolves at a signal given deliberately after the one that started a shutdown (at
 * `firstAt`, a `performance.now()` time): the rest of that burst is ignored, and every signal
 * after the forcing one is swallowed until the process exits. "abort" once `signal` aborts
 * (the shutdown finished). Listens from the call on, so call it right away.
 */
export function forcingSignal(
  firstAt: number,
  signal: AbortSignal,
  burstMs = SIGNAL_BURST_MS,
): Promise<ShutdownReason> {
  return shutdownSignal(signal, { ignoreUntil: firstAt + burstMs, swallowMs: Infinity });
}

/** Parses a boolean flag value given as `--flag`, `--flag=true` or `--flag=false`. */
export function flagBool(v: string | boolean | undefined, fallback = false): boolean {
  if (v === undefined) return fallback;
  if (typeof v === "boolean") return v;
  return !["false", "0", "no", "off"].includes(v.toLowerCase());
}

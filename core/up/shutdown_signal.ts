/**
 * Waiting for Ctrl-C or SIGTERM: the daemons `k8sm controller-manager`, `k8sm proxy` and
 * `k8sm up` run until one arrives, then shut down cleanly.
 */

/** Resolves with the signal's name at the first SIGINT or SIGTERM (or when `signal` aborts). */
export function shutdownSignal(signal?: AbortSignal): Promise<"SIGINT" | "SIGTERM" | "abort"> {
  return new Promise((resolve) => {
    const handlers = {
      SIGINT: () => done("SIGINT"),
      SIGTERM: () => done("SIGTERM"),
    };
    const onAbort = () => done("abort");
    function done(why: "SIGINT" | "SIGTERM" | "abort") {
      Deno.removeSignalListener("SIGINT", handlers.SIGINT);
      Deno.removeSignalListener("SIGTERM", handlers.SIGTERM);
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
    }
    Deno.addSignalListener("SIGINT", handlers.SIGINT);
    Deno.addSignalListener("SIGTERM", handlers.SIGTERM);
    if (signal?.aborted) return done("abort");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Parses a boolean flag value given as `--flag`, `--flag=true` or `--flag=false`. */
export function flagBool(v: string | boolean | undefined, fallback = false): boolean {
  if (v === undefined) return fallback;
  if (typeof v === "boolean") return v;
  return !["false", "0", "no", "off"].includes(v.toLowerCase());
}

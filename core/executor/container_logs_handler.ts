/**
 * Kubelet-style container log access: `GET /containerLogs/{namespace}/{pod}/{container}` with
 * `follow`, `tailLines`, `timestamps`, `sinceSeconds`, `sinceTime`, `previous` and `limitBytes`,
 * answered from a Runtime's `logs`. The executor mounts it on `--kubelet-port`; the apiserver's
 * `pods/{name}/log` proxies to it.
 */

import type { ContainerRef, LogOptions, Runtime } from "./runtime.ts";

/** Finds the container whose logs are asked for (`previous`: the attempt before the current). */
export type LogLookup = (
  namespace: string,
  pod: string,
  container: string,
  previous: boolean,
) => Promise<ContainerRef | undefined>;

/** A lookup over `runtime.listPodContainers`: the newest attempt (or the one before it). */
export function runtimeLogLookup(runtime: Runtime): LogLookup {
  return async (namespace, pod, container, previous) => {
    const found = (await runtime.listPodContainers({ includeSandboxes: false }))
      .filter((c) =>
        c.podNamespace === namespace && c.podName === pod && c.containerName === container
      )
      .sort((a, b) => b.ref.attempt - a.ref.attempt);
    return found[previous ? 1 : 0]?.ref;
  };
}

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function truncate(stream: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let left = limit;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (left <= 0) return controller.terminate();
        const part = chunk.subarray(0, left);
        left -= part.length;
        controller.enqueue(part);
        if (left <= 0) controller.terminate();
      },
    }),
  );
}

/** Parses the query into LogOptions, or returns the sentence saying what is wrong. */
export function parseLogQuery(q: URLSearchParams): LogOptions & { limitBytes?: number } | string {
  const flag = (name: string) => ["true", "1"].includes(q.get(name) ?? "");
  const int = (name: string): number | undefined | string => {
    const v = q.get(name);
    if (v === null || v === "") return undefined;
    return /^\d+$/.test(v) ? Number(v) : `${name}=${v} is not a non-negative integer`;
  };
  const opts: LogOptions & { limitBytes?: number } = {
    follow: flag("follow"),
    timestamps: flag("timestamps"),
  };
  const tail = int("tailLines");
  const sinceSeconds = int("sinceSeconds");
  const limit = int("limitBytes");
  for (const v of [tail, sinceSeconds, limit]) if (typeof v === "string") return v;
  if (typeof tail === "number") opts.tailLines = tail;
  if (typeof limit === "number" && limit > 0) opts.limitBytes = limit;
  if (typeof sinceSeconds === "number") opts.since = new Date(Date.now() - sinceSeconds * 1000);
  const sinceTime = q.get("sinceTime");
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) return `sinceTime=${sinceTime} is not an RFC 3339 time`;
    opts.since = new Date(t);
  }
  return opts;
}

/**
 * Handles `/containerLogs/...` requests; answers undefined for other paths so the caller can
 * route them elsewhere.
 */
export function containerLogsHandler(
  runtime: Runtime,
  lookup: LogLookup = runtimeLogLookup(runtime),
): (req: Request) => Promise<Response | undefined> {
  return async (req) => {
    const url = new URL(req.url);
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!m) return undefined;
    if (req.method !== "GET") return text(405, `${req.method} is not allowed on ${url.pathname}`);
    const [ns, pod, container] = m.slice(1).map(decodeURIComponent);
    const opts = parseLogQuery(url.searchParams);
    if (typeof opts === "string") return text(400, opts);
    const previous = ["true", "1"].includes(url.searchParams.get("previous") ?? "");
    const ref = await lookup(ns, pod, container, previous);
    if (!ref) {
      return text(
        404,
        previous
          ? `previous terminated container "${container}" in pod "${pod}" (namespace ${ns}) not found`
          : `container "${container}" in pod "${pod}" (namespace ${ns}) is not running here`,
      );
    }
    // A client going away cancels the body stream, which stops a following read.
    const stream = await runtime.logs(ref, opts);
    const body = opts.limitBytes ? truncate(stream, opts.limitBytes) : stream;
    return new Response(body, {
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" },
    });
  };
}

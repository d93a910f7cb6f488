/**
 * kube-apiserver's max-in-flight filter: at most `maxRequestsInflight` read-only and
 * `maxMutatingRequestsInflight` mutating requests are served at once; one more is answered at
 * once with 429 TooManyRequests and `Retry-After: 1`. Long-running requests (watches, logs,
 * exec/attach/port-forward, proxy) and health checks are never counted. A request holds its
 * slot until its response body has been sent (or the client has gone); a body made whole
 * (ready_body.ts), which the listener writes in one step as soon as it gets it, until the
 * handler answered.
 */
import type { ConnInfo } from "./conn_info.ts";
import type { FrontHandler } from "./https_front.ts";
import { readyBody } from "./ready_body.ts";
import { requestUrl } from "./request_url.ts";

/** Options of limitInflight; 0 or a negative number means unlimited, as in kube. */
export interface InflightOptions {
  /** --max-requests-inflight (default 400). */
  maxRequestsInflight?: number;
  /** --max-mutating-requests-inflight (default 200). */
  maxMutatingRequestsInflight?: number;
}

/** kube-apiserver's defaults. */
export const DEFAULT_MAX_REQUESTS_INFLIGHT = 400;
/** kube-apiserver's default for mutating requests. */
export const DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 200;

const LONG_RUNNING_SUBRESOURCES = new Set(["log", "exec", "attach", "portforward", "proxy"]);
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** True for requests the limit never counts: watches, streaming subresources, health checks. */
export function isLongRunningOrExempt(method: string, url: URL): boolean {
  const path = url.pathname;
  if (/^\/(healthz|livez|readyz)(\/|$)/.test(path) || path === "/metrics") return true;
  if (method !== "GET" && !MUTATING.has(method)) return false;
  const q = url.searchParams;
  const watch = q.get("watch");
  if (watch === "true" || watch === "1") return true;
  const segments = path.split("/").filter((s) => s !== "");
  const base = segments[0] === "api" ? 2 : segments[0] === "apis" ? 3 : -1;
  if (base < 0) return false;
  if (segments[base] === "watch") return true;
  // …/NAME/log|exec|attach|portforward|proxy[/…]: a subresource after a resource and a name.
  return segments.slice(base + 2).some((s) => LONG_RUNNING_SUBRESOURCES.has(s)) &&
    segments.length >= base + 3;
}

/** The 429 answer kube-apiserver gives when the limit is reached. */
export function tooManyRequests(): Response {
  const body = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "Too many requests, please try again later.",
    reason: "TooManyRequests",
    details: { retryAfterSeconds: 1 },
    code: 429,
  };
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "1" },
  });
}

/** Wraps `handler` with the in-flight limits of `opts`. */
export function limitInflight(handler: FrontHandler, opts: InflightOptions = {}): FrontHandler {
  const limits = {
    read: opts.maxRequestsInflight ?? DEFAULT_MAX_REQUESTS_INFLIGHT,
    write: opts.maxMutatingRequestsInflight ?? DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
  };
  const used = { read: 0, write: 0 };
  return async (req: Request, conn: ConnInfo): Promise<Response> => {
    let url: URL;
    try {
      url = requestUrl(req);
    } catch {
      return await handler(req, conn);
    }
    if (isLongRunningOrExempt(req.method, url)) return await handler(req, conn);
    const pool = MUTATING.has(req.method) ? "write" : "read";
    if (limits[pool] > 0 && used[pool] >= limits[pool]) return tooManyRequests();
    used[pool]++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      used[pool]--;
      req.signal.removeEventListener("abort", release);
    };
    req.signal.addEventListener("abort", release, { once: true });
    let res: Response;
    try {
      res = await handler(req, conn);
    } catch (e) {
      release();
      throw e;
    }
    // A body made whole (readyBody) is written by the listener in one step right away.
    if (res.body === null || res.status === 101 || readyBody(res) !== undefined) {
      release();
      return res;
    }
    return new Response(releasingBody(res.body, release), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** `body`, calling `release` once it has been read to the end, failed or been cancelled. */
function releasingBody(
  body: ReadableStream<Uint8Array>,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await reader.read();
        if (r.done) {
          release();
          controller.close();
        } else {
          controller.enqueue(r.value);
        }
      } catch (e) {
        release();
        controller.error(e);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

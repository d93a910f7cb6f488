/**
 * A fetch for `insecure-skip-tls-verify: true` over https: Deno's fetch cannot skip certificate
 * verification per client, so these requests go through node:https with
 * `rejectUnauthorized: false`. The answer is a standard Response whose body streams (watches).
 */
import https from "node:https";

/** The request fields insecureFetch supports (what RestClient sends). */
export interface InsecureRequest {
  method: string;
  headers: Headers;
  body?: string;
  signal?: AbortSignal;
  /** Client certificate chain (PEM) to present. */
  cert?: string;
  /** Its private key (PEM). */
  key?: string;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
  }
  return h;
}

/** Sends `init` to an https `url` without verifying the server's certificate. */
export function insecureFetch(url: string, init: InsecureRequest): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (init.signal?.aborted) {
      return reject(new DOMException("The request was aborted", "AbortError"));
    }
    const headers: Record<string, string> = {};
    init.headers.forEach((v, k) => (headers[k] = v));
    const req = https.request(
      url,
      {
        method: init.method,
        headers,
        rejectUnauthorized: false,
        ...(init.cert !== undefined && init.key !== undefined
          ? { cert: init.cert, key: init.key }
          : {}),
      },
      (res) => {
        let finished = false;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            res.on("data", (chunk: Uint8Array) => {
              if (!finished) controller.enqueue(new Uint8Array(chunk));
            });
            res.on("end", () => {
              if (finished) return;
              finished = true;
              controller.close();
            });
            res.on("error", (e: Error) => {
              if (finished) return;
              finished = true;
              controller.error(e);
            });
          },
          cancel() {
            finished = true;
            res.destroy();
          },
        });
        const status = res.statusCode ?? 500;
        const empty = status === 204 || status === 304 || init.method === "HEAD";
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : body, {
            status,
            statusText: res.statusMessage ?? "",
            headers: toHeaders(res.headers),
          }),
        );
      },
    );
    const onAbort = () => req.destroy(new DOMException("The request was aborted", "AbortError"));
    init.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => init.signal?.removeEventListener("abort", onAbort));
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

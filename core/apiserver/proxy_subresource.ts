/**
 * The `pods/ID/proxy[/PATH]` and `services/ID/proxy[/PATH]` subresources, as kube-apiserver
 * serves them: the request (any method; authenticated and authorised like every other, RBAC on
 * `pods/proxy` / `services/proxy`) is sent to the target proxy_target.ts resolves, with its
 * subpath and raw query, without the client's API credentials, and the backend's answer streams
 * back. A bare `…/proxy` GET gets a 301 to `…/proxy/`; the backend's `Location` headers and the
 * root-relative links of its HTML pages are rewritten to stay under the proxy prefix.
 */
import https from "node:https";
import * as errors from "../api/status.ts";
import type { Pod } from "../api/types/pod.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import type { ExtraRoute } from "./api_handler.ts";
import {
  podProxyTarget,
  type ProxyTarget,
  serviceProxyTarget,
  splitProxyId,
} from "./proxy_target.ts";

/** `…/namespaces/NS/(pods|services)/ID/proxy[/SUBPATH]`: prefix, ns, kind, id, subpath. */
export const PROXY_PATH =
  /^(\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy)(\/.*)?$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Request headers never sent to a backend: hop-by-hop ones and API credentials. */
const DROPPED = new Set([
  "authorization",
  "connection",
  "keep-alive",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "accept-encoding",
]);
/** HTML bodies up to this size get their root-relative links rewritten. */
const REWRITE_LIMIT = 4 << 20;

/** The route serving pod and service proxy requests (after the apiserver's gate). */
export function proxySubresourceRoute(registries: RegistrySet): ExtraRoute {
  return async (req, url) => {
    const m = PROXY_PATH.exec(url.pathname);
    if (!m) return undefined;
    const [, prefix, nsRaw, kind, idRaw, sub] = m;
    if (!METHODS.has(req.method)) throw errors.methodNotAllowed(req.method, url.pathname);
    if (sub === undefined && (req.method === "GET" || req.method === "HEAD")) {
      return new Response(null, {
        status: 301,
        headers: { location: `${url.pathname}/${url.search}` },
      });
    }
    const target = await proxyTargetOf(registries, kind, nsRaw, idRaw);
    return await forward(req, url, target, prefix, sub ?? "/");
  };
}

/** The target of a PROXY_PATH match's kind, namespace and id (still percent-encoded). */
export async function proxyTargetOf(
  registries: RegistrySet,
  kind: string,
  nsRaw: string,
  idRaw: string,
): Promise<ProxyTarget> {
  const ns = decodeURIComponent(nsRaw);
  const id = decodeURIComponent(idRaw);
  if (kind === "pods") {
    const pid = splitProxyId("pod", id);
    return podProxyTarget(await registries.must("pods").get(ns, pid.name) as Pod, pid);
  }
  return await serviceProxyTarget(registries, ns, splitProxyId("service", id));
}

async function forward(
  req: Request,
  url: URL,
  target: ProxyTarget,
  prefix: string,
  subpath: string,
): Promise<Response> {
  const origin = `${target.scheme}://${target.host}:${target.port}`;
  const headers = new Headers();
  for (const [k, v] of req.headers) {
    if (!DROPPED.has(k) && !k.startsWith("impersonate-")) headers.set(k, v);
  }
  headers.set("x-forwarded-uri", url.pathname + url.search);
  headers.set("x-forwarded-host", url.host);
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
  const body = hasBody ? new Uint8Array(await req.arrayBuffer()) : undefined;
  let res: Response;
  try {
    res = target.scheme === "https"
      ? await insecureRequest(`${origin}${subpath}${url.search}`, req.method, headers, body)
      : await fetch(`${origin}${subpath}${url.search}`, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
        signal: req.signal,
      });
  } catch (e) {
    throw unreachableBackend(e);
  }
  const out = new Headers(res.headers);
  out.delete("connection");
  out.delete("transfer-encoding");
  const location = out.get("location");
  if (location) out.set("location", rewriteLocation(location, origin, prefix));
  const type = out.get("content-type") ?? "";
  const length = Number(out.get("content-length") ?? "0");
  if (
    type.startsWith("text/html") && !out.has("content-encoding") && res.body &&
    length <= REWRITE_LIMIT
  ) {
    const html = rewriteHtml(await res.text(), prefix);
    out.delete("content-length");
    return new Response(html, { status: res.status, headers: out });
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
}

/** The 503 Status of a backend that cannot be reached. */
export function unreachableBackend(e: unknown): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(
    503,
    "ServiceUnavailable",
    `error trying to reach service: ${e instanceof Error ? e.message : String(e)}`,
  ));
}

/** Keeps a backend redirect under the proxy prefix (root-relative or to the backend itself). */
function rewriteLocation(location: string, origin: string, prefix: string): string {
  if (location.startsWith(origin)) return prefix + (location.slice(origin.length) || "/");
  if (location.startsWith("/") && !location.startsWith("//")) return prefix + location;
  return location;
}

/** Prefixes root-relative href/src/action attribute values with the proxy prefix. */
function rewriteHtml(html: string, prefix: string): string {
  return html.replace(
    /(\s(?:href|src|action)\s*=\s*["'])\/(?!\/)/gi,
    (_all, head: string) => `${head}${prefix}/`,
  );
}

/** An https request to a backend, whose certificate is not verified (kube does the same). */
function insecureRequest(
  url: string,
  method: string,
  headers: Headers,
  body: Uint8Array | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const r = https.request(url, {
      method,
      headers: Object.fromEntries(headers),
      rejectUnauthorized: false,
    }, (res) => {
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
      }
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          res.on("data", (b: Uint8Array) => c.enqueue(new Uint8Array(b)));
          res.on("end", () => c.close());
          res.on("error", (e) => c.error(e));
        },
        cancel() {
          res.destroy();
        },
      });
      const status = res.statusCode ?? 502;
      const nullBody = status === 204 || status === 304 || method === "HEAD";
      resolve(new Response(nullBody ? null : stream, { status, headers: h }));
    });
    r.on("error", reject);
    r.end(body);
  });
}

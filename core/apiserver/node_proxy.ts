/**
 * The `nodes/NAME/proxy[/PATH]` subresource: kube-apiserver serves a node's kubelet endpoints
 * through it (`kubectl get --raw /api/v1/nodes/N/proxy/healthz`, `…/proxy/pods`). k8sm sends the
 * request to the node's executor kubelet endpoint that kubelet_target.ts resolves (only Nodes
 * the scheduler registered for Mesos agents, `mesos://` providerID), over pinned TLS with the
 * apiserver's kubelet client identity on secured clusters. The request was already
 * authenticated and authorised (RBAC `nodes/proxy`); the client's own credentials are not
 * forwarded. Only the kubelet port is reachable this way: another port is refused rather than
 * letting the apiserver reach arbitrary services on the agent's host.
 */
import * as errors from "../api/status.ts";
import type { Node } from "../api/types/node.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import type { ExtraRoute } from "./api_handler.ts";
import { type KubeletDialer, kubeletTarget } from "./kubelet_target.ts";

const PATH = /^(\/api\/v1\/nodes\/([^/]+)\/proxy)(\/.*)?$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Request headers never sent to the executor: hop-by-hop ones and API credentials. */
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
  "cookie",
]);

/** Splits a node proxy id (`name`, `name:port`, `scheme:name:port`) like kube does. */
function splitNodeId(id: string): { scheme: string; name: string; port: string } {
  const parts = id.split(":");
  if (parts.length === 1) return { scheme: "", name: parts[0], port: "" };
  if (parts.length === 2) return { scheme: "", name: parts[0], port: parts[1] };
  if (parts.length === 3 && ["", "http", "https"].includes(parts[0])) {
    return { scheme: parts[0], name: parts[1], port: parts[2] };
  }
  throw errors.badRequest(`invalid node request "${id}"`);
}

/** The route serving `nodes/NAME/proxy` requests (after the apiserver's gate). */
export function nodeProxyRoute(registries: RegistrySet, dialer: KubeletDialer): ExtraRoute {
  return async (req, url) => {
    const m = PATH.exec(url.pathname);
    if (!m) return undefined;
    const [, prefix, idRaw, sub] = m;
    if (!METHODS.has(req.method)) throw errors.methodNotAllowed(req.method, url.pathname);
    if (sub === undefined && (req.method === "GET" || req.method === "HEAD")) {
      return new Response(null, {
        status: 301,
        headers: { location: `${url.pathname}/${url.search}` },
      });
    }
    const id = splitNodeId(decodeURIComponent(idRaw));
    const node = await registries.must("nodes").get("", id.name) as Node;
    const target = kubeletTarget(node, dialer.secured);
    const kubeletPort = String(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? "");
    if (id.port !== "" && id.port !== kubeletPort) {
      throw errors.badRequest(
        `node ${id.name}: only its kubelet endpoint (port ${kubeletPort}) can be reached ` +
          `through nodes/proxy, not port ${id.port}; drop the port from "${idRaw}"`,
      );
    }
    const headers = new Headers();
    for (const [k, v] of req.headers) {
      if (!DROPPED.has(k) && !k.startsWith("impersonate-")) headers.set(k, v);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
    const body = hasBody ? new Uint8Array(await req.arrayBuffer()) : undefined;
    let res: Response;
    try {
      res = await dialer.fetch(target, `${sub ?? "/"}${url.search}`, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
        signal: req.signal,
      });
    } catch (e) {
      throw new errors.ApiError(errors.makeStatus(
        503,
        "ServiceUnavailable",
        `error trying to reach node ${id.name}'s kubelet endpoint at ${target.baseUrl}: ` +
          `${e instanceof Error ? e.message : String(e)}`,
      ));
    }
    const out = new Headers(res.headers);
    out.delete("connection");
    out.delete("transfer-encoding");
    const location = out.get("location");
    if (location?.startsWith("/") && !location.startsWith("//")) {
      out.set("location", prefix + location);
    }
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
  };
}

/**
 * `pods/exec`, `pods/attach` and `pods/portforward` upgrades (WebSocket and SPDY/3.1) on the
 * apiserver, and upgrades through the pods and services proxy subresources (proxy_upgrade.ts).
 * The request passes the same gate as every other (authentication, raw-path guard, RBAC: `get`
 * on pods/exec for the WebSocket GET, `create` for the SPDY POST, as kube-apiserver 1.32 asks),
 * the pod and container are checked, and the upgrade is relayed byte for byte to the
 * executor's kubelet endpoint of the pod's node (`/exec|attach/NS/POD/CONTAINER`) over pinned
 * TLS with the apiserver's kubelet client certificate, like kube-apiserver's
 * UpgradeAwareHandler. The executor speaks the stream protocol end to end, so its answers (101,
 * or a 4xx/5xx) reach the client verbatim; client credentials are never forwarded.
 */
import type { Buffer } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as errors from "../api/status.ts";
import type { Node } from "../api/types/node.ts";
import type { Pod } from "../api/types/pod.ts";
import { withoutBearerProtocols } from "../auth/authenticator.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import { relaySocketConn, writeAll } from "../streams/conn_relay.ts";
import { writeHttpResponse } from "../streams/socket_io.ts";
import type { AccessControl } from "./auth/access_control.ts";
import type { KubeletDialer, KubeletTarget } from "./kubelet_target.ts";
import { kubeletTarget } from "./kubelet_target.ts";
import { toWebRequest, upgradeConnInfo } from "./node_bridge.ts";
import { checkRawPath } from "./path_guard.ts";
import { isProxyUpgrade, proxyUpgrade } from "./proxy_upgrade.ts";
import { toApiError } from "./responses.ts";

/** What the exec proxy needs from the apiserver. */
export interface PodExecProxyOptions {
  /** The gate (absent on an open server). */
  access?: AccessControl;
  registries: RegistrySet;
  dialer: KubeletDialer;
}

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;
/** Upgrade headers relayed to the executor (never Authorization or cookies). */
const RELAYED = new Set([
  "upgrade",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-protocol",
  "x-stream-protocol-version",
]);

/** The listener's `onUpgrade` hook for the apiserver. */
export function podExecUpgrade(
  opts: PodExecProxyOptions,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    void proxy(req, socket, new Uint8Array(head), opts).catch((e) => {
      const err = toApiError(e);
      if (!socket.destroyed) {
        void writeHttpResponse(
          socket,
          err.code,
          [["Content-Type", "application/json"]],
          JSON.stringify(err.status),
        );
      }
    });
  };
}

async function proxy(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  opts: PodExecProxyOptions,
) {
  const raw = req.url ?? "/";
  const webReq = toWebRequest(req, new AbortController().signal, "apiserver");
  const url = new URL(webReq.url);
  await opts.access?.authenticate(webReq, upgradeConnInfo(socket, raw), url);
  checkRawPath(raw);
  const segments = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  await opts.access?.authorize(webReq, url, segments);
  if (isProxyUpgrade(url)) return await proxyUpgrade(req, socket, head, url, opts.registries);
  const m = PATH.exec(url.pathname);
  if (!m) {
    throw new errors.ApiError(errors.makeStatus(
      404,
      "NotFound",
      `the server cannot upgrade ${url.pathname}; only pods/NAME/exec, attach and portforward ` +
        "streams and the pods and services proxy subresources are served",
    ));
  }
  if (req.method !== "GET" && req.method !== "POST") {
    throw errors.methodNotAllowed(req.method ?? "", url.pathname);
  }
  const [ns, name] = [m[1], m[2]].map(decodeURIComponent);
  const pod = await opts.registries.must("pods").get(ns, name) as Pod;
  const portForward = m[3] === "portforward";
  const container = portForward ? "" : containerOf(pod, url.searchParams.get("container"));
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  let node: Node;
  try {
    node = await opts.registries.must("nodes").get("", nodeName) as Node;
  } catch (e) {
    if (errors.isApiError(e, 404)) {
      throw errors.badRequest(`pod ${name} runs on node ${nodeName}, which is not registered`);
    }
    throw e;
  }
  const target = kubeletTarget(node, opts.dialer.secured);
  const upstream = await dialKubelet(target, opts.dialer, nodeName);
  const lines = [
    `${req.method} ${
      portForward
        ? `/portForward/${[ns, name].map(encodeURIComponent).join("/")}`
        : `/${m[3]}/${[ns, name, container].map(encodeURIComponent).join("/")}`
    }${url.search} HTTP/1.1`,
    `Host: ${new URL(target.baseUrl).host}`,
    "Connection: Upgrade",
  ];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (!RELAYED.has(name)) continue;
    const value = name === "sec-websocket-protocol"
      ? withoutBearerProtocols(req.rawHeaders[i + 1])
      : req.rawHeaders[i + 1];
    if (value !== "") lines.push(`${req.rawHeaders[i]}: ${value}`);
  }
  if (req.method === "POST") lines.push("Content-Length: 0");
  const request = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  try {
    await writeAll(upstream, request);
    await writeAll(upstream, head);
  } catch (e) {
    upstream.close();
    throw unreachable(nodeName, target, e);
  }
  await relaySocketConn(socket, upstream);
}

/** Connects to the executor: pinned TLS with the kubelet client identity, or plain TCP. */
async function dialKubelet(
  target: KubeletTarget,
  dialer: KubeletDialer,
  nodeName: string,
): Promise<Deno.Conn> {
  const u = new URL(target.baseUrl);
  const hostname = u.hostname.replace(/^\[|\]$/g, "");
  const port = Number(u.port);
  try {
    if (!target.servingCertPem) return await Deno.connect({ hostname, port });
    const id = dialer.identity;
    const conn = await Deno.connectTls({
      hostname,
      port,
      caCerts: [target.servingCertPem],
      alpnProtocols: ["http/1.1"],
      ...(id ? { cert: id.certChain, key: id.privateKey } : {}),
    });
    await conn.handshake();
    return conn;
  } catch (e) {
    throw unreachable(nodeName, target, e);
  }
}

function unreachable(nodeName: string, target: KubeletTarget, e: unknown): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(
    503,
    "ServiceUnavailable",
    `cannot reach the executor of node ${nodeName} at ${new URL(target.baseUrl).host}: ${
      e instanceof Error ? e.message : String(e)
    }`,
  ));
}

function containerOf(pod: Pod, asked: string | null): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (asked) {
    if (!names.includes(asked)) {
      throw errors.badRequest(`container ${asked} is not valid for pod ${pod.metadata.name}`);
    }
    return asked;
  }
  if (names.length === 1) return names[0];
  throw errors.badRequest(
    `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${
      names.join(" ")
    }]`,
  );
}

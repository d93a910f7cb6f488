/**
 * Upgrade requests (WebSocket, or any `Connection: Upgrade`) through `pods/ID/proxy/…` and
 * `services/ID/proxy/…`, as kube-apiserver's UpgradeAwareHandler passes them: the caller was
 * authenticated and authorised like every upgrade (pod_exec_proxy.ts runs the gate first), the
 * target is resolved as for plain proxy requests (a declared pod port or a ready endpoint that
 * names its pod, never an address from the URL), the request goes there with its subpath, raw
 * query and headers minus the caller's API credentials, and bytes are relayed both ways: the
 * backend's answer, 101 or not, reaches the client verbatim.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { RegistrySet } from "../registry/registry_set.ts";
import { withoutBearerProtocols } from "../auth/authenticator.ts";
import { relaySocketConn, writeAll } from "../streams/conn_relay.ts";
import { PROXY_PATH, proxyTargetOf, unreachableBackend } from "./proxy_subresource.ts";
import type { ProxyTarget } from "./proxy_target.ts";

/** Request headers never sent to a backend: credentials and the ones rewritten here. */
const DROPPED = new Set([
  "authorization",
  "proxy-authorization",
  "host",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "x-forwarded-uri",
  "x-forwarded-host",
  "x-forwarded-proto",
]);

/** True when `url` is a pod or service proxy path (the caller then relays the upgrade). */
export function isProxyUpgrade(url: URL): boolean {
  return PROXY_PATH.test(url.pathname);
}

/**
 * Relays the upgrade `req` (already through the gate) to its proxy target; throws a Status
 * (e.g. 503 when the backend cannot be reached) before anything was sent to the client.
 */
export async function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  url: URL,
  registries: RegistrySet,
): Promise<void> {
  const [, , nsRaw, kind, idRaw, sub] = PROXY_PATH.exec(url.pathname)!;
  const target = await proxyTargetOf(registries, kind, nsRaw, idRaw);
  const lines = [
    `${req.method ?? "GET"} ${sub ?? "/"}${url.search} HTTP/1.1`,
    `Host: ${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`,
    "Connection: Upgrade",
    `Upgrade: ${req.headers.upgrade ?? "websocket"}`,
    `X-Forwarded-Uri: ${url.pathname}${url.search}`,
    `X-Forwarded-Host: ${url.host}`,
    `X-Forwarded-Proto: ${url.protocol.replace(":", "")}`,
  ];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (DROPPED.has(name) || name.startsWith("impersonate-")) continue;
    const value = name === "sec-websocket-protocol"
      ? withoutBearerProtocols(req.rawHeaders[i + 1])
      : req.rawHeaders[i + 1];
    if (value !== "") lines.push(`${req.rawHeaders[i]}: ${value}`);
  }
  const request = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  if (target.scheme === "https") return await relayTls(socket, target, [request, head]);
  let conn: Deno.Conn;
  try {
    conn = await Deno.connect({ hostname: target.host, port: target.port });
    await writeAll(conn, request);
    await writeAll(conn, head);
  } catch (e) {
    throw unreachableBackend(e);
  }
  await relaySocketConn(socket, conn);
}

/** An https backend (its certificate unverified, as kube-apiserver's proxy does). */
async function relayTls(socket: Duplex, target: ProxyTarget, first: Uint8Array[]) {
  const up: TLSSocket = await new Promise((resolve, reject) => {
    const s = tlsConnect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
    }, () => {
      s.off("error", failed);
      resolve(s);
    });
    const failed = (e: Error) => reject(unreachableBackend(e));
    s.once("error", failed);
  });
  for (const bytes of first) if (bytes.length > 0) up.write(bytes);
  const kill = () => {
    socket.destroy();
    up.destroy();
  };
  up.on("error", kill);
  socket.on("error", kill);
  socket.pipe(up);
  up.pipe(socket);
  await new Promise<void>((resolve) => up.once("close", () => resolve()));
}

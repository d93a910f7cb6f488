/**
 * Watches over WebSocket, as kube-apiserver serves them to browsers: a watch GET (`?watch=1`
 * or a `/watch/` path) with `Upgrade: websocket` goes through the apiserver's request handler
 * like any other request (authentication, the bearer-token subprotocol included, the raw-path
 * guard, authorization of verb `watch`, the same query parameters and the same watch streams
 * of watch_stream.ts). A refusal (401, 403, 400, 404, 405) is the HTTP answer to the upgrade; a
 * started watch is switched to a WebSocket that carries each event `{"type":…,"object":…}` as
 * one text message. The stream's idle heartbeats become pings, and a client that has sent
 * nothing (no pong) since the ping two heartbeats ago is dropped; the stream ending
 * (timeoutSeconds, an ERROR event such as 410 Gone, shutdown) closes the socket with 1000; the
 * client closing or going away cancels the stream, which unsubscribes its watcher. Messages
 * from the client are ignored. A browser page of another origin is refused (403).
 */
import type { Buffer } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as errors from "../api/status.ts";
import { withoutBearerProtocols } from "../auth/authenticator.ts";
import { writeSocket, writeWebResponse } from "../streams/socket_io.ts";
import { websocketAccept } from "../streams/websocket_frames.ts";
import { WebSocketSession } from "../streams/websocket_session.ts";
import type { ConnInfo } from "./conn_info.ts";
import { toWebRequest, upgradeConnInfo } from "./node_bridge.ts";
import { resourceRequestInfo } from "./request_info.ts";
import { errorResponse } from "./responses.ts";

/** A listener's `onUpgrade` hook. */
export type UpgradeHook = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The request handler a watch upgrade goes through (the apiserver's, gate included). */
export type WatchSocketHandler = (req: Request, conn: ConnInfo) => Promise<Response>;

const NEWLINE = 0x0a;

/** True for a WebSocket upgrade of a watch request (GET with `watch=1` or a `/watch/` path). */
export function isWatchUpgrade(req: IncomingMessage): boolean {
  if (req.method !== "GET" || req.headers.upgrade?.toLowerCase() !== "websocket") return false;
  try {
    const url = new URL(req.url ?? "/", "http://apiserver");
    const segments = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
    return resourceRequestInfo(segments, "GET", url.searchParams)?.verb === "watch";
  } catch {
    return false; // not a served resource path: the other upgrade hook answers it
  }
}

/** An upgrade hook serving watch upgrades through `handler` and the rest through `other`. */
export function withWatchSockets(handler: WatchSocketHandler, other: UpgradeHook): UpgradeHook {
  return (req, socket, head) => {
    if (!isWatchUpgrade(req)) return other(req, socket, head);
    socket.on("error", () => socket.destroy());
    void serveWatchSocket(handler, req, socket, new Uint8Array(head)).catch(() => socket.destroy());
  };
}

/** The subprotocol answered: the first one offered that is not a bearer token ("" for none). */
function chosenProtocol(offer: string | undefined): string {
  return withoutBearerProtocols(offer ?? "").split(",")[0].trim();
}

/**
 * A 403 for a browser page of another origin: a WebSocket has no CORS, and a browser presents
 * its client certificate to any page's WebSocket, so only this apiserver's own pages (the
 * dashboard) may open one. Clients that send no Origin (kubectl, client libraries) pass.
 */
function foreignOrigin(req: IncomingMessage): errors.ApiError | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== undefined && host === req.headers.host) return undefined;
  return new errors.ApiError(errors.makeStatus(
    403,
    "Forbidden",
    `a WebSocket watch from the page at ${origin} is refused: only pages served by this ` +
      `apiserver (${req.headers.host ?? "its own address"}) may open one; open the dashboard ` +
      "at /ui/ here, or connect without an Origin header",
  ));
}

async function serveWatchSocket(
  handler: WatchSocketHandler,
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
): Promise<void> {
  const crossOrigin = foreignOrigin(req);
  if (crossOrigin !== undefined) {
    return await writeWebResponse(socket, errorResponse(crossOrigin));
  }
  const gone = new AbortController();
  socket.once("close", () => gone.abort(new Error("the client disconnected")));
  const scheme = "encrypted" in socket ? "https" : "http";
  const webReq = toWebRequest(req, gone.signal, "apiserver", scheme);
  const res = await handler(webReq, upgradeConnInfo(socket, req.url ?? "/"));
  const key = req.headers["sec-websocket-key"];
  if (
    res.status === 200 && res.body !== null &&
    (!key || req.headers["sec-websocket-version"] !== "13")
  ) {
    await res.body.cancel();
    return await writeWebResponse(
      socket,
      errorResponse(errors.badRequest(
        "the WebSocket upgrade needs a Sec-WebSocket-Key header and Sec-WebSocket-Version 13",
      )),
    );
  }
  if (res.status !== 200 || res.body === null || !key) return await writeWebResponse(socket, res);
  const protocol = chosenProtocol(req.headers["sec-websocket-protocol"]);
  await writeSocket(
    socket,
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${websocketAccept(key)}\r\n` +
      (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : "") + "\r\n",
  );
  const reader = res.body.getReader();
  const ws = new WebSocketSession(socket, head, {
    onMessage: () => {},
    onText: () => {},
    onClose: () => void reader.cancel().catch(() => {}),
  });
  // When the last two pings went out; a client silent since the older one is gone.
  const pings = [0, 0];
  const heartbeat = () => {
    if (pings[0] > 0 && ws.lastHeard < pings[0]) {
      socket.destroy();
      return Promise.resolve();
    }
    pings.shift();
    pings.push(Date.now());
    return ws.ping();
  };
  let pending = new Uint8Array(0);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      let chunk = value;
      if (pending.length > 0) {
        chunk = new Uint8Array(pending.length + value.length);
        chunk.set(pending);
        chunk.set(value, pending.length);
      }
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
        if (nl === start) await heartbeat();
        else await ws.send(chunk.subarray(start, nl), true);
        start = nl + 1;
      }
      pending = chunk.slice(start);
    }
    await ws.close(1000);
  } catch {
    socket.destroy();
  } finally {
    await reader.cancel().catch(() => {});
  }
}

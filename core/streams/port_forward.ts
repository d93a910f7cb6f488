/**
 * The server role of `kubectl port-forward` (`portforward.k8s.io`): over SPDY/3.1 directly
 * (POST, `X-Stream-Protocol-Version: portforward.k8s.io`) or tunnelled in a WebSocket
 * (`SPDY/3.1+portforward.k8s.io`); client-node's channel-pair WebSocket protocol is in
 * port_forward_channels.ts. Per forwarded connection the client opens an `error` and a
 * `data` stream with the same `port` and `requestid`; once both are here the pod port is
 * dialled and bytes are copied both ways (the client's FIN half-closes towards the pod). A dial
 * failure is written on the error stream as text, as the kubelet does.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  channelPortForward,
  PORT_FORWARD_CHANNEL_PROTOCOLS,
  portsOf,
} from "./port_forward_channels.ts";
import { headerList, upgradeKind } from "./remote_command.ts";
import { writeHttpResponse } from "./socket_io.ts";
import { MAX_DATA_CHUNK } from "./spdy_frames.ts";
import { SpdySession, type SpdyStream } from "./spdy_session.ts";
import { websocketAccept } from "./websocket_frames.ts";
import { websocketDuplex } from "./websocket_duplex.ts";
import { WebSocketSession } from "./websocket_session.ts";

/** The SPDY sub-protocol of port forwarding. */
export const PORT_FORWARD_PROTOCOL = "portforward.k8s.io";
/** The WebSocket tunnel's subprotocol. */
export const PORT_FORWARD_TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

/** Connects to a pod port. */
export type PortDialer = (port: number) => Promise<Deno.Conn>;

function refuse(socket: Duplex, status: number, message: string): Promise<void> {
  return writeHttpResponse(
    socket,
    status,
    [["Content-Type", "text/plain; charset=utf-8"]],
    `${message}\n`,
  );
}

/** Answers the handshake and serves forwarded connections until the client goes away. */
export async function acceptPortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  dial: PortDialer,
): Promise<void> {
  const kind = upgradeKind(req);
  let transport: Duplex;
  if (kind === "websocket") {
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string") return await refuse(socket, 400, "Sec-WebSocket-Key is required");
    const offered = headerList(req, "sec-websocket-protocol");
    if (!offered.includes(PORT_FORWARD_TUNNEL_PROTOCOL)) {
      // client-node: channel pairs per port, ports in the query.
      const legacy = offered.length === 0
        ? ""
        : offered.find((p) => PORT_FORWARD_CHANNEL_PROTOCOLS.includes(p));
      if (legacy === undefined) return await writeHttpResponse(socket, 403, [], "");
      const ports = portsOf(new URL(req.url ?? "/", "http://x").searchParams);
      if (typeof ports === "string") return await refuse(socket, 400, ports);
      return await channelPortForward(socket, head, key, legacy, ports, dial);
    }
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${websocketAccept(key)}\r\n` +
        `Sec-WebSocket-Protocol: ${PORT_FORWARD_TUNNEL_PROTOCOL}\r\n\r\n`,
    );
    transport = websocketDuplex((h) => new WebSocketSession(socket, head, h));
    head = new Uint8Array(0);
  } else if (kind === "spdy") {
    if (!headerList(req, "x-stream-protocol-version").includes(PORT_FORWARD_PROTOCOL)) {
      return await refuse(
        socket,
        400,
        `unable to upgrade: X-Stream-Protocol-Version must offer ${PORT_FORWARD_PROTOCOL}`,
      );
    }
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n" +
        `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
    );
    transport = socket;
  } else {
    return await refuse(socket, 400, "unable to upgrade: missing upgrade headers in request");
  }
  const pending = new Map<string, { data?: SpdyStream; error?: SpdyStream }>();
  const session = new SpdySession(transport, head, (s) => {
    const type = s.header("streamtype");
    const port = Number(s.header("port"));
    if (
      (type !== "data" && type !== "error") || !Number.isInteger(port) || port < 1 || port > 65535
    ) {
      void s.end();
      return;
    }
    const key = s.header("requestid") ?? String(type === "error" ? s.id : s.id - 2);
    const pair = pending.get(key) ?? {};
    pair[type] = s;
    pending.set(key, pair);
    if (pair.data && pair.error) {
      pending.delete(key);
      void forward(pair.data, pair.error, port, dial);
    }
  });
  await session.closed;
}

async function forward(data: SpdyStream, error: SpdyStream, port: number, dial: PortDialer) {
  let conn: Deno.Conn;
  try {
    conn = await dial(port);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    await error.write(new TextEncoder().encode(`error forwarding port ${port} to pod: ${why}`));
    await error.end();
    await data.end();
    return;
  }
  const toPod = (async () => {
    for await (const chunk of data.readable) await conn.write(chunk);
    await conn.closeWrite().catch(() => {});
  })().catch(() => {});
  const fromPod = (async () => {
    const buf = new Uint8Array(MAX_DATA_CHUNK);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      await data.write(buf.subarray(0, n)); // copied into its frame
    }
  })();
  await fromPod;
  await data.end();
  await error.end();
  await toPod.catch(() => {});
  try {
    conn.close();
  } catch { /* closed already */ }
}

/**
 * The client side of a WebSocket to the apiserver, with the RestClient's credentials: TLS with
 * the configured CA and client certificate (Deno's WebSocket cannot present one), or plain TCP,
 * a bearer token when configured, an RFC 6455 handshake offering the given subprotocols, masked
 * frames out, pings answered. A non-101 answer becomes an Error carrying the server's message.
 */
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { websocketAccept, WS_OP, WsFrameReader } from "../streams/websocket_frames.ts";
import type { RestConfig } from "./rest_client.ts";

/** What the client side of a connected WebSocket offers. */
export interface ClientWebSocket {
  /** The subprotocol the server chose. */
  readonly protocol: string;
  /** Sends one binary message; resolves once the socket accepted it (backpressure). */
  send(data: Uint8Array): Promise<void>;
  /** Sends a close frame with `code` and ends the connection. */
  close(code?: number): void;
  /** Resolves with the close code when the connection ends (1006 without a close frame). */
  readonly closed: Promise<number>;
}

/** Handlers of incoming data messages. */
export interface ClientWebSocketHandlers {
  onMessage(data: Uint8Array, text: boolean): void;
}

/** A masked client frame (RFC 6455 §5.3), FIN set. */
export function encodeClientFrame(opcode: number, data: Uint8Array): Uint8Array {
  const n = data.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = new Uint8Array(head + 4 + n);
  const view = new DataView(out.buffer);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 65536) {
    out[1] = 0x80 | 126;
    view.setUint16(2, n);
  } else {
    out[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(n));
  }
  const mask = randomBytes(4);
  out.set(mask, head);
  for (let i = 0; i < n; i++) out[head + 4 + i] = data[i] ^ mask[i & 3];
  return out;
}

async function bearer(config: RestConfig): Promise<string | undefined> {
  if (config.tokenFile) return (await Deno.readTextFile(config.tokenFile)).trim();
  return config.token;
}

function open(config: RestConfig, u: URL): Promise<Socket> {
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const https = u.protocol === "https:";
  const port = Number(u.port) || (https ? 443 : 80);
  return new Promise((resolve, reject) => {
    const s = https
      ? tlsConnect({
        host,
        port,
        servername: isIP(host) ? undefined : host,
        ca: config.caCerts?.length ? config.caCerts : undefined,
        cert: config.certChain,
        key: config.privateKey,
        rejectUnauthorized: !config.insecureSkipTlsVerify,
        ALPNProtocols: ["http/1.1"],
      }, () => resolve(s))
      : netConnect({ host, port }, () => resolve(s));
    s.once("error", (e) => reject(new Error(`cannot connect to ${u.host}: ${e.message}`)));
  });
}

/** A WebSocket upgrade the server answered with `status` instead of 101. */
export class WebSocketRefusedError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "WebSocketRefusedError";
  }
}

function failure(status: number, body: string): WebSocketRefusedError {
  try {
    const st = JSON.parse(body) as { message?: string };
    if (st.message) return new WebSocketRefusedError(status, st.message);
  } catch { /* not a Status */ }
  return new WebSocketRefusedError(
    status,
    `the server refused the stream (HTTP ${status}): ${body.trim() || "no body"}`,
  );
}

/** Opens a WebSocket to `pathAndQuery` on the configured server, offering `protocols`. */
export async function dialWebSocket(
  config: RestConfig,
  pathAndQuery: string,
  protocols: string[],
  handlers: ClientWebSocketHandlers,
): Promise<ClientWebSocket> {
  const base = new URL(config.server);
  const socket = await open(config, base);
  const key = randomBytes(16).toString("base64");
  const token = await bearer(config);
  const prefix = base.pathname.replace(/\/$/, "");
  socket.write(
    [
      `GET ${prefix}${pathAndQuery} HTTP/1.1`,
      `Host: ${base.host}`,
      "Connection: Upgrade",
      "Upgrade: websocket",
      "Sec-WebSocket-Version: 13",
      `Sec-WebSocket-Key: ${key}`,
      `Sec-WebSocket-Protocol: ${protocols.join(", ")}`,
      `User-Agent: ${config.userAgent ?? "k8sm"}`,
      ...(token ? [`Authorization: Bearer ${token}`] : []),
    ].join("\r\n") + "\r\n\r\n",
  );
  let buf = Buffer.alloc(0);
  const head = await new Promise<{ status: number; headers: Map<string, string> }>(
    (resolve, reject) => {
      const onData = (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
        const headers = new Map<string, string>();
        for (const l of lines.slice(1)) {
          const i = l.indexOf(":");
          if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
        }
        buf = buf.subarray(end + 4);
        // Held until the frame reader listens: chunks already in are emitted at once, and a
        // flowing socket with no 'data' listener drops them (the exit status of a quick exec).
        socket.pause();
        socket.off("data", onData);
        resolve({ status: Number(lines[0].split(" ")[1]), headers });
      };
      socket.on("data", onData);
      socket.once("close", () => reject(new Error("the server closed the connection")));
    },
  );
  if (head.status !== 101) {
    const length = Number(head.headers.get("content-length") ?? NaN);
    const body = await new Promise<string>((resolve) => {
      const done = () => resolve(buf.toString("utf8"));
      if (buf.length >= length) return done();
      socket.on("data", (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= length) done();
      });
      socket.resume();
      socket.once("close", done);
    });
    socket.destroy();
    throw failure(head.status, body);
  }
  if (head.headers.get("sec-websocket-accept") !== websocketAccept(key)) {
    socket.destroy();
    throw new Error("the server's WebSocket handshake is invalid (wrong Sec-WebSocket-Accept)");
  }
  const protocol = head.headers.get("sec-websocket-protocol") ?? "";
  const reader = new WsFrameReader();
  let closeCode = 1006;
  let sentClose = false;
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(closeCode)));
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve();
      if (socket.write(bytes)) resolve();
      else socket.once("drain", () => resolve());
    });
  const feed = (chunk: Uint8Array) => {
    for (const m of reader.push(chunk)) {
      if (m.opcode === WS_OP.PING) void write(encodeClientFrame(WS_OP.PONG, m.data));
      else if (m.opcode === WS_OP.CLOSE) {
        closeCode = m.data.length >= 2 ? (m.data[0] << 8) | m.data[1] : 1005;
        if (!sentClose) socket.write(encodeClientFrame(WS_OP.CLOSE, m.data.subarray(0, 2)));
        socket.end();
      } else if (m.opcode === WS_OP.BINARY || m.opcode === WS_OP.TEXT) {
        handlers.onMessage(m.data, m.opcode === WS_OP.TEXT);
      }
    }
  };
  socket.on("data", (c: Buffer) => feed(new Uint8Array(c)));
  socket.on("error", () => socket.destroy());
  // After the caller has the connection: what came with the 101 first, then the rest.
  queueMicrotask(() => {
    if (buf.length > 0) feed(new Uint8Array(buf));
    socket.resume();
  });
  return {
    protocol,
    send: (data) => write(encodeClientFrame(WS_OP.BINARY, data)),
    close(code = 1000) {
      if (socket.destroyed) return;
      sentClose = true;
      const body = new Uint8Array([code >> 8, code & 0xff]);
      socket.end(encodeClientFrame(WS_OP.CLOSE, body));
    },
    closed,
  };
}

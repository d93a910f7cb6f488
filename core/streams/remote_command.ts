/**
 * The server role of exec/attach: takes an upgrade request (WebSocket `v5`/`v4.channel.k8s.io`
 * or SPDY/3.1 with `X-Stream-Protocol-Version`), answers the handshake, and hands back one
 * RemoteCommandSession whatever the transport: stdin as a stream, terminal resizes, stdout and
 * stderr writers, and `finish(status)` which flushes, writes the Status on the error channel and
 * closes cleanly (WebSocket close code 1000; SPDY FIN on every stream).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  CHANNEL,
  type ChannelStatus,
  ResizeDecoder,
  resizeFanout,
  SPDY_PROTOCOLS,
  type TerminalSize,
  WEBSOCKET_PROTOCOLS,
} from "./channel_protocol.ts";
import { writeHttpResponse } from "./socket_io.ts";
import { spdySession } from "./remote_command_spdy.ts";
import { websocketAccept } from "./websocket_frames.ts";
import { WebSocketSession } from "./websocket_session.ts";

/** Which streams the client asked for (query `stdin`, `stdout`, `stderr`, `tty`). */
export interface RemoteCommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** An established remote command session. */
export interface RemoteCommandSession {
  /** "websocket" or "spdy". */
  transport: string;
  /** The negotiated protocol, e.g. v5.channel.k8s.io. */
  protocol: string;
  /** The client's stdin (when asked for); ends at the client's stdin EOF. */
  stdin?: ReadableStream<Uint8Array>;
  /** Calls `cb` for every terminal size received (earlier ones are replayed). */
  onResize(cb: (size: TerminalSize) => void): void;
  writeStdout(data: Uint8Array): Promise<void>;
  writeStderr(data: Uint8Array): Promise<void>;
  /** Writes `status` on the error channel and ends the session. */
  finish(status: ChannelStatus): Promise<void>;
  /** Settles when the client's connection is gone. */
  closed: Promise<void>;
}

/** How an upgrade request wants to talk: "websocket", "spdy", or neither. */
export function upgradeKind(req: IncomingMessage): "websocket" | "spdy" | undefined {
  const upgrade = (req.headers.upgrade ?? "").toLowerCase();
  if (upgrade.includes("websocket")) return "websocket";
  if (upgrade.includes("spdy/3.1")) return "spdy";
  return undefined;
}

/** The values of a request header that may repeat or be comma-separated. */
export function headerList(req: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== name) continue;
    out.push(...req.rawHeaders[i + 1].split(",").map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

function textError(
  socket: Duplex,
  status: number,
  message: string,
  extra: [string, string][] = [],
) {
  return writeHttpResponse(socket, status, [
    ["Content-Type", "text/plain; charset=utf-8"],
    ...extra,
  ], `${message}\n`);
}

/**
 * Answers the handshake on `socket`. Returns the session, or undefined after writing the error
 * response (no common protocol, missing headers) and closing the socket.
 */
export async function acceptRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  opts: RemoteCommandOptions,
): Promise<RemoteCommandSession | undefined> {
  const kind = upgradeKind(req);
  const connection = (req.headers.connection ?? "").toLowerCase();
  if (!kind || !connection.includes("upgrade")) {
    await textError(socket, 400, "unable to upgrade: missing upgrade headers in request");
    return undefined;
  }
  if (kind === "websocket") {
    const offered = headerList(req, "sec-websocket-protocol");
    const protocol = offered.find((p) => WEBSOCKET_PROTOCOLS.includes(p));
    const key = req.headers["sec-websocket-key"];
    if (!protocol || typeof key !== "string") {
      await writeHttpResponse(socket, protocol ? 400 : 403, [], "");
      return undefined;
    }
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${
          websocketAccept(key)
        }\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
    );
    return websocketSession(socket, head, protocol, opts);
  }
  const offered = headerList(req, "x-stream-protocol-version");
  if (offered.length === 0) {
    await textError(socket, 400, "unable to upgrade: X-Stream-Protocol-Version is required");
    return undefined;
  }
  const protocol = SPDY_PROTOCOLS.find((p) => offered.includes(p));
  if (!protocol) {
    await textError(
      socket,
      403,
      `unable to upgrade: no common stream protocol in [${offered.join(" ")}]`,
      SPDY_PROTOCOLS.map((p) => ["X-Accepted-Stream-Protocol-Versions", p]),
    );
    return undefined;
  }
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n" +
      `X-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
  );
  return await spdySession(socket, head, protocol, opts);
}

function websocketSession(
  socket: Duplex,
  head: Uint8Array,
  protocol: string,
  opts: RemoteCommandOptions,
): RemoteCommandSession {
  const resizes = resizeFanout();
  const decoder = new ResizeDecoder();
  let stdinCtl: ReadableStreamDefaultController<Uint8Array> | undefined;
  let stdinOpen = opts.stdin;
  // Resolved when the command's side pulls (or stdin ends): the reader wants more input.
  let wanted: (() => void) | undefined;
  const wake = () => {
    wanted?.();
    wanted = undefined;
  };
  const endStdin = () => {
    if (!stdinOpen) return;
    stdinOpen = false;
    try {
      stdinCtl?.close();
    } catch {
      // the command's side cancelled it already
    }
    wake();
  };
  const stdin = opts.stdin
    ? new ReadableStream<Uint8Array>({
      start: (c) => void (stdinCtl = c),
      pull: wake,
      cancel: endStdin,
    }, { highWaterMark: 8 })
    : undefined;
  const ws = new WebSocketSession(socket, head, {
    async onMessage(data) {
      if (data.length === 0) return;
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === CHANNEL.STDIN && stdinOpen && body.length > 0) {
        stdinCtl?.enqueue(body);
        // Backpressure: hold the socket while the command has not taken earlier input.
        while (stdinOpen && (stdinCtl?.desiredSize ?? 1) <= 0) {
          await new Promise<void>((r) => wanted = r);
        }
      } else if (channel === CHANNEL.RESIZE) {
        for (const s of decoder.push(body)) resizes.emit(s);
      } else if (
        channel === CHANNEL.CLOSE && protocol.startsWith("v5") && body[0] === CHANNEL.STDIN
      ) {
        endStdin();
      }
    },
    // Under v4 a client signals stdin EOF only by closing the socket.
    onClose: endStdin,
  });
  const send = (channel: number, data: Uint8Array) => {
    const msg = new Uint8Array(data.length + 1);
    msg[0] = channel;
    msg.set(data, 1);
    return ws.send(msg);
  };
  const chunked = async (channel: number, data: Uint8Array) => {
    for (let off = 0; off < data.length; off += 32 * 1024) {
      await send(channel, data.subarray(off, off + 32 * 1024));
    }
  };
  void send(
    opts.stdout ? CHANNEL.STDOUT : opts.stderr && !opts.tty ? CHANNEL.STDERR : CHANNEL.ERROR,
    new Uint8Array(0),
  );
  return {
    transport: "websocket",
    protocol,
    stdin,
    onResize: resizes.on,
    writeStdout: (d) => chunked(CHANNEL.STDOUT, d),
    writeStderr: (d) => chunked(opts.tty ? CHANNEL.STDOUT : CHANNEL.STDERR, d),
    async finish(status) {
      await send(CHANNEL.ERROR, new TextEncoder().encode(JSON.stringify(status)));
      await ws.close(1000);
    },
    closed: ws.closed,
  };
}

/**
 * A server-side WebSocket connection over an upgraded socket (after the 101): delivers binary
 * messages in order, pausing the socket while the handler is busy (TCP backpressure), answers
 * pings, replies to a client close, and sends binary or text messages, pings and a coded close.
 */
import type { Duplex } from "node:stream";
import { socketClosed, writeSocket } from "./socket_io.ts";
import {
  encodeWsClose,
  encodeWsFrame,
  encodeWsHeader,
  WS_OP,
  WsFrameReader,
} from "./websocket_frames.ts";

/** What the connection reports to its user. */
export interface WebSocketHandlers {
  /** A binary message; the next is delivered once the returned promise settles. */
  onMessage(data: Uint8Array): void | Promise<void>;
  /** The client sent a close frame, a text frame we cannot take, or the socket ended. */
  onClose?(): void;
  /** A text message; without this handler a text message closes the connection with 1003. */
  onText?(data: Uint8Array): void;
}

/** One accepted WebSocket. */
export class WebSocketSession {
  readonly #socket: Duplex;
  readonly #reader = new WsFrameReader();
  #closeSent = false;
  #queue: Promise<void> = Promise.resolve();
  #lastHeard = Date.now();
  /** Settles when the socket is gone. */
  readonly closed: Promise<void>;

  /** Takes over `socket` (101 already written); `head` holds bytes read past the request. */
  constructor(socket: Duplex, head: Uint8Array, handlers: WebSocketHandlers) {
    this.#socket = socket;
    this.closed = socketClosed(socket);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      handlers.onClose?.();
    };
    void this.closed.then(() => this.#queue.then(end));
    const take = (chunk: Uint8Array) => {
      this.#lastHeard = Date.now();
      let messages;
      try {
        messages = this.#reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const m of messages) {
        if (m.opcode === WS_OP.PING) void writeSocket(socket, encodeWsFrame(WS_OP.PONG, m.data));
        else if (m.opcode === WS_OP.CLOSE) {
          const code = m.data.length >= 2 ? (m.data[0] << 8) | m.data[1] : 1000;
          this.#queue = this.#queue.then(() => {
            end();
            return this.close(code === 1005 ? 1000 : code);
          });
        } else if (m.opcode === WS_OP.BINARY) {
          socket.pause();
          this.#queue = this.#queue.then(() => handlers.onMessage(m.data)).catch(() => {})
            .finally(() => socket.resume());
        } else if (m.opcode === WS_OP.TEXT && handlers.onText) {
          handlers.onText(m.data);
        } else if (m.opcode === WS_OP.TEXT) {
          this.#queue = this.#queue.then(() => this.close(1003, "text messages are not accepted"));
        }
      }
    };
    socket.on("data", (chunk: Uint8Array) => take(new Uint8Array(chunk)));
    socket.on("error", () => socket.destroy());
    // The peer half-closed (listeners allow half-open sockets): nothing more can come, so end.
    socket.on("end", () => socket.end());
    if (head.length > 0) take(head);
  }

  /** When (ms since the epoch) the client last sent anything: a message, a pong, a close. */
  get lastHeard(): number {
    return this.#lastHeard;
  }

  /**
   * Sends one binary message (a text one with `text`, `data` then being UTF-8). Large payloads
   * go out as written, after their header, without a copy: `data` must not be changed until
   * the returned promise settles.
   */
  send(data: Uint8Array, text = false): Promise<void> {
    if (this.#closeSent) return Promise.resolve();
    const opcode = text ? WS_OP.TEXT : WS_OP.BINARY;
    if (data.length < 16 * 1024) {
      return writeSocket(this.#socket, encodeWsFrame(opcode, data));
    }
    this.#socket.write(encodeWsHeader(opcode, data.length));
    return writeSocket(this.#socket, data);
  }

  /** Sends a ping (the client answers with a pong, which updates lastHeard). */
  ping(): Promise<void> {
    if (this.#closeSent) return Promise.resolve();
    return writeSocket(this.#socket, encodeWsFrame(WS_OP.PING, new Uint8Array(0)));
  }

  /** Sends a close frame with `code` (once) and ends the socket. */
  async close(code = 1000, reason = ""): Promise<void> {
    if (this.#closeSent) return;
    this.#closeSent = true;
    await writeSocket(this.#socket, encodeWsClose(code, reason));
    this.#socket.end();
  }
}

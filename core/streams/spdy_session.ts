/**
 * A server-side SPDY/3.1 session over an upgraded socket, as spdystream peers expect: every
 * SYN_STREAM is answered at once with an empty SYN_REPLY, PINGs are echoed, DATA feeds the
 * stream's readable (FIN ends it, RST_STREAM errors it), SETTINGS and WINDOW_UPDATE are
 * ignored (kubectl does no flow control), and GOAWAY ends the session.
 */
import type { Duplex } from "node:stream";
import {
  concat,
  controlFrame,
  dataFrame,
  MAX_DATA_CHUNK,
  readU32,
  SPDY,
  type SpdyFrame,
  SpdyFrameReader,
  u32s,
} from "./spdy_frames.ts";
import { SpdyHeaderCodec } from "./spdy_header_codec.ts";
import { socketClosed, writeSocket } from "./socket_io.ts";

/** One stream the client opened. */
export class SpdyStream {
  readonly #session: SpdySession;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #readDone = false;
  #finSent = false;
  /** The stream id (odd: client-initiated). */
  readonly id: number;
  /** Its SYN_STREAM headers (lowercase names). */
  readonly headers: Map<string, string[]>;
  /** What the client sends on it; ends at its FIN. */
  readonly readable: ReadableStream<Uint8Array>;

  constructor(session: SpdySession, id: number, headers: Map<string, string[]>) {
    this.#session = session;
    this.id = id;
    this.headers = headers;
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => void (this.#controller = c),
      cancel: () => void (this.#readDone = true),
    }, { highWaterMark: 16 });
  }

  /** The first value of header `name`. */
  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[0];
  }

  /** Sends `data` (copied, so the caller may reuse it) in DATA frames of MAX_DATA_CHUNK at most. */
  async write(data: Uint8Array): Promise<void> {
    if (this.#finSent) return;
    for (let off = 0; off < data.length; off += MAX_DATA_CHUNK) {
      await this.#session.send(dataFrame(this.id, data.subarray(off, off + MAX_DATA_CHUNK)));
    }
  }

  /** Half-closes our side (an empty DATA frame with FIN), once. */
  async end(): Promise<void> {
    if (this.#finSent) return;
    this.#finSent = true;
    await this.#session.send(dataFrame(this.id, new Uint8Array(0), true));
  }

  /** @internal */
  receive(data: Uint8Array, fin: boolean): void {
    if (this.#readDone) return;
    if (data.length > 0) this.#controller.enqueue(data);
    if (fin) this.closeReadable();
  }

  /** @internal Ends the readable (client FIN, reset, or session end). */
  closeReadable(error?: Error): void {
    if (this.#readDone) return;
    this.#readDone = true;
    if (error) this.#controller.error(error);
    else this.#controller.close();
  }

  /** @internal True when the reader is behind. */
  get full(): boolean {
    return !this.#readDone && (this.#controller.desiredSize ?? 1) <= 0;
  }
}

/** One SPDY connection, server side. */
export class SpdySession {
  readonly #socket: Duplex;
  readonly #reader = new SpdyFrameReader();
  readonly #codec = new SpdyHeaderCodec();
  readonly #streams = new Map<number, SpdyStream>();
  readonly #onStream: (s: SpdyStream) => void;
  #queue: Promise<void> = Promise.resolve();
  /** Settles when the socket is gone. */
  readonly closed: Promise<void>;

  /** Takes over `socket` (101 already written); `head` holds bytes read past the request. */
  constructor(socket: Duplex, head: Uint8Array, onStream: (s: SpdyStream) => void) {
    this.#socket = socket;
    this.#onStream = onStream;
    this.closed = socketClosed(socket);
    void this.closed.then(() => {
      this.#codec.close();
      for (const s of this.#streams.values()) s.closeReadable();
    });
    const take = (chunk: Uint8Array) => {
      let frames: SpdyFrame[];
      try {
        frames = this.#reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const f of frames) {
        this.#queue = this.#queue.then(() => this.#handle(f)).catch(() => void socket.destroy());
      }
      if ([...this.#streams.values()].some((s) => s.full)) {
        socket.pause();
        void this.#queue.then(() => socket.resume());
      }
    };
    socket.on("data", (chunk: Uint8Array) => take(new Uint8Array(chunk)));
    socket.on("error", () => socket.destroy());
    // The peer half-closed (listeners allow half-open sockets): nothing more can come, so end.
    socket.on("end", () => socket.end());
    if (head.length > 0) take(head);
  }

  /** Writes one frame. */
  send(frame: Uint8Array): Promise<void> {
    return writeSocket(this.#socket, frame);
  }

  /** Sends GOAWAY and closes the connection. */
  async close(): Promise<void> {
    if (this.#socket.destroyed) return;
    await this.send(controlFrame(SPDY.GOAWAY, 0, u32s(0, 0)));
    this.#socket.end();
  }

  async #handle(f: SpdyFrame): Promise<void> {
    if (f.kind === "data") {
      this.#streams.get(f.streamId)?.receive(f.data, (f.flags & SPDY.FLAG_FIN) !== 0);
      return;
    }
    const p = f.payload;
    switch (f.type) {
      case SPDY.SYN_STREAM: {
        const id = readU32(p, 0) & 0x7fffffff;
        const headers = await this.#codec.decompress(p.subarray(10));
        const stream = new SpdyStream(this, id, headers);
        this.#streams.set(id, stream);
        await this.send(
          controlFrame(SPDY.SYN_REPLY, 0, concat([u32s(id), this.#codec.compress({})])),
        );
        if (f.flags & SPDY.FLAG_FIN) stream.closeReadable();
        this.#onStream(stream);
        return;
      }
      case SPDY.RST_STREAM: {
        const id = readU32(p, 0) & 0x7fffffff;
        this.#streams.get(id)?.closeReadable();
        return;
      }
      case SPDY.PING:
        await this.send(controlFrame(SPDY.PING, 0, p));
        return;
      case SPDY.GOAWAY:
        this.#socket.end();
        return;
      case SPDY.HEADERS:
        await this.#codec.decompress(p.subarray(4)); // keeps the zlib stream in step
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE: spdystream peers do no flow control
    }
  }
}

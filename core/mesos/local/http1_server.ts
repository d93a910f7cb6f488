/**
 * A small HTTP/1.1 server for mesos-local's master and agents. It exists for one guarantee that
 * Deno.serve does not give: on a streaming response, every chunk the body stream yields goes out
 * as exactly one HTTP chunk (Deno.serve merges chunks queued together), the way libprocess turns
 * each write of a Mesos event stream into its own chunk, so a RecordIO record is never split or
 * merged with the next one. Streaming responses are those made with `streamingResponse`; every
 * other response is sent whole with a Content-Length. Requests may use Content-Length or chunked
 * bodies and `Expect: 100-continue`; connections are kept alive as HTTP/1.1 says.
 */

const CRLF = "\r\n";
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const encoder = new TextEncoder();
const streaming = new WeakSet<Response>();

const REASONS: Record<number, string> = {
  100: "Continue",
  200: "OK",
  202: "Accepted",
  204: "No Content",
  307: "Temporary Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

/** A request handler, as for Deno.serve. */
export type Http1Handler = (req: Request) => Response | Promise<Response>;

/** A response whose body stream is sent chunk by chunk: one HTTP chunk per enqueued chunk. */
export function streamingResponse(body: ReadableStream<Uint8Array>, init: ResponseInit): Response {
  const res = new Response(body, init);
  streaming.add(res);
  return res;
}

class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Buffered reads from one connection. */
class ConnReader {
  #buf = new Uint8Array(0);
  #eof = false;
  /** Read into, then copied out of: one 16 KiB buffer per connection, not one per read. */
  readonly #chunk = new Uint8Array(16 * 1024);
  constructor(private readonly conn: Deno.Conn) {}

  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    const n = await this.conn.read(this.#chunk).catch(() => null);
    if (n === null) {
      this.#eof = true;
      return false;
    }
    if (this.#buf.length === 0) {
      this.#buf = this.#chunk.slice(0, n);
      return true;
    }
    const next = new Uint8Array(this.#buf.length + n);
    next.set(this.#buf);
    next.set(this.#chunk.subarray(0, n), this.#buf.length);
    this.#buf = next;
    return true;
  }

  /** Bytes up to and excluding `delimiter`; null at EOF before any byte of a new head. */
  async until(delimiter: string, limit: number): Promise<Uint8Array | null> {
    const d = encoder.encode(delimiter);
    while (true) {
      const at = indexOf(this.#buf, d);
      if (at >= 0) {
        const out = this.#buf.slice(0, at);
        this.#buf = this.#buf.slice(at + d.length);
        return out;
      }
      if (this.#buf.length > limit) throw new BadRequest(431, "Request head too large");
      if (!await this.#fill()) {
        if (this.#buf.length === 0) return null;
        throw new BadRequest(400, "Connection closed inside a request");
      }
    }
  }

  /** Exactly `n` bytes. */
  async exactly(n: number): Promise<Uint8Array> {
    while (this.#buf.length < n) {
      if (!await this.#fill()) throw new BadRequest(400, "Connection closed inside a body");
    }
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    return out;
  }

  /** Resolves when the peer closes the connection (used while streaming). */
  async closed(): Promise<void> {
    while (await this.#fill()) this.#buf = new Uint8Array(0);
  }
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

interface Head {
  method: string;
  target: string;
  version: string;
  headers: Headers;
}

function parseHead(bytes: Uint8Array): Head {
  const lines = new TextDecoder().decode(bytes).split(CRLF);
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0]);
  if (!m) throw new BadRequest(400, `Malformed request line ${JSON.stringify(lines[0])}`);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new BadRequest(400, `Malformed header line ${JSON.stringify(line)}`);
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      throw new BadRequest(400, `Malformed header line ${JSON.stringify(line)}`);
    }
  }
  return { method: m[1], target: m[2], version: m[3], headers };
}

async function readBody(reader: ConnReader, head: Head): Promise<Uint8Array> {
  const te = head.headers.get("transfer-encoding");
  if (te !== null && te.toLowerCase() === "chunked") {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (true) {
      const line = await reader.until(CRLF, 1024);
      const size = parseInt(new TextDecoder().decode(line ?? new Uint8Array()).split(";")[0], 16);
      if (!Number.isFinite(size) || size < 0) throw new BadRequest(400, "Malformed chunk size");
      if (size === 0) {
        while (((await reader.until(CRLF, MAX_HEAD_BYTES))?.length ?? 0) > 0) {
          // trailer fields are ignored
        }
        return concat(parts);
      }
      total += size;
      if (total > MAX_BODY_BYTES) throw new BadRequest(413, "Request body too large");
      parts.push(await reader.exactly(size));
      await reader.exactly(2);
    }
  }
  const length = Number(head.headers.get("content-length") ?? "0");
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new BadRequest(400, "Malformed Content-Length");
  }
  if (length > MAX_BODY_BYTES) throw new BadRequest(413, "Request body too large");
  return await reader.exactly(length);
}

function headText(status: number, headers: Headers, extra: [string, string][]): Uint8Array {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}`];
  for (const [k, v] of headers) {
    if (k === "content-length" || k === "transfer-encoding" || k === "connection") continue;
    lines.push(`${k}: ${v}`);
  }
  lines.push(`date: ${new Date().toUTCString()}`);
  for (const [k, v] of extra) lines.push(`${k}: ${v}`);
  return encoder.encode(lines.join(CRLF) + CRLF + CRLF);
}

/** A listening HTTP/1.1 server (see the module comment). */
export class Http1Server {
  /** The bound address. */
  readonly addr: Deno.NetAddr;
  #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  #conns = new Set<Deno.Conn>();
  #idle = new Set<Deno.Conn>();
  #streams = new Set<ReadableStreamDefaultReader<Uint8Array>>();
  #tasks = new Set<Promise<void>>();
  #closing = false;
  #accepting: Promise<void>;

  /** Binds at once (throws Deno.errors.AddrInUse synchronously) and starts accepting. */
  constructor(opts: { hostname: string; port: number }, private readonly handler: Http1Handler) {
    this.#listener = Deno.listen({ hostname: opts.hostname, port: opts.port });
    this.addr = this.#listener.addr;
    this.#accepting = this.#accept();
  }

  async #accept(): Promise<void> {
    while (!this.#closing) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return;
      }
      this.#conns.add(conn);
      const task = this.#serve(conn).finally(() => {
        this.#conns.delete(conn);
        this.#idle.delete(conn);
        this.#tasks.delete(task);
        try {
          conn.close();
        } catch {
          // already closed
        }
      });
      this.#tasks.add(task);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const reader = new ConnReader(conn);
    while (!this.#closing) {
      this.#idle.add(conn);
      let head: Head;
      let body: Uint8Array;
      try {
        const raw = await reader.until(CRLF + CRLF, MAX_HEAD_BYTES);
        this.#idle.delete(conn);
        if (raw === null || this.#closing) return;
        head = parseHead(raw);
        if (head.headers.get("expect")?.toLowerCase() === "100-continue") {
          await writeAll(conn, encoder.encode(`HTTP/1.1 100 Continue${CRLF}${CRLF}`));
        }
        body = await readBody(reader, head);
      } catch (e) {
        if (e instanceof BadRequest) {
          const msg = encoder.encode(e.message);
          await writeAll(
            conn,
            concat([
              headText(e.status, new Headers({ "content-type": "text/plain; charset=utf-8" }), [
                ["content-length", String(msg.length)],
                ["connection", "close"],
              ]),
              msg,
            ]),
          ).catch(() => {});
        }
        return;
      }
      const keepAlive = head.version === "HTTP/1.1"
        ? head.headers.get("connection")?.toLowerCase() !== "close"
        : head.headers.get("connection")?.toLowerCase() === "keep-alive";
      const host = head.headers.get("host") ?? `${this.addr.hostname}:${this.addr.port}`;
      const hasBody = head.method !== "GET" && head.method !== "HEAD";
      const req = new Request(`http://${host}${head.target}`, {
        method: head.method,
        headers: head.headers,
        body: hasBody ? body as Uint8Array<ArrayBuffer> : undefined,
      });
      let res: Response;
      try {
        res = await this.handler(req);
      } catch (e) {
        res = new Response(`Internal error: ${e instanceof Error ? e.message : String(e)}`, {
          status: 500,
        });
      }
      try {
        if (streaming.has(res) && res.body) {
          await this.#stream(conn, reader, res);
          return;
        }
        const data = head.method === "HEAD" || res.body === null
          ? new Uint8Array(0)
          : new Uint8Array(await res.arrayBuffer());
        const length = head.method === "HEAD"
          ? res.headers.get("content-length") ?? "0"
          : String(data.length);
        const extra: [string, string][] = [["content-length", length]];
        if (!keepAlive) extra.push(["connection", "close"]);
        await writeAll(conn, concat([headText(res.status, res.headers, extra), data]));
      } catch {
        return;
      }
      if (!keepAlive) return;
    }
  }

  async #stream(conn: Deno.Conn, reader: ConnReader, res: Response): Promise<void> {
    const body = res.body!.getReader();
    this.#streams.add(body);
    reader.closed().then(() => body.cancel().catch(() => {}));
    try {
      await writeAll(
        conn,
        headText(res.status, res.headers, [["transfer-encoding", "chunked"]]),
      );
      while (true) {
        const r = await body.read();
        if (r.done) break;
        if (r.value.length === 0) continue;
        const size = encoder.encode(r.value.length.toString(16) + CRLF);
        await writeAll(conn, concat([size, r.value, encoder.encode(CRLF)]));
      }
      await writeAll(conn, encoder.encode(`0${CRLF}${CRLF}`));
    } catch {
      await body.cancel().catch(() => {});
    } finally {
      this.#streams.delete(body);
    }
  }

  /**
   * Stops accepting, ends open streaming responses, closes idle connections and waits for the
   * requests in progress to finish.
   */
  async shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      this.#listener.close();
    } catch {
      // already closed
    }
    await this.#accepting;
    for (const s of this.#streams) await s.cancel().catch(() => {});
    for (const c of this.#idle) {
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    await Promise.all([...this.#tasks]);
  }
}

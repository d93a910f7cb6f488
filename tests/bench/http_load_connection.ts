/**
 * A lean HTTP/1.1 load generator for benchmarks: one keep-alive TCP connection sending
 * pre-encoded requests and reading each response by its Content-Length. Its CPU per request
 * is a small fraction of fetch's, so on a 2-core machine the clients do not take the CPU the
 * server under test needs, and the benchmark measures the server rather than its clients.
 */

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** The bytes of one HTTP/1.1 request with a JSON body (keep-alive is HTTP/1.1's default). */
export function jsonRequest(method: string, host: string, path: string, body: string): Uint8Array {
  const payload = encoder.encode(body);
  const head = encoder.encode(
    `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n` +
      `content-length: ${payload.length}\r\n\r\n`,
  );
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

/** Index of the first "\r\n\r\n" in `buf[0, len)`, or -1. */
function headEnd(buf: Uint8Array, len: number): number {
  for (let i = 3; i < len; i++) {
    if (buf[i] === 10 && buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) {
      return i - 3;
    }
  }
  return -1;
}

/** One keep-alive connection; requests on it are sequential. */
export class HttpLoadConnection {
  #buf = new Uint8Array(64 * 1024);
  #len = 0;

  private constructor(private readonly conn: Deno.TcpConn) {}

  /** Connects to `hostname:port` (TCP_NODELAY on). */
  static async open(hostname: string, port: number): Promise<HttpLoadConnection> {
    const conn = await Deno.connect({ hostname, port });
    conn.setNoDelay(true);
    return new HttpLoadConnection(conn);
  }

  /** Sends `request` and reads the whole response; returns its status code. */
  async send(request: Uint8Array): Promise<number> {
    for (let off = 0; off < request.length;) off += await this.conn.write(request.subarray(off));
    let end: number;
    while ((end = headEnd(this.#buf, this.#len)) < 0) await this.#fill();
    const head = latin1.decode(this.#buf.subarray(0, end));
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length === null) {
      throw new Error(`the server answered without a Content-Length (status ${status}): ${head}`);
    }
    const total = end + 4 + Number(length[1]);
    while (this.#len < total) await this.#fill();
    this.#buf.copyWithin(0, total, this.#len);
    this.#len -= total;
    return status;
  }

  /** Closes the connection. */
  close(): void {
    try {
      this.conn.close();
    } catch {
      // already closed by the server
    }
  }

  async #fill(): Promise<void> {
    if (this.#len === this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    const n = await this.conn.read(this.#buf.subarray(this.#len));
    if (n === null) throw new Error("the server closed the connection in the middle of a response");
    this.#len += n;
  }
}

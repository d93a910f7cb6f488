/**
 * One TCP listener of the userspace proxy: accepts connections, dials the endpoints the
 * balancer offers (trying the next when one refuses) and copies bytes both ways. Changing
 * endpoints never touches established connections.
 */
import { logger } from "../util/log.ts";
import { DialDeadlines } from "./dial_deadlines.ts";
import type { RoundRobin } from "./round_robin.ts";

const log = logger("proxy");

/** Counters a socket keeps for /metrics. */
export interface ProxySocketStats {
  accepted: number;
  failed: number;
  active: number;
}

/** A listening proxy port for one service port. */
export class ProxySocket {
  readonly stats: ProxySocketStats = { accepted: 0, failed: 0, active: 0 };
  #listener: Deno.TcpListener;
  #conns = new Set<Deno.Conn>();
  #closed = false;
  /** Dials give up after 3 s (at most 3.25 s), with one timer per 250 ms of dials. */
  #deadlines = new DialDeadlines(3000, 250);
  #done: Promise<void>;

  private constructor(
    listener: Deno.TcpListener,
    private balancer: RoundRobin,
    readonly name: string,
  ) {
    this.#listener = listener;
    this.#done = this.#acceptLoop();
  }

  /** Listens on `hostname:port` (port 0 = any free port) for the service port `name`. */
  static listen(name: string, balancer: RoundRobin, port = 0, hostname = "0.0.0.0"): ProxySocket {
    return new ProxySocket(Deno.listen({ hostname, port, transport: "tcp" }), balancer, name);
  }

  /** The port actually listened on. */
  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  async #acceptLoop(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // listener closed
      }
      this.stats.accepted++;
      this.#handle(conn).catch((e) => log.v(2, `${this.name}: ${e}`));
    }
  }

  async #handle(client: Deno.Conn): Promise<void> {
    const clientIP = (client.remoteAddr as Deno.NetAddr).hostname;
    const upstream = await this.#dial(clientIP);
    if (!upstream) {
      this.stats.failed++;
      client.close();
      return;
    }
    this.#conns.add(client).add(upstream);
    this.stats.active++;
    const pipe: Pipe = { client, upstream, open: 2 };
    try {
      await Promise.all([copy(pipe, client, upstream), copy(pipe, upstream, client)]);
    } finally {
      this.stats.active--;
      this.#conns.delete(client);
      this.#conns.delete(upstream);
      closeBoth(pipe);
    }
  }

  async #dial(clientIP: string): Promise<Deno.Conn | undefined> {
    for (const ep of this.balancer.pick(clientIP)) {
      try {
        const conn = await Deno.connect({
          hostname: ep.host,
          port: ep.port,
          signal: this.#deadlines.signal(),
        });
        this.balancer.connected(clientIP, ep);
        return conn;
      } catch (e) {
        log.v(
          1,
          `${this.name}: endpoint ${ep.host}:${ep.port} refused (${
            (e as Error).message
          }); trying the next`,
        );
      }
    }
    log.warn(`${this.name}: no endpoint accepted a connection from ${clientIP}`);
    return undefined;
  }

  /** Stops listening and closes every connection it proxies. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener.close();
    this.#deadlines.close();
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* gone */ }
    }
    await this.#done;
  }
}

/** The largest copy buffer of one direction of a proxied connection. */
const MAX_COPY_BUFFER = 256 * 1024;
/** The first copy buffer of a direction: request/response connections never need more. */
const FIRST_COPY_BUFFER = 16 * 1024;
/** How many idle first-size buffers are kept for the next connections. */
const POOL_LIMIT = 64;
/**
 * Idle first-size copy buffers. A fresh Uint8Array costs a malloc, a 16 KiB memset and GC
 * bookkeeping per direction of every connection; a returned buffer is reused instead. A
 * buffer goes back only once no read or write of its connection can still touch it.
 */
const pool: Uint8Array[] = [];

function takeBuffer(): Uint8Array {
  return pool.pop() ?? new Uint8Array(FIRST_COPY_BUFFER);
}

function giveBack(buf: Uint8Array): void {
  if (buf.length === FIRST_COPY_BUFFER && pool.length < POOL_LIMIT) pool.push(buf);
}

/** Both ends of one proxied connection and how many directions still carry bytes. */
interface Pipe {
  client: Deno.Conn;
  upstream: Deno.Conn;
  open: number;
}

function closeBoth(pipe: Pipe): void {
  for (const c of [pipe.client, pipe.upstream]) {
    try {
      c.close();
    } catch { /* already closed */ }
  }
}

/**
 * Copies bytes from `from` to `to` with one reused buffer (much faster than stream piping).
 * At end of input it half-closes `to`, unless the other direction has ended already: then
 * both ends close at once (a close sends the same FIN, so the shutdown call is saved). On an
 * error (reset, closed) it closes both ends.
 */
async function copy(pipe: Pipe, from: Deno.Conn, to: Deno.Conn): Promise<void> {
  // Small at first (short request/response connections stay cheap), grown while reads fill it.
  let buf = takeBuffer();
  try {
    for (;;) {
      const n = await from.read(buf);
      if (n === null) break;
      let off = 0;
      while (off < n) off += await to.write(buf.subarray(off, n));
      if (n === buf.length && buf.length < MAX_COPY_BUFFER) {
        giveBack(buf);
        buf = new Uint8Array(buf.length * 4);
      }
    }
  } catch {
    pipe.open = 0;
    closeBoth(pipe);
    return;
  } finally {
    giveBack(buf);
  }
  if (--pipe.open > 0) {
    try {
      await to.closeWrite();
    } catch {
      // the peer is gone already
    }
  }
}

/**
 * A hand-written, third-party-style Mesos v1 stream client for acceptance tests, sharing no code
 * with k8sm: it speaks HTTP/1.1 over a raw TCP socket and, like the client libraries that rely on
 * libprocess' behaviour, treats every HTTP chunk as exactly one RecordIO record. Chunks that are
 * not one whole record are recorded in `violations` (and their records are still decoded), so a
 * test can assert the server's framing under load.
 */
import { waitFor } from "../../../../core/util/wait.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One SUBSCRIBE stream read chunk by chunk. */
export class ChunkStream {
  /** Decoded events in arrival order (JSON objects). */
  readonly events: Record<string, unknown>[] = [];
  /** Descriptions of chunks that were not exactly one RecordIO record. */
  readonly violations: string[] = [];
  /** HTTP chunks seen. */
  chunks = 0;
  status = 0;
  headers = new Map<string, string>();
  ended = false;
  #buf = new Uint8Array(0);
  #pump: Promise<void>;

  private constructor(private readonly conn: Deno.TcpConn) {
    this.#pump = this.#run();
  }

  /** Connects to `url` (http only) and POSTs a JSON SUBSCRIBE `call`. */
  static async open(
    url: string,
    call: unknown,
    headers: Record<string, string> = {},
  ): Promise<ChunkStream> {
    const u = new URL(url);
    const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port) });
    const body = enc.encode(JSON.stringify(call));
    const lines = [
      `POST ${u.pathname} HTTP/1.1`,
      `Host: ${u.host}`,
      "Content-Type: application/json",
      "Accept: application/json",
      `Content-Length: ${body.length}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    const head = enc.encode(lines.join("\r\n") + "\r\n\r\n");
    const all = new Uint8Array(head.length + body.length);
    all.set(head);
    all.set(body, head.length);
    await conn.write(all);
    const s = new ChunkStream(conn);
    await waitFor(() => s.status !== 0 || s.ended, { what: "the SUBSCRIBE response head" });
    return s;
  }

  async #fill(): Promise<boolean> {
    const chunk = new Uint8Array(65536);
    const n = await this.conn.read(chunk).catch(() => null);
    if (n === null) return false;
    const next = new Uint8Array(this.#buf.length + n);
    next.set(this.#buf);
    next.set(chunk.subarray(0, n), this.#buf.length);
    this.#buf = next;
    return true;
  }

  async #line(): Promise<string | null> {
    while (true) {
      const at = this.#buf.findIndex((b, i) => b === 13 && this.#buf[i + 1] === 10);
      if (at >= 0) {
        const line = dec.decode(this.#buf.subarray(0, at));
        this.#buf = this.#buf.slice(at + 2);
        return line;
      }
      if (!await this.#fill()) return null;
    }
  }

  async #bytes(n: number): Promise<Uint8Array | null> {
    while (this.#buf.length < n) if (!await this.#fill()) return null;
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    return out;
  }

  async #run(): Promise<void> {
    try {
      const statusLine = await this.#line();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? "");
      if (!m) return;
      const headers = new Map<string, string>();
      for (let l = await this.#line(); l; l = await this.#line()) {
        const i = l.indexOf(":");
        headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
      }
      this.headers = headers;
      this.status = Number(m[1]);
      if (headers.get("transfer-encoding") !== "chunked") return;
      while (true) {
        const size = parseInt((await this.#line()) ?? "", 16);
        if (!Number.isFinite(size) || size === 0) return;
        const data = await this.#bytes(size);
        if (data === null || (await this.#line()) !== "") return;
        this.chunks++;
        this.#record(data);
      }
    } finally {
      this.ended = true;
    }
  }

  #record(chunk: Uint8Array): void {
    const nl = chunk.indexOf(10);
    const len = nl > 0 ? Number(dec.decode(chunk.subarray(0, nl))) : NaN;
    if (!Number.isInteger(len) || nl + 1 + len !== chunk.length) {
      this.violations.push(
        `chunk ${this.chunks} of ${chunk.length} bytes starts ${
          JSON.stringify(dec.decode(chunk.subarray(0, 40)))
        } (length line ${len})`,
      );
      return;
    }
    this.events.push(JSON.parse(dec.decode(chunk.subarray(nl + 1))));
  }

  /** Events of `type` received so far. */
  ofType(type: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Waits until `n` events of `type` arrived. */
  async waitCount(type: string, n: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(() => this.ofType(type).length >= n || undefined, {
      what: `${n} ${type} events (have ${this.ofType(type).length})`,
      timeoutMs,
    });
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    try {
      this.conn.close();
    } catch {
      // already closed
    }
    await this.#pump;
  }
}

/** POSTs a JSON call with fetch; returns status and body text. */
export async function postJson(
  url: string,
  call: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(call),
  });
  return { status: res.status, text: await res.text() };
}

interface RawStatus {
  task_id: { value: string };
  agent_id?: { value: string };
  state: string;
  uuid?: string;
  reason?: string;
}

/** An offer as the raw client reads it. */
export type RawOffer = Record<string, unknown> & {
  id: { value: string };
  agent_id: { value: string };
  hostname: string;
};

/** A raw framework on a ChunkStream: calls with its stream id, offers, acknowledged updates. */
export class RawFramework {
  #acked = new Set<string>();
  #usedOffers = new Set<string>();

  private constructor(
    readonly masterUrl: string,
    readonly stream: ChunkStream,
    readonly id: string,
  ) {}

  /** Subscribes with `frameworkInfo` and waits for SUBSCRIBED. */
  static async subscribe(
    masterUrl: string,
    frameworkInfo: Record<string, unknown>,
  ): Promise<RawFramework> {
    const stream = await ChunkStream.open(`${masterUrl}/api/v1/scheduler`, {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "root", name: "raw", ...frameworkInfo } },
    });
    await stream.waitCount("SUBSCRIBED", 1);
    const sub = stream.ofType("SUBSCRIBED")[0].subscribed as { framework_id: { value: string } };
    return new RawFramework(masterUrl, stream, sub.framework_id.value);
  }

  /** Sends a call of this framework; returns status and text. */
  call(call: Record<string, unknown>): Promise<{ status: number; text: string }> {
    return postJson(
      `${this.masterUrl}/api/v1/scheduler`,
      { framework_id: { value: this.id }, ...call },
      { "Mesos-Stream-Id": this.stream.headers.get("mesos-stream-id")! },
    );
  }

  /** The next offer neither handed out before nor rescinded (optionally on `agentId`). */
  async offer(agentId?: string): Promise<RawOffer> {
    type O = RawOffer;
    return await waitFor(() => {
      const rescinded = new Set(
        this.stream.ofType("RESCIND").map((e) =>
          (e.rescind as { offer_id: { value: string } }).offer_id.value
        ),
      );
      for (const e of this.stream.ofType("OFFERS")) {
        for (const o of (e.offers as { offers: O[] }).offers) {
          if (this.#usedOffers.has(o.id.value) || rescinded.has(o.id.value)) continue;
          if (agentId && o.agent_id.value !== agentId) continue;
          this.#usedOffers.add(o.id.value);
          return o;
        }
      }
      return undefined;
    }, { what: "an offer" });
  }

  /** Every task status received, acknowledging the reliable ones not acknowledged yet. */
  async statuses(): Promise<RawStatus[]> {
    const out: RawStatus[] = [];
    for (const e of this.stream.ofType("UPDATE")) {
      const st = (e.update as { status: RawStatus }).status;
      out.push(st);
      if (st.uuid && !this.#acked.has(st.uuid)) {
        this.#acked.add(st.uuid);
        await this.call({
          type: "ACKNOWLEDGE",
          acknowledge: { agent_id: st.agent_id, task_id: st.task_id, uuid: st.uuid },
        });
      }
    }
    return out;
  }

  /** The states a task went through so far. */
  async states(taskId: string): Promise<string[]> {
    return (await this.statuses()).filter((s) => s.task_id.value === taskId).map((s) => s.state);
  }

  /** Waits until a task reached `state`; returns that status. */
  async waitState(taskId: string, state: string, timeoutMs = 30_000): Promise<RawStatus> {
    return await waitFor(
      async () =>
        (await this.statuses()).find((s) => s.task_id.value === taskId && s.state === state),
      {
        what: `task ${taskId} in ${state}`,
        timeoutMs,
      },
    );
  }
}

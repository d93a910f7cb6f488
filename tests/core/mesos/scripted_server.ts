/**
 * A small scripted HTTP server for the Mesos client tests: records every request, answers with
 * a per-test handler, and opens RecordIO event streams the test feeds by hand.
 */
import {
  decodeMesosBody,
  encodeMesosBody,
  encodeRecord,
  isMesosContentType,
  type MesosContentType,
} from "../../../core/mesos/mod.ts";
import { waitFor } from "../../../core/util/mod.ts";

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: Uint8Array;
  /** The body decoded as `callType` when its Content-Type is a Mesos one. */
  call?: Record<string, unknown>;
}

/** A RecordIO event stream the test writes to. */
export interface EventStream {
  response: Response;
  send(event: unknown): void;
  /** Sends raw bytes (to split records across chunks). */
  sendRaw(bytes: Uint8Array): void;
  close(): void;
  /** True once the client went away or close() was called. */
  readonly closed: boolean;
}

/** Handler deciding the answer to a request. */
export type Script = (req: SeenRequest, server: ScriptedServer) => Response | Promise<Response>;

/** The scripted server. */
export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  readonly streams: EventStream[] = [];
  #server: Deno.HttpServer<Deno.NetAddr>;
  script: Script;

  constructor(readonly callType: string, readonly eventType: string, script: Script) {
    this.script = script;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (r) => {
        const body = new Uint8Array(await r.arrayBuffer());
        const ct = r.headers.get("content-type");
        const seen: SeenRequest = {
          method: r.method,
          path: new URL(r.url).pathname,
          headers: r.headers,
          body,
          call: isMesosContentType(ct)
            ? decodeMesosBody(callType, body, ct) as Record<string, unknown>
            : undefined,
        };
        this.requests.push(seen);
        return await this.script(seen, this);
      },
    );
  }

  /** `127.0.0.1:port`. */
  get address(): string {
    return `127.0.0.1:${this.#server.addr.port}`;
  }

  /** Requests whose decoded call has `type`. */
  calls(type: string): SeenRequest[] {
    return this.requests.filter((r) => r.call?.type === type);
  }

  /** Waits until `n` calls of `type` arrived and returns the n-th. */
  async waitForCall(type: string, n = 1): Promise<SeenRequest> {
    return await waitFor(() => this.calls(type)[n - 1], { what: `${n} ${type} call(s)` });
  }

  /** Opens a 200 RecordIO stream in `ct` with the given extra headers. */
  openStream(ct: MesosContentType, headers: Record<string, string> = {}): EventStream {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let closed = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        closed = true;
      },
    });
    const eventType = this.eventType;
    const stream: EventStream = {
      response: new Response(body, { status: 200, headers: { "Content-Type": ct, ...headers } }),
      send(event) {
        if (!closed) controller.enqueue(encodeRecord(encodeMesosBody(eventType, event, ct)));
      },
      sendRaw(bytes) {
        if (!closed) controller.enqueue(bytes);
      },
      close() {
        if (closed) return;
        closed = true;
        controller.close();
      },
      get closed() {
        return closed;
      },
    };
    this.streams.push(stream);
    return stream;
  }

  /** Closes open streams and stops the server. */
  async close(): Promise<void> {
    for (const s of this.streams) s.close();
    await this.#server.shutdown();
  }
}

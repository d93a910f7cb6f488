/**
 * A server-side RecordIO event stream (a SUBSCRIBE response): events are encoded in the
 * subscriber's chosen encoding (JSON as Mesos writes it, see wire_json.ts), framed as RecordIO records and pushed into a chunked HTTP body.
 * Closing it, or the client going away, fires `onClose` once.
 */
import type { MesosEvent } from "./mesos_types.ts";
import { encodeMesosBody } from "../content_type.ts";
import { encodeRecord } from "../recordio.ts";
import { stringifyMesosWireJson } from "./wire_json.ts";
import { streamingResponse } from "./http1_server.ts";
import { MEDIA_TYPE, type WireEncoding } from "./http_rules.ts";

const textEncoder = new TextEncoder();

type FinishJson = (json: unknown) => unknown;

/** The default finishJson (one function, so streams without their own share encodings). */
const unchanged: FinishJson = (json) => json;

/** The RecordIO records of type-only events (HEARTBEAT, SHUTDOWN), by finishJson then kind. */
const bareRecords = new WeakMap<FinishJson, Map<string, Uint8Array<ArrayBuffer>>>();

/**
 * The event encoded last in this turn of the event loop and its record, so an event sent to
 * several streams in one loop (heartbeats, operator events) is encoded once; forgotten at the
 * next microtask, before anything could modify the event.
 */
let recent:
  | { event: MesosEvent; kind: string; finish: FinishJson; record: Uint8Array<ArrayBuffer> }
  | undefined;
let forgetQueued = false;

function isBare(event: MesosEvent): boolean {
  const keys = Object.keys(event);
  return keys.length === 1 && keys[0] === "type" && typeof event.type === "string";
}

/** One open event stream to a framework or an executor. */
export class EventStream {
  /** The response body (sent one record per HTTP chunk, see http1_server.ts). */
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  #onClose: (() => void)[] = [];

  /**
   * `eventType` is the protobuf type of the events (`mesos.v1.scheduler.Event`); `finishJson`
   * may adjust the wire JSON of each event (e.g. write empty top-level arrays).
   */
  constructor(
    readonly encoding: WireEncoding,
    readonly eventType: string,
    readonly finishJson: FinishJson = unchanged,
  ) {
    this.body = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.#controller = c;
      },
      cancel: () => this.#finish(),
    });
  }

  /** Whether the stream is still open. */
  get open(): boolean {
    return !this.#closed;
  }

  /** The streaming 200 response carrying this stream, with extra headers. */
  response(headers: Record<string, string> = {}): Response {
    return streamingResponse(this.body, {
      status: 200,
      headers: { "Content-Type": MEDIA_TYPE[this.encoding], ...headers },
    });
  }

  /** Registers a callback run once when the stream closes, from either side. */
  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#onClose.push(fn);
  }

  /** Sends one event; returns false when the stream is already closed. */
  send(event: MesosEvent): boolean {
    if (this.#closed) return false;
    const record = this.#record(event);
    try {
      this.#controller.enqueue(record);
      return true;
    } catch {
      this.#finish();
      return false;
    }
  }

  /** The RecordIO record of `event` in this stream's encoding, encoded once where possible. */
  #record(event: MesosEvent): Uint8Array<ArrayBuffer> {
    const kind = `${this.encoding}\u0000${this.eventType}`;
    const finish = this.finishJson;
    if (recent?.event === event && recent.kind === kind && recent.finish === finish) {
      return recent.record;
    }
    const bare = isBare(event);
    let byKind = bare ? bareRecords.get(finish) : undefined;
    const bareKey = `${kind}\u0000${event.type}`;
    const known = byKind?.get(bareKey);
    if (known) return known;
    const record = encodeRecord(
      this.encoding === "json"
        ? textEncoder.encode(stringifyMesosWireJson(this.eventType, event, finish))
        : encodeMesosBody(this.eventType, event, MEDIA_TYPE.protobuf),
    );
    if (bare) {
      if (!byKind) bareRecords.set(finish, byKind = new Map());
      byKind.set(bareKey, record);
    }
    recent = { event, kind, finish, record };
    if (!forgetQueued) {
      forgetQueued = true;
      queueMicrotask(() => {
        recent = undefined;
        forgetQueued = false;
      });
    }
    return record;
  }

  /** Ends the stream (the client sees EOF). */
  close(): void {
    if (this.#closed) return;
    try {
      this.#controller.close();
    } catch {
      // already errored or cancelled by the client
    }
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const fn of this.#onClose.splice(0)) fn();
  }
}

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
    readonly finishJson: (json: unknown) => unknown = (json) => json,
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
    const bytes = this.encoding === "json"
      ? new TextEncoder().encode(stringifyMesosWireJson(this.eventType, event, this.finishJson))
      : encodeMesosBody(this.eventType, event, MEDIA_TYPE.protobuf);
    const record = encodeRecord(bytes);
    try {
      this.#controller.enqueue(record);
      return true;
    } catch {
      this.#finish();
      return false;
    }
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

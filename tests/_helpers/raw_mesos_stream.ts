/**
 * Raw HTTP access to a Mesos v1 API for protocol tests: SUBSCRIBE with chosen headers and a
 * JSON event reader over the RecordIO stream, and plain POSTs returning status and body text.
 */
import { readRecords } from "../../core/mesos/recordio.ts";
import { waitFor } from "../../core/util/wait.ts";

/** A raw JSON event stream (a SUBSCRIBE response). */
export class RawStream {
  readonly events: Record<string, unknown>[] = [];
  ended = false;
  #pump: Promise<void>;

  constructor(readonly response: Response, readonly abort: AbortController) {
    this.#pump = this.#read();
  }

  async #read(): Promise<void> {
    try {
      for await (const rec of readRecords(this.response.body!)) {
        this.events.push(JSON.parse(new TextDecoder().decode(rec)));
      }
    } catch {
      // cancelled or reset
    }
    this.ended = true;
  }

  /** The Mesos-Stream-Id header of the subscription. */
  get streamId(): string {
    return this.response.headers.get("mesos-stream-id") ?? "";
  }

  /** Waits for an event of `type` at or after index `from`. */
  next(type: string, from = 0, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return waitFor(() => this.events.slice(from).find((e) => e.type === type), {
      what: `a ${type} event`,
      timeoutMs,
      intervalMs: 10,
    });
  }

  /** Disconnects (the server sees the client go away). */
  async close(): Promise<void> {
    this.abort.abort();
    await this.#pump;
  }
}

/** POSTs `body` (JSON-serialised unless a string) and returns the status and text. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Opens a JSON SUBSCRIBE stream; throws with the body if it is not 200. */
export async function subscribeRaw(
  url: string,
  call: unknown,
  headers: Record<string, string> = {},
): Promise<RawStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(call),
    signal: abort.signal,
  });
  if (res.status !== 200) {
    throw new Error(`SUBSCRIBE answered ${res.status}: ${await res.text()}`);
  }
  return new RawStream(res, abort);
}

/** A JSON SUBSCRIBE call of a new MULTI_ROLE framework; `extra` goes into FrameworkInfo. */
export function subscribeCall(extra: Record<string, unknown> = {}) {
  return {
    type: "SUBSCRIBE",
    subscribe: {
      framework_info: {
        user: "root",
        name: "raw",
        roles: ["*"],
        capabilities: [{ type: "MULTI_ROLE" }],
        ...extra,
      },
    },
  };
}

/** A framework subscribed over raw HTTP: its stream, id and the headers for its calls. */
export interface RawFramework {
  stream: RawStream;
  id: string;
  headers: Record<string, string>;
}

/** Subscribes a new framework over raw JSON HTTP and waits for SUBSCRIBED. */
export async function subscribeFramework(
  api: string,
  extra: Record<string, unknown> = {},
): Promise<RawFramework> {
  const stream = await subscribeRaw(api, subscribeCall(extra));
  const ev = await stream.next("SUBSCRIBED");
  const id = (ev.subscribed as { framework_id: { value: string } }).framework_id.value;
  return {
    stream,
    id,
    headers: { "Content-Type": "application/json", "Mesos-Stream-Id": stream.streamId },
  };
}

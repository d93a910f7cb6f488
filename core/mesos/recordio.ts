/**
 * RecordIO framing used by every Mesos streaming response: `<decimal byte length>\n<bytes>`,
 * with no separator after the data. Chunk boundaries carry no meaning.
 */

const LF = 0x0a;
/** Largest record the reader accepts (64 MiB); a longer length line means a corrupt stream. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Frames one record: its byte length in decimal, a newline, then the bytes. */
export function encodeRecord(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(`${data.length}\n`);
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

/** Frames a string record (UTF-8; the length counts bytes, not characters). */
export function encodeTextRecord(text: string): Uint8Array<ArrayBuffer> {
  return encodeRecord(new TextEncoder().encode(text));
}

/** A RecordIO stream that is malformed (bad length line, oversized record, truncated data). */
export class RecordIOError extends Error {
  override name = "RecordIOError";
}

/**
 * Incremental RecordIO decoder: feed it chunks as they arrive and collect the complete records;
 * records may be split across chunks or several may share one chunk.
 */
export class RecordIODecoder {
  #parts: Uint8Array[] = []; // buffered bytes not yet consumed, in order
  #buffered = 0;
  #need = -1; // byte length of the record being read, or -1 while reading a length line

  /** Adds `chunk` and returns every record completed by it, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length === 0) return [];
    this.#parts.push(chunk);
    this.#buffered += chunk.length;
    // Waiting for the rest of a large record: just keep the chunk (no copying per chunk).
    if (this.#need >= 0 && this.#buffered < this.#need) return [];
    const records: Uint8Array[] = [];
    const buf = this.#parts.length === 1 ? this.#parts[0] : concat(this.#parts, this.#buffered);
    let pos = 0;
    while (true) {
      if (this.#need < 0) {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0) {
          if (buf.length - pos > 20) throw badLength(buf.subarray(pos, pos + 24));
          break;
        }
        this.#need = parseLength(buf.subarray(pos, nl));
        pos = nl + 1;
      }
      if (buf.length - pos < this.#need) break;
      records.push(buf.slice(pos, pos + this.#need));
      pos += this.#need;
      this.#need = -1;
    }
    const rest = buf.subarray(pos);
    this.#parts = rest.length === 0 ? [] : [rest.slice()];
    this.#buffered = rest.length;
    return records;
  }

  /** True when no partial record or length line is buffered (a clean place for EOF). */
  get idle(): boolean {
    return this.#need < 0 && this.#buffered === 0;
  }

  /** Throws a RecordIOError if the stream ended inside a record. */
  finish(): void {
    if (this.idle) return;
    const what = this.#need < 0
      ? "inside a record length line"
      : `with ${this.#buffered} of ${this.#need} record bytes received`;
    throw new RecordIOError(`RecordIO stream ended ${what}; the connection was cut mid-record.`);
  }
}

function parseLength(line: Uint8Array): number {
  const text = new TextDecoder().decode(line);
  const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
  if (!/^\d{1,20}$/.test(trimmed)) {
    throw new RecordIOError(
      `Invalid RecordIO length line ${JSON.stringify(text.slice(0, 40))}: expected decimal ` +
        `digits then a newline; is the response really a Mesos event stream?`,
    );
  }
  const n = Number(trimmed);
  if (n > MAX_RECORD_BYTES) {
    throw new RecordIOError(
      `RecordIO record of ${trimmed} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit; ` +
        `the stream is corrupt or not RecordIO.`,
    );
  }
  return n;
}

function badLength(bytes: Uint8Array): RecordIOError {
  return new RecordIOError(
    `Invalid RecordIO length line starting ${JSON.stringify(new TextDecoder().decode(bytes))}: ` +
      `expected decimal digits then a newline; is the response really a Mesos event stream?`,
  );
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Reads the records of a RecordIO byte stream one by one. Ends when the stream ends at a record
 * boundary; throws a RecordIOError when it ends mid-record. Cancels the stream if the consumer
 * stops early, or when `signal` aborts (then it throws the signal's reason): a fetch's own
 * abort does not always reach its body (see core/util/follow_abort.ts).
 */
export async function* readRecords(
  stream: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  const decoder = new RecordIODecoder();
  let done = false;
  const onAbort = () => reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    while (true) {
      const r = await reader.read();
      signal?.throwIfAborted();
      if (r.done) {
        done = true;
        break;
      }
      for (const record of decoder.push(r.value)) yield record;
    }
    decoder.finish();
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

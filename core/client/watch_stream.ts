/**
 * Decoding of a watch response: one JSON object per line over a chunked body, tolerant of
 * blank heartbeat lines, into typed watch events.
 */
import type { KubeObject } from "../api/object.ts";
import { apiErrorFromStatus } from "./client_errors.ts";

/** One event of a watch stream. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  object: T;
}

/** The outcome of one read raced against an abort and a silence limit. */
type ReadOutcome = ReadableStreamReadResult<string> | "aborted" | "idle";

/**
 * One read of `reader` that resolves "aborted" as soon as `signal` aborts, or "idle" when
 * nothing arrives for `idleMs`. The listener and timer live only for this read, so nothing read
 * is kept alive by a long-lived promise.
 */
function readOrAbort(
  reader: ReadableStreamDefaultReader<string>,
  signal: AbortSignal | undefined,
  idleMs: number | undefined,
): Promise<ReadOutcome> {
  if (!signal && !idleMs) return reader.read();
  if (signal?.aborted) return Promise.resolve("aborted");
  return new Promise<ReadOutcome>((resolve, reject) => {
    const onAbort = () => resolve("aborted");
    const timer = idleMs ? setTimeout(() => resolve("idle"), idleMs) : undefined;
    signal?.addEventListener("abort", onAbort, { once: true });
    reader.read().then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  });
}

/**
 * Yields each non-blank line of a byte stream, decoded as UTF-8, until the stream ends,
 * `signal` aborts, or (with `idleMs`) nothing — not even a heartbeat — arrives for that long.
 * An abort ends the lines at once even when the pending read is never woken (which happens to
 * fetch bodies aborted while a chunk is in flight).
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  idleMs?: number,
): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  try {
    while (true) {
      const r: ReadOutcome = await readOrAbort(reader, signal, idleMs);
      if (r === "aborted" || r === "idle" || r.done) break;
      buf += r.value;
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line !== "") yield line;
        if (signal?.aborted) return;
        nl = buf.indexOf("\n");
      }
    }
    if (!signal?.aborted && buf.trim() !== "") yield buf.trim();
  } finally {
    // Not awaited: cancelling a body whose fetch was aborted may never settle, and a stop must
    // not wait on it. The cancel still closes the stream at once, ending any pending read.
    reader.cancel().catch(() => {});
  }
}

/**
 * Yields the events of a watch body until it ends or `signal` aborts. An `ERROR` event is
 * thrown as an ApiError (410 Expired for a too old resourceVersion); non-JSON lines are skipped.
 */
export async function* decodeWatch<T extends KubeObject>(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  idleMs?: number,
): AsyncGenerator<WatchEvent<T>> {
  for await (const line of readLines(body, signal, idleMs)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof parsed !== "object" || parsed === null) continue;
    const ev = parsed as { type?: unknown; object?: unknown };
    if (ev.type === "ERROR") {
      throw apiErrorFromStatus(ev.object);
    }
    if (
      (ev.type === "ADDED" || ev.type === "MODIFIED" || ev.type === "DELETED" ||
        ev.type === "BOOKMARK") && typeof ev.object === "object" && ev.object !== null
    ) {
      yield { type: ev.type, object: ev.object as T };
    }
  }
}

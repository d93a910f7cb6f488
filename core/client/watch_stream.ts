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

/** Yields each non-blank line of a byte stream, decoded as UTF-8. */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line !== "") yield line;
        nl = buf.indexOf("\n");
      }
    }
    if (buf.trim() !== "") yield buf.trim();
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Yields the events of a watch body. An `ERROR` event is thrown as an ApiError (410 Expired
 * for a too old resourceVersion); lines that are not JSON are skipped.
 */
export async function* decodeWatch<T extends KubeObject>(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<WatchEvent<T>> {
  for await (const line of readLines(body)) {
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

/**
 * Decoders for the Docker Engine API's streaming answers: the multiplexed stdout/stderr stream
 * (8-byte frame headers, used by logs and exec when there is no TTY) and JSON-lines progress
 * (image pull).
 */

/** One frame of a multiplexed stream: 1 = stdout, 2 = stderr (0 = stdin). */
export interface StreamFrame {
  stream: number;
  data: Uint8Array;
}

function looksMultiplexed(head: Uint8Array): boolean {
  return head.length >= 8 && head[0] <= 2 && head[1] === 0 && head[2] === 0 && head[3] === 0;
}

/**
 * Splits a multiplexed stream into frames. When the first bytes are not a frame header (a TTY
 * container, or an engine that sends raw output) the bytes are passed through as stdout.
 */
export async function* readFrames(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<StreamFrame> {
  let buf = new Uint8Array(0);
  let mode: "unknown" | "mux" | "raw" = "unknown";
  for await (const chunk of body) {
    if (mode === "raw") {
      yield { stream: 1, data: chunk };
      continue;
    }
    const joined = new Uint8Array(buf.length + chunk.length);
    joined.set(buf);
    joined.set(chunk, buf.length);
    buf = joined;
    if (mode === "unknown") {
      if (buf.length < 8) continue;
      mode = looksMultiplexed(buf) ? "mux" : "raw";
      if (mode === "raw") {
        yield { stream: 1, data: buf };
        buf = new Uint8Array(0);
        continue;
      }
    }
    while (buf.length >= 8) {
      const size = new DataView(buf.buffer, buf.byteOffset + 4, 4).getUint32(0);
      if (buf.length < 8 + size) break;
      yield { stream: buf[0], data: buf.slice(8, 8 + size) };
      buf = buf.slice(8 + size);
    }
  }
  if (buf.length > 0 && mode !== "mux") yield { stream: 1, data: buf };
}

/** The payload bytes of a multiplexed stream (stdout and stderr interleaved) as a stream. */
export function demuxToStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const frames = readFrames(body);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await frames.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value.data);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await frames.return(undefined);
    },
  });
}

/** Parses a JSON-lines body (one JSON object per line), skipping blank lines. */
export async function* readJsonLines(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<Record<string, unknown>> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield JSON.parse(line) as Record<string, unknown>;
    }
  }
  const rest = pending.trim();
  if (rest) yield JSON.parse(rest) as Record<string, unknown>;
}

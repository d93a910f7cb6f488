/**
 * Response bodies for the listeners of https_front.ts: a body that is ready at once (an object,
 * a list) is sent whole with a Content-Length; a body that is still being produced (a watch, a
 * log follow) is streamed, and can be ended from outside when the server shuts down.
 */

/** A body read as far as it was ready: complete, or a head plus the live rest. */
export type SettledBody =
  | { complete: true; bytes: Uint8Array<ArrayBuffer> }
  | {
    complete: false;
    /** Chunks already read. */
    head: Uint8Array[];
    /** The next chunk of the rest. */
    next(): Promise<ReadableStreamReadResult<Uint8Array>>;
    /** Cancels the source stream (ends a watch). */
    cancel(reason?: unknown): Promise<void>;
  };

/** Bodies larger than this are streamed even when they are ready at once. */
const MAX_WHOLE_BYTES = 1 << 20;

/**
 * A body produced piece by piece (a LIST streamed from the cache) is read ahead no further
 * than this: reading on would only build a copy that a slow client pins.
 */
const MAX_READ_AHEAD_BYTES = 64 * 1024;

/** Reads what `body` has ready now; stops at the first chunk that is not ready yet. */
export async function settleBody(body: ReadableStream<Uint8Array>): Promise<SettledBody> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = reader.read();
  while (size <= MAX_WHOLE_BYTES && (head.length < 2 || size <= MAX_READ_AHEAD_BYTES)) {
    const r = await notLaterThanNextTurn(pending);
    if (r === undefined) break;
    if (r.done) return { complete: true, bytes: concat(head, size) };
    head.push(r.value);
    size += r.value.byteLength;
    pending = reader.read();
  }
  return {
    complete: false,
    head,
    next: () => {
      const p = pending ?? reader.read();
      pending = undefined;
      return p;
    },
    cancel: (reason) => reader.cancel(reason).catch(() => {}),
  };
}

/** Resolves with `p`'s value if it settles before the next macrotask, else undefined. */
function notLaterThanNextTurn<T>(p: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 0);
  });
  return Promise.race([p, later]).finally(() => clearTimeout(timer));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && only.buffer instanceof ArrayBuffer) return only as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A ReadableStream continuing a settled streaming body; `stop` (registered through `track`)
 * closes it and cancels the source, as a server shutdown must.
 */
export function resumeStream(
  settled: Extract<SettledBody, { complete: false }>,
  track: (stop: () => void) => () => void,
): ReadableStream<Uint8Array> {
  let untrack = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of settled.head) controller.enqueue(chunk);
      untrack = track(() => {
        untrack();
        void settled.cancel("server shutting down");
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    async pull(controller) {
      const r = await settled.next();
      try {
        if (r.done) {
          untrack();
          controller.close();
        } else {
          controller.enqueue(r.value);
        }
      } catch {
        // closed by a shutdown while this read was pending
      }
    },
    cancel(reason) {
      untrack();
      return settled.cancel(reason);
    },
  });
}

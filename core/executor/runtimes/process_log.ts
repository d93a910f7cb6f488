/**
 * Logs of process-runtime containers. The process appends its raw stdout+stderr to `output`
 * itself (so it survives an executor restart); `collectOutput` copies complete new lines into
 * `log` with an RFC 3339 timestamp prefix, and `readLog` serves `log` with kubelet's options
 * (tailLines, since, timestamps, follow).
 */

import { delay } from "../../util/backoff.ts";
import type { LogOptions } from "../runtime.ts";
import { rfc3339Nano } from "../../util/rfc3339_nano.ts";

const NL = 0x0a;
const enc = new TextEncoder();

/**
 * Copies the lines of `<dir>/output` after byte `offset` into `<dir>/log`, each prefixed with the
 * current time; a trailing partial line waits unless `final`. Returns the new offset.
 */
export async function collectOutput(dir: string, offset: number, final: boolean): Promise<number> {
  let data: Uint8Array;
  try {
    // One stat for the common case (nothing new) instead of open + fstat + close; a synchronous
    // one: a stat of a local file takes microseconds, far less than an async op's round trip
    // through the blocking pool, and hundreds of quiet containers are looked at every second.
    if (Deno.statSync(`${dir}/output`).size <= offset) return offset;
    using file = await Deno.open(`${dir}/output`, { read: true });
    const size = (await file.stat()).size;
    if (size <= offset) return offset;
    await file.seek(offset, Deno.SeekMode.Start);
    data = new Uint8Array(size - offset);
    let got = 0;
    while (got < data.length) {
      const n = await file.read(data.subarray(got));
      if (n === null) break;
      got += n;
    }
    data = data.subarray(0, got);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return offset;
    throw e;
  }
  let end = data.lastIndexOf(NL) + 1;
  if (final) end = data.length;
  if (end === 0) return offset;
  const stamp = enc.encode(`${rfc3339Nano()} `);
  const parts: Uint8Array[] = [];
  let start = 0;
  while (start < end) {
    let nl = data.indexOf(NL, start);
    if (nl < 0 || nl >= end) nl = end;
    parts.push(stamp, data.subarray(start, nl), enc.encode("\n"));
    start = nl + 1;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  await Deno.writeFile(`${dir}/log`, out, { append: true });
  return offset + end;
}

function accept(line: string, opts: LogOptions): string | undefined {
  const space = line.indexOf(" ");
  if (opts.since) {
    const t = Date.parse(line.slice(0, space));
    if (Number.isFinite(t) && t < opts.since.getTime()) return undefined;
  }
  return opts.timestamps ? line : line.slice(space + 1);
}

async function readFrom(path: string, offset: number): Promise<{ text: string; next: number }> {
  try {
    using file = await Deno.open(path, { read: true });
    const size = (await file.stat()).size;
    if (size <= offset) return { text: "", next: offset };
    await file.seek(offset, Deno.SeekMode.Start);
    const buf = new Uint8Array(size - offset);
    let got = 0;
    while (got < buf.length) {
      const n = await file.read(buf.subarray(got));
      if (n === null) break;
      got += n;
    }
    const end = buf.subarray(0, got).lastIndexOf(NL) + 1;
    return { text: new TextDecoder().decode(buf.subarray(0, end)), next: offset + end };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { text: "", next: offset };
    throw e;
  }
}

/** The byte offset where the last `lines` complete lines of the file begin (0 if fewer). */
export async function tailOffset(path: string, lines: number): Promise<number> {
  const block = 64 * 1024;
  try {
    using file = await Deno.open(path, { read: true });
    const end = (await file.stat()).size;
    if (lines <= 0) return end;
    let newlines = 0;
    const buf = new Uint8Array(block);
    // The file ends with a newline, which belongs to the last line, not before it.
    let pos = end;
    while (pos > 0) {
      const start = Math.max(0, pos - block);
      await file.seek(start, Deno.SeekMode.Start);
      const chunk = buf.subarray(0, pos - start);
      let got = 0;
      while (got < chunk.length) {
        const n = await file.read(chunk.subarray(got));
        if (n === null) break;
        got += n;
      }
      for (let i = got - 1; i >= 0; i--) {
        if (chunk[i] !== NL || start + i === end - 1) continue;
        if (++newlines === lines) return start + i + 1;
      }
      pos = start;
    }
    return 0;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e;
  }
}

/**
 * Streams `<dir>/log` as kubelet would. With `follow`, keeps polling for new lines until
 * `finished()` says the container ended and every line was read, or the signal aborts.
 */
export function readLog(
  dir: string,
  opts: LogOptions,
  finished: () => Promise<boolean>,
  pollMs = 100,
): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let offset = 0;
  let first = true;
  const path = `${dir}/log`;
  const emit = (text: string): string => {
    let lines = text.split("\n").slice(0, -1);
    if (first && opts.tailLines !== undefined) {
      lines = opts.tailLines > 0 ? lines.slice(-opts.tailLines) : [];
    }
    first = false;
    return lines.map((l) => accept(l, opts)).filter((l) => l !== undefined)
      .map((l) => `${l}\n`).join("");
  };
  const cleanup = () => opts.signal?.removeEventListener("abort", onAbort);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (!stop.signal.aborted) {
          const wasFirst = first;
          if (wasFirst && opts.tailLines !== undefined) {
            offset = await tailOffset(path, opts.tailLines);
          }
          const { text, next } = await readFrom(path, offset);
          offset = next;
          const out = wasFirst || text ? emit(text) : "";
          if (out) return controller.enqueue(enc.encode(out));
          if (!opts.follow) break;
          if (await finished()) {
            const rest = await readFrom(path, offset);
            if (!rest.text) break;
            continue;
          }
          await delay(pollMs, stop.signal);
        }
        cleanup();
        controller.close();
      } catch (e) {
        cleanup();
        controller.error(e);
      }
    },
    cancel() {
      stop.abort();
      cleanup();
    },
  });
}

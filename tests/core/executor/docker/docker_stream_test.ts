import assert from "node:assert/strict";
import {
  demuxToStream,
  readFrames,
  readJsonLines,
} from "../../../../core/executor/docker/docker_stream.ts";

function frame(stream: number, text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + data.length);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, data.length);
  out.set(data, 8);
  return out;
}

/** A stream delivering `bytes` in chunks of `size` bytes. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

Deno.test("readFrames splits multiplexed frames across any chunking", async () => {
  const bytes = join(frame(1, "out line\n"), frame(2, "err line\n"), frame(1, "x"));
  for (const size of [1, 3, 8, 9, 1000]) {
    const frames = [];
    for await (const f of readFrames(chunked(bytes, size))) {
      frames.push([f.stream, new TextDecoder().decode(f.data)]);
    }
    assert.deepEqual(frames, [[1, "out line\n"], [2, "err line\n"], [1, "x"]], `chunks of ${size}`);
  }
});

Deno.test("readFrames passes raw (TTY) output through as stdout", async () => {
  const raw = new TextEncoder().encode("plain output, no headers\n");
  const frames = [];
  for await (const f of readFrames(chunked(raw, 5))) frames.push(new TextDecoder().decode(f.data));
  assert.equal(frames.join(""), "plain output, no headers\n");
});

Deno.test("demuxToStream yields the payload bytes only", async () => {
  const bytes = join(frame(1, "a\n"), frame(2, "b\n"));
  assert.equal(await new Response(demuxToStream(chunked(bytes, 4))).text(), "a\nb\n");
});

Deno.test("readJsonLines parses objects split over chunks and skips blank lines", async () => {
  const text = '{"status":"Pulling"}\n\n{"error":"not found"}\n{"id":"x"}';
  const lines = [];
  for await (const l of readJsonLines(chunked(new TextEncoder().encode(text), 7))) lines.push(l);
  assert.deepEqual(lines, [{ status: "Pulling" }, { error: "not found" }, { id: "x" }]);
});

/**
 * SPDY/3.1 framing: the reader reassembles frames split anywhere (as the port-forward tunnel
 * delivers them), DATA and control frames round-trip through the encoders, and header blocks
 * encode and decode (NUL-joined values, lowercase names, truncation refused).
 */
import assert from "node:assert/strict";
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  SPDY,
  SpdyFrameReader,
  u32s,
} from "../../../core/streams/spdy_frames.ts";

Deno.test("SPDY frames split at every byte are reassembled in order", () => {
  const ping = controlFrame(SPDY.PING, 0, u32s(1));
  const data = dataFrame(3, new TextEncoder().encode("hello"), true);
  const bytes = new Uint8Array([...ping, ...data]);
  const reader = new SpdyFrameReader();
  const frames = [];
  for (const b of bytes) frames.push(...reader.push(new Uint8Array([b])));
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0], { kind: "control", type: SPDY.PING, flags: 0, payload: u32s(1) });
  const d = frames[1];
  assert.equal(d.kind, "data");
  if (d.kind !== "data") return;
  assert.equal(d.streamId, 3);
  assert.equal(d.flags, SPDY.FLAG_FIN);
  assert.equal(new TextDecoder().decode(d.data), "hello");
});

Deno.test("SPDY control frame headers carry version 3, type, flags and 24-bit length", () => {
  const f = controlFrame(SPDY.GOAWAY, 0, u32s(0, 0));
  assert.deepEqual([...f.subarray(0, 8)], [0x80, 0x03, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08]);
  const big = dataFrame(0x12345, new Uint8Array(70_000));
  assert.deepEqual([...big.subarray(0, 8)], [0x00, 0x01, 0x23, 0x45, 0x00, 0x01, 0x11, 0x70]);
});

Deno.test("SPDY frames of another version are refused with a sentence", () => {
  const f = controlFrame(SPDY.PING, 0, u32s(1));
  f[1] = 2;
  assert.throws(() => new SpdyFrameReader().push(f), /SPDY version 2 frame; only SPDY\/3\.1/);
});

Deno.test("SPDY header blocks round-trip with lowercase names and NUL-joined values", () => {
  const block = encodeHeaderBlock({ StreamType: "stdin", "X-Stream-Protocol-Version": ["a", "b"] });
  const back = decodeHeaderBlock(block);
  assert.deepEqual([...back.entries()], [
    ["streamtype", ["stdin"]],
    ["x-stream-protocol-version", ["a", "b"]],
  ]);
  assert.throws(() => decodeHeaderBlock(block.subarray(0, block.length - 1)), /truncated/);
});

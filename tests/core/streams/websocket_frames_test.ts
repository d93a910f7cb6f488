/**
 * WebSocket framing, server side: the RFC 6455 accept key, masked client frames (split
 * anywhere, fragmented, 16- and 64-bit lengths) reassembled into messages, control frames
 * passed between fragments, and unmasked server frames and close codes.
 */
import assert from "node:assert/strict";
import {
  encodeWsClose,
  encodeWsFrame,
  websocketAccept,
  WS_OP,
  WsFrameReader,
} from "../../../core/streams/websocket_frames.ts";

/** A masked client frame. */
function clientFrame(opcode: number, data: Uint8Array, fin = true): Uint8Array {
  const mask = [0x12, 0x34, 0x56, 0x78];
  const n = data.length;
  const len = n < 126 ? [0x80 | n] : n < 65536 ? [0x80 | 126, n >> 8, n & 0xff] : [
    0x80 | 127,
    0,
    0,
    0,
    0,
    (n >>> 24) & 0xff,
    (n >> 16) & 0xff,
    (n >> 8) & 0xff,
    n & 0xff,
  ];
  const body = data.map((b, i) => b ^ mask[i & 3]);
  return new Uint8Array([(fin ? 0x80 : 0) | opcode, ...len, ...mask, ...body]);
}

Deno.test("the accept key is RFC 6455's example", () => {
  assert.equal(websocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
});

Deno.test("masked client messages split at every byte are unmasked and reassembled", () => {
  const big = new Uint8Array(70_000).map((_, i) => (i * 7919) & 0xff);
  const bytes = new Uint8Array([
    ...clientFrame(WS_OP.BINARY, new Uint8Array([0, 104, 105])),
    ...clientFrame(WS_OP.BINARY, big.subarray(0, 300), false),
    ...clientFrame(WS_OP.PING, new Uint8Array([7])),
    ...clientFrame(WS_OP.CONTINUATION, big.subarray(300)),
  ]);
  const reader = new WsFrameReader();
  const got = [];
  for (let i = 0; i < bytes.length; i += 997) got.push(...reader.push(bytes.subarray(i, i + 997)));
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], { opcode: WS_OP.BINARY, data: new Uint8Array([0, 104, 105]) });
  assert.deepEqual(got[1], { opcode: WS_OP.PING, data: new Uint8Array([7]) });
  assert.equal(got[2].opcode, WS_OP.BINARY);
  assert.deepEqual(got[2].data, big);
});

Deno.test("a frame beyond the message limit is refused with a sentence", () => {
  const reader = new WsFrameReader(1000);
  const head = new Uint8Array([0x82, 0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.throws(() => reader.push(head), /exceeds 1000 bytes/);
});

Deno.test("server frames are unmasked with minimal lengths; close carries its code", () => {
  assert.deepEqual([...encodeWsFrame(WS_OP.BINARY, new Uint8Array([3]))], [0x82, 1, 3]);
  const mid = encodeWsFrame(WS_OP.BINARY, new Uint8Array(300));
  assert.deepEqual([...mid.subarray(0, 4)], [0x82, 126, 1, 44]);
  const large = encodeWsFrame(WS_OP.BINARY, new Uint8Array(70_000));
  assert.deepEqual([...large.subarray(0, 10)], [0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
  assert.deepEqual([...encodeWsClose(1000)], [0x88, 2, 0x03, 0xe8]);
});

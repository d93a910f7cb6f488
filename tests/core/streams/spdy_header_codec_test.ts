/**
 * SPDY/3 header compression: the dictionary is the draft's (1423 bytes, Adler-32 0xE3C6A7C2),
 * blocks deflated with it the way kubectl does (FDICT, one zlib stream per connection, sync
 * flushes) inflate in order, and our own blocks are a zlib stream any inflater reads.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { constants, createInflate } from "node:zlib";
import { adler32, SPDY_DICTIONARY } from "../../../core/streams/spdy_dictionary.ts";
import { SpdyHeaderCodec } from "../../../core/streams/spdy_header_codec.ts";
import { encodeHeaderBlock } from "../../../core/streams/spdy_frames.ts";

const hex = (s: string) => new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));

// Two consecutive blocks of one zlib stream, deflated at level 9 with the SPDY dictionary by
// Python's zlib (as Go's compress/zlib does for kubectl): {streamtype: error}, then
// {streamtype: stdout, x-multi: "a\0b"}.
const FIRST = hex("78f9e3c6a7c202a62346703a2b294a4dcc851625aca9a08006000000ffff");
const SECOND = hex("02651c0c2960624ec90797d1ec15bab9a5392599e082942109000000ffff");

Deno.test("the SPDY dictionary is the draft's: 1423 bytes, Adler-32 0xE3C6A7C2", () => {
  assert.equal(SPDY_DICTIONARY.length, 1423);
  assert.equal(adler32(SPDY_DICTIONARY), 0xe3c6a7c2);
  assert.deepEqual([...FIRST.subarray(2, 6)], [0xe3, 0xc6, 0xa7, 0xc2], "the fixture names it");
});

Deno.test("dictionary-deflated header blocks of one stream inflate in order", async () => {
  const codec = new SpdyHeaderCodec();
  try {
    const [a, b] = await Promise.all([codec.decompress(FIRST), codec.decompress(SECOND)]);
    assert.deepEqual([...a.entries()], [["streamtype", ["error"]]]);
    assert.deepEqual([...b.entries()], [["streamtype", ["stdout"]], ["x-multi", ["a", "b"]]]);
  } finally {
    codec.close();
  }
});

Deno.test("a corrupt header block is refused with a sentence", async () => {
  const codec = new SpdyHeaderCodec();
  try {
    await assert.rejects(codec.decompress(hex("78f9deadbeef00")), /SPDY header block/);
  } finally {
    codec.close();
  }
});

Deno.test("compressed blocks form one zlib stream a plain inflater reads block by block", async () => {
  const codec = new SpdyHeaderCodec();
  const headers: Record<string, string | string[]>[] = [{ a: "1" }, {}, { b: ["x", "y"] }];
  const blocks = headers.map((h) => codec.compress(h));
  assert.deepEqual([...blocks[0].subarray(0, 2)], [0x78, 0x01], "zlib header without FDICT");
  const inflate = createInflate();
  let out: number[] = [];
  inflate.on("data", (c: Uint8Array) => out.push(...c));
  for (const [i, b] of blocks.entries()) {
    assert.deepEqual([...b.subarray(b.length - 4)], [0, 0, 0xff, 0xff], "ends on a sync flush");
    inflate.write(Buffer.from(b));
    await new Promise<void>((r) => inflate.flush(constants.Z_SYNC_FLUSH, () => r()));
    assert.deepEqual(out, [...encodeHeaderBlock(headers[i])], `block ${i} inflates whole`);
    out = [];
  }
  inflate.destroy();
});

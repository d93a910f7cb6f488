import assert from "node:assert/strict";
import {
  encodeMesos,
  encodeRecord,
  encodeTextRecord,
  readRecords,
  RecordIODecoder,
  RecordIOError,
} from "../../../core/mesos/mod.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of readRecords(stream)) out.push(dec.decode(r));
  return out;
}

Deno.test("encodeRecord frames the documented heartbeat examples", () => {
  assert.deepEqual(
    dec.decode(encodeTextRecord('{"type":"HEARTBEAT"}')),
    '20\n{"type":"HEARTBEAT"}',
  );
  const pb = encodeMesos("mesos.v1.scheduler.Event", { type: "HEARTBEAT" });
  assert.deepEqual(encodeRecord(pb), new Uint8Array([0x32, 0x0a, 0x08, 0x08]));
});

Deno.test("record lengths count UTF-8 bytes, not characters", async () => {
  const text = '{"message":"grüße ✓ 🚀"}';
  const framed = encodeTextRecord(text);
  assert.equal(dec.decode(framed).split("\n")[0], String(enc.encode(text).length));
  assert.deepEqual(await collect(streamOf([framed])), [text]);
});

const RECORDS = ['{"type":"SUBSCRIBED"}', "", "x".repeat(1000), '{"a":"ü"}', "1234567890\n12"];
const WIRE = concat(RECORDS.map(encodeTextRecord));

Deno.test("reader handles one byte per chunk", async () => {
  const chunks = [...WIRE].map((b) => new Uint8Array([b]));
  assert.deepEqual(await collect(streamOf(chunks)), RECORDS);
});

Deno.test("reader handles all records in one chunk", async () => {
  assert.deepEqual(await collect(streamOf([WIRE])), RECORDS);
});

Deno.test("reader handles every two-way split point and seeded random splits", async () => {
  for (let cut = 0; cut <= WIRE.length; cut += 7) {
    const got = await collect(streamOf([WIRE.subarray(0, cut), WIRE.subarray(cut)]));
    assert.deepEqual(got, RECORDS, `split at ${cut}`);
  }
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 50; round++) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < WIRE.length;) {
      const n = 1 + Math.floor(rand() * 40);
      chunks.push(WIRE.slice(i, i + n));
      i += n;
    }
    assert.deepEqual(await collect(streamOf(chunks)), RECORDS);
  }
});

Deno.test("decoder returns completed records per push and keeps partial ones", () => {
  const d = new RecordIODecoder();
  assert.deepEqual(d.push(enc.encode("5\nhel")), []);
  assert.equal(d.idle, false);
  assert.deepEqual(d.push(enc.encode("lo3\nabc1")).map((r) => dec.decode(r)), ["hello", "abc"]);
  assert.deepEqual(d.push(enc.encode("\nz")).map((r) => dec.decode(r)), ["z"]);
  assert.equal(d.idle, true);
  d.finish();
});

Deno.test("a stream cut inside a record is an error, not a silent end", async () => {
  await assert.rejects(collect(streamOf([enc.encode("10\nabc")])), RecordIOError);
  await assert.rejects(collect(streamOf([enc.encode("3\nabc12")])), /length line/);
});

Deno.test("a length line that is not decimal digits is an error naming it", () => {
  assert.throws(() => new RecordIODecoder().push(enc.encode("HTTP/1.1 200\n")), /HTTP\/1\.1 200/);
  assert.throws(() => new RecordIODecoder().push(enc.encode("x".repeat(30))), RecordIOError);
  assert.throws(() => new RecordIODecoder().push(enc.encode("999999999999\n")), /exceeds/);
});

Deno.test("stopping early cancels the underlying stream", async () => {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      c.enqueue(encodeTextRecord("r"));
    },
    cancel() {
      cancelled = true;
    },
  });
  let n = 0;
  for await (const _ of readRecords(stream)) if (++n === 3) break;
  assert.equal(n, 3);
  assert.equal(cancelled, true);
});

Deno.test("a 1 MiB record arriving in 1 KiB chunks, followed by a small one", async () => {
  const big = new Uint8Array(1 << 20).map((_, i) => i % 251);
  const wire = concat([encodeRecord(big), encodeTextRecord("tail")]);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < wire.length; i += 1024) chunks.push(wire.slice(i, i + 1024));
  const got: Uint8Array[] = [];
  for await (const r of readRecords(streamOf(chunks))) got.push(r);
  assert.equal(got.length, 2);
  assert.deepEqual(got[0], big);
  assert.equal(dec.decode(got[1]), "tail");
});

Deno.test("aborting the signal ends a read waiting on a silent stream with the reason", async () => {
  let cancelled: unknown;
  const silent = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(encodeRecord(new TextEncoder().encode("first")));
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  const ac = new AbortController();
  const it = readRecords(silent, ac.signal);
  const first = await it.next();
  assert.equal(new TextDecoder().decode(first.value as Uint8Array), "first");
  const waiting = it.next();
  const why = new Error("client closed");
  ac.abort(why);
  await assert.rejects(waiting, (e) => e === why);
  assert.equal(cancelled, why);
});

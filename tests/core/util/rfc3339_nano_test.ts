import assert from "node:assert/strict";
import {
  normalizeLineStamp,
  normalizeStampStream,
  rfc3339Nano,
} from "../../../core/util/rfc3339_nano.ts";

Deno.test("rfc3339Nano writes nine fractional digits in UTC, keeping sub-millisecond parts", () => {
  assert.equal(
    rfc3339Nano(Date.UTC(2026, 0, 2, 3, 4, 5, 6) + 0.25),
    "2026-01-02T03:04:05.006250000Z",
  );
  assert.match(rfc3339Nano(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  assert.ok(Date.parse(rfc3339Nano()) > 0, "Date.parse still reads it");
});

Deno.test("engine stamps with trimmed zeros or an offset become nine-digit UTC stamps", async () => {
  assert.equal(
    normalizeLineStamp("2026-12-03T18:46:31.94Z hi"),
    "2026-12-03T18:46:31.940000000Z hi",
  );
  assert.equal(
    normalizeLineStamp("2026-12-03T18:46:31+01:00 x"),
    "2026-12-03T17:46:31.000000000Z x",
  );
  assert.equal(normalizeLineStamp("no stamp here"), "no stamp here");
  const chunks = ["2026-12-03T18:46:31.1Z a\n2026-12-03T18:4", "6:32.123456789Z b\n"];
  const out = await new Response(
    ReadableStream.from(chunks.map((c) => new TextEncoder().encode(c)))
      .pipeThrough(normalizeStampStream()),
  ).text();
  assert.equal(out, "2026-12-03T18:46:31.100000000Z a\n2026-12-03T18:46:32.123456789Z b\n");
});

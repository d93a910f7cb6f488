import assert from "node:assert/strict";
import { parseDuration } from "../../../core/client/duration.ts";

Deno.test("flag durations: units, bare seconds, and a clear error", () => {
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("250ms"), 250);
  assert.equal(parseDuration("5"), 5_000);
  assert.throws(() => parseDuration("soon"), /invalid duration "soon"; use a number with a unit/);
});

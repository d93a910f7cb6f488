import assert from "node:assert/strict";
import { humanAge, humanDuration, parseDuration } from "../../../core/client/duration.ts";

Deno.test("human durations follow kubectl's AGE column", () => {
  const s = 1000;
  const cases: [number, string][] = [
    [0, "0s"],
    [59 * s, "59s"],
    [119 * s, "119s"],
    [150 * s, "2m30s"],
    [300 * s, "5m"],
    [45 * 60 * s, "45m"],
    [(3 * 3600 + 20 * 60) * s, "3h20m"],
    [20 * 3600 * s, "20h"],
    [(3 * 24 + 5) * 3600 * s, "3d5h"],
    [30 * 24 * 3600 * s, "30d"],
    [(3 * 365 + 4) * 24 * 3600 * s, "3y4d"],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
  assert.equal(humanAge("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:01:00Z")), "60s");
  assert.equal(humanAge(undefined), "<unknown>");
});

Deno.test("flag durations: units, bare seconds, and a clear error", () => {
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("250ms"), 250);
  assert.equal(parseDuration("5"), 5_000);
  assert.throws(() => parseDuration("soon"), /invalid duration "soon"; use a number with a unit/);
});

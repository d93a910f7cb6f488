import assert from "node:assert/strict";
import { ageSince, humanDuration } from "../../../../core/apiserver/tables/human_duration.ts";

Deno.test("humanDuration formats ages like kubectl", () => {
  const s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
  const cases: [number, string][] = [
    [-5 * s, "<invalid>"],
    [-1 * s, "0s"],
    [0, "0s"],
    [5 * s, "5s"],
    [119 * s, "119s"],
    [3 * m + 2 * s, "3m2s"],
    [5 * m, "5m"],
    [60 * m, "60m"],
    [179 * m, "179m"],
    [5 * h + 3 * m, "5h3m"],
    [7 * h, "7h"],
    [30 * h, "30h"],
    [2 * d + 3 * h, "2d3h"],
    [3 * d, "3d"],
    [20 * d, "20d"],
    [800 * d, "2y70d"],
    [365 * 3 * d, "3y"],
    [365 * 10 * d, "10y"],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

Deno.test("ageSince handles missing and invalid timestamps", () => {
  const now = Date.parse("2026-11-25T10:00:00Z");
  assert.equal(ageSince("2026-11-25T09:00:00Z", now), "60m");
  assert.equal(ageSince(undefined, now), "<unknown>");
  assert.equal(ageSince(null, now), "<unknown>");
  assert.equal(ageSince("garbage", now), "<unknown>");
});

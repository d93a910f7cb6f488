/**
 * Cron schedules as CronJobs use them: fields, lists, ranges, steps, names, macros, the
 * either-day rule, time zones, and the latest due time with missed runs counted.
 */
import assert from "node:assert/strict";
import { latestDue, matches, nextDue, parseCron } from "../../../core/api/cron_schedule.ts";

const at = (iso: string) => Date.parse(iso);

Deno.test("cron: steps, ranges, lists and names", () => {
  const s = parseCron("*/15 9-17 * * mon-fri");
  assert.ok(matches(s, at("2026-12-03T09:45:00Z"))); // a Thursday
  assert.ok(!matches(s, at("2026-12-03T09:46:00Z")));
  assert.ok(!matches(s, at("2026-12-05T09:45:00Z"))); // a Saturday
  assert.ok(matches(parseCron("0 0 1 jan,jul *"), at("2026-07-01T00:00:00Z")));
  assert.ok(matches(parseCron("0 0 * * 7"), at("2026-12-06T00:00:00Z")), "7 is Sunday");
});

Deno.test("cron: macros", () => {
  assert.equal(
    nextDue(parseCron("@hourly"), at("2026-12-03T09:10:00Z")),
    at("2026-12-03T10:00:00Z"),
  );
  assert.equal(
    nextDue(parseCron("@daily"), at("2026-12-03T09:10:00Z")),
    at("2026-12-04T00:00:00Z"),
  );
  assert.ok(matches(parseCron("@yearly"), at("2027-01-01T00:00:00Z")));
  assert.ok(matches(parseCron("@weekly"), at("2026-12-06T00:00:00Z")));
});

Deno.test("cron: day of month or day of week when both are restricted", () => {
  const s = parseCron("0 0 13 * fri");
  assert.ok(matches(s, at("2026-12-13T00:00:00Z")), "the 13th (a Sunday)");
  assert.ok(matches(s, at("2026-12-04T00:00:00Z")), "a Friday");
  assert.ok(!matches(s, at("2026-12-05T00:00:00Z")));
});

Deno.test("cron: time zones", () => {
  const s = parseCron("0 9 * * *");
  assert.ok(matches(s, at("2026-12-03T14:00:00Z"), "America/New_York"));
  assert.ok(!matches(s, at("2026-12-03T09:00:00Z"), "America/New_York"));
  assert.ok(matches(s, at("2026-07-03T13:00:00Z"), "America/New_York"), "daylight saving");
});

Deno.test("cron: the latest due time and the missed runs", () => {
  const s = parseCron("*/10 * * * *");
  const r = latestDue(s, at("2026-12-03T09:00:00Z"), at("2026-12-03T09:35:00Z"));
  assert.equal(r.time, at("2026-12-03T09:30:00Z"));
  assert.equal(r.missed, 3);
  assert.equal(
    latestDue(s, at("2026-12-03T09:30:00Z"), at("2026-12-03T09:35:00Z")).time,
    undefined,
  );
});

Deno.test("cron: bad schedules name the field", () => {
  assert.throws(() => parseCron("61 * * * *"), /minute/);
  assert.throws(() => parseCron("* * *"), /5 fields/);
  assert.throws(() => parseCron("* * * * funday"), /day of week/);
  assert.throws(() => parseCron("TZ=UTC * * * * *"), /spec.timeZone/);
});

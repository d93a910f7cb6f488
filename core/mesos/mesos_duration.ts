/**
 * Durations in stout's text format, as the Mesos agent writes them into executor environment
 * variables: a (possibly fractional) number followed by ns, us, ms, secs, mins, hrs, days or
 * weeks (`15mins`, `2secs`, `0.5hrs`).
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  secs: 1000,
  mins: 60_000,
  hrs: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Parses a stout duration into milliseconds; `what` names the source in the error. */
export function parseMesosDuration(text: string, what = "duration"): number {
  const m = text.trim().match(/^(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|ms|secs|mins|hrs|days|weeks)$/);
  if (!m) {
    throw new Error(
      `Invalid ${what} "${text}": expected a number followed by ns, us, ms, secs, mins, hrs, ` +
        `days or weeks (e.g. "15mins").`,
    );
  }
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Formats milliseconds in stout's format, using the largest unit that keeps it whole. */
export function formatMesosDuration(ms: number): string {
  for (const unit of ["weeks", "days", "hrs", "mins", "secs", "ms"]) {
    const n = ms / UNIT_MS[unit];
    if (n >= 1 && Number.isInteger(n)) return `${n}${unit}`;
  }
  return `${ms}ms`;
}

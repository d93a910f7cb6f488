/**
 * Go-style duration flag values for the client (`--timeout=30s`, `2m`, `1h30m`). Human ages
 * for AGE columns are core/apiserver/tables/human_duration.ts.
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration like "1m30s"; throws a clear error for anything else. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]];
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== t.length) {
    throw new Error(`invalid duration "${text}"; use a number with a unit, e.g. 30s, 2m or 1h30m`);
  }
  return total;
}

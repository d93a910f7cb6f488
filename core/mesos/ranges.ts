/**
 * Value.Ranges arithmetic for Mesos resources (ports and other RANGES): inclusive [begin, end]
 * intervals over uint64, kept sorted and coalesced (adjacent intervals merge, as in Mesos).
 */

/** One inclusive interval in Mesos JSON form; bounds are decimal strings or numbers. */
export interface MesosRange {
  begin: string | number;
  end: string | number;
}

/** An inclusive interval with exact 64-bit bounds. */
export interface RangeInterval {
  begin: bigint;
  end: bigint;
}

/** Converts Mesos JSON ranges to intervals, checking that every bound is a uint64 and begin ≤ end. */
export function toIntervals(ranges: readonly MesosRange[] | undefined): RangeInterval[] {
  const out: RangeInterval[] = [];
  for (const r of ranges ?? []) {
    const begin = toBig(r.begin);
    const end = toBig(r.end);
    if (begin > end) {
      throw new Error(`Invalid range [${r.begin}-${r.end}]: begin must not exceed end.`);
    }
    out.push({ begin, end });
  }
  return coalesceIntervals(out);
}

function toBig(v: string | number): bigint {
  const s = String(v).trim();
  if (!/^\d+$/.test(s)) {
    throw new Error(`Invalid range bound "${v}": expected a non-negative integer.`);
  }
  return BigInt(s);
}

/** Sorts intervals and merges overlapping or adjacent ones ([1-2],[3-4] → [1-4]). */
export function coalesceIntervals(intervals: readonly RangeInterval[]): RangeInterval[] {
  const sorted = [...intervals].sort((
    a,
    b,
  ) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  const out: RangeInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.begin <= last.end + 1n) {
      if (iv.end > last.end) last.end = iv.end;
    } else {
      out.push({ begin: iv.begin, end: iv.end });
    }
  }
  return out;
}

/** Converts intervals back to Mesos JSON ranges with decimal-string bounds. */
export function fromIntervals(
  intervals: readonly RangeInterval[],
): { begin: string; end: string }[] {
  return intervals.map((i) => ({ begin: i.begin.toString(), end: i.end.toString() }));
}

/** The union of two interval lists. */
export function unionIntervals(
  a: readonly RangeInterval[],
  b: readonly RangeInterval[],
): RangeInterval[] {
  return coalesceIntervals([...a, ...b]);
}

/** True when every point of `b` lies inside `a` (both coalesced). */
export function containsIntervals(
  a: readonly RangeInterval[],
  b: readonly RangeInterval[],
): boolean {
  return b.every((need) => a.some((have) => have.begin <= need.begin && need.end <= have.end));
}

/** `a` minus `b`: splits intervals of `a` around every interval of `b`. */
export function subtractIntervals(
  a: readonly RangeInterval[],
  b: readonly RangeInterval[],
): RangeInterval[] {
  let rest = coalesceIntervals(a);
  for (const cut of coalesceIntervals(b)) {
    const next: RangeInterval[] = [];
    for (const iv of rest) {
      if (cut.end < iv.begin || cut.begin > iv.end) {
        next.push(iv);
        continue;
      }
      if (iv.begin < cut.begin) next.push({ begin: iv.begin, end: cut.begin - 1n });
      if (cut.end < iv.end) next.push({ begin: cut.end + 1n, end: iv.end });
    }
    rest = next;
  }
  return rest;
}

/** Number of points covered by the intervals. */
export function intervalCount(intervals: readonly RangeInterval[]): bigint {
  return intervals.reduce((n, i) => n + (i.end - i.begin + 1n), 0n);
}

/** Formats intervals in Mesos text form: `[31000-31099, 31200-32000]`. */
export function formatIntervals(intervals: readonly RangeInterval[]): string {
  return `[${intervals.map((i) => `${i.begin}-${i.end}`).join(", ")}]`;
}

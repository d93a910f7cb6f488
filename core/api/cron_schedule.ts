/**
 * Standard cron schedules as CronJobs use them: five fields (minute, hour, day of month,
 * month, day of week) with `*`, `?`, lists, ranges, steps and month/day names, and the
 * macros @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly. Times are
 * matched in an IANA time zone (the CronJob's `timeZone`, default UTC). When both day fields
 * are restricted a day matching either is taken, as cron does.
 */

/** A parsed schedule. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day of month or day of week was `*` / `?`. */
  anyDay: boolean;
  anyWeekday: boolean;
}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function value(text: string, names: string[] | undefined, base: number, what: string): number {
  const i = names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return i + base;
  if (!/^[0-9]+$/.test(text)) throw new Error(`${what}: "${text}" is not a number`);
  return Number(text);
}

function field(
  text: string,
  min: number,
  max: number,
  what: string,
  names?: string[],
  base = 0,
): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : value(stepText, undefined, 0, what);
    if (step <= 0) throw new Error(`${what}: step "${stepText}" must be positive`);
    let lo = min, hi = max;
    if (range !== "*" && range !== "?") {
      const [a, b] = range.split("-");
      lo = value(a, names, base, what);
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b, names, base, what);
    }
    if (lo < min || hi > max || lo > hi) {
      throw new Error(`${what}: "${part}" is outside ${min}-${max}`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule; throws an Error naming the bad field. */
export function parseCron(text: string): CronSchedule {
  const spec = MACROS[text.trim().toLowerCase()] ?? text.trim();
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    throw new Error("the time zone is set with spec.timeZone, not in the schedule");
  }
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`expected exactly 5 fields, found ${parts.length}: "${text}"`);
  }
  const [m, h, dom, mon, dow] = parts;
  const weekdays = field(dow, 0, 7, "day of week", DAYS);
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes: field(m, 0, 59, "minute"),
    hours: field(h, 0, 23, "hour"),
    days: field(dom, 1, 31, "day of month"),
    months: field(mon, 1, 12, "month", MONTHS, 1),
    weekdays,
    anyDay: dom === "*" || dom === "?",
    anyWeekday: dow === "*" || dow === "?",
  };
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Throws when `zone` is not an IANA time zone this runtime knows. */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat("en-US", { timeZone: zone });
}

function localFields(ms: number, zone: string) {
  let f = FORMATS.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      minute: "numeric",
      hour: "numeric",
      day: "numeric",
      month: "numeric",
      weekday: "short",
    });
    FORMATS.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: DAYS.indexOf((parts.weekday ?? "").slice(0, 3).toLowerCase()),
  };
}

/** True when the minute starting at `ms` is a scheduled time in `zone`. */
export function matches(s: CronSchedule, ms: number, zone = "UTC"): boolean {
  const t = localFields(ms, zone);
  if (!s.minutes.has(t.minute) || !s.hours.has(t.hour) || !s.months.has(t.month)) return false;
  const day = s.days.has(t.day), weekday = s.weekdays.has(t.weekday);
  if (s.anyDay || s.anyWeekday) return day && weekday;
  return day || weekday;
}

const MINUTE = 60_000;
/** How far back missed times are looked for (kube gives up after 100 missed ones). */
const LOOKBACK = 7 * 24 * 60;

/**
 * The latest scheduled time after `afterMs` and at or before `nowMs` (undefined if none), and
 * how many scheduled times were missed in between.
 */
export function latestDue(
  s: CronSchedule,
  afterMs: number,
  nowMs: number,
  zone = "UTC",
): { time?: number; missed: number } {
  let t = Math.max(Math.floor(afterMs / MINUTE) + 1, Math.floor(nowMs / MINUTE) - LOOKBACK);
  let time: number | undefined;
  let missed = 0;
  for (const end = Math.floor(nowMs / MINUTE); t <= end; t++) {
    if (matches(s, t * MINUTE, zone)) {
      time = t * MINUTE;
      missed++;
    }
  }
  return { time, missed };
}

/** The next scheduled time after `afterMs`, looking at most `horizonMinutes` ahead. */
export function nextDue(
  s: CronSchedule,
  afterMs: number,
  zone = "UTC",
  horizonMinutes = 24 * 60,
): number | undefined {
  const start = Math.floor(afterMs / MINUTE) + 1;
  for (let t = start; t < start + horizonMinutes; t++) {
    if (matches(s, t * MINUTE, zone)) return t * MINUTE;
  }
  return undefined;
}

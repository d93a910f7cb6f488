/**
 * Timestamps in RFC 3339 with nanoseconds (Go's time.RFC3339Nano, as kubelet log lines and
 * `kubectl logs --timestamps` show them): "2026-12-03T18:44:07.123456789Z", from the
 * high-resolution clock so that lines written within one millisecond keep their order.
 */

/** Milliseconds since the epoch, with the sub-millisecond fraction of the monotonic clock. */
export function preciseNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** `ms` (default: now, sub-millisecond) as RFC 3339 with nine fractional digits, UTC. */
export function rfc3339Nano(ms: number = preciseNowMs()): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString(); // 2026-12-03T18:44:07.123Z
  const subMs = Math.min(999_999, Math.max(0, Math.round((ms - whole) * 1e6)));
  return `${iso.slice(0, 23)}${String(subMs).padStart(6, "0")}Z`;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/**
 * A log line whose leading timestamp a runtime wrote as Go's RFC3339Nano (trailing zeros
 * trimmed, maybe a zone offset) with the stamp rewritten to nine digits in UTC; other lines
 * are returned as they are.
 */
export function normalizeLineStamp(line: string): string {
  const m = STAMP.exec(line);
  if (!m) return line;
  const [all, seconds, frac = "", zone] = m;
  const whole = Date.parse(`${seconds}${zone}`);
  if (!Number.isFinite(whole)) return line;
  const iso = new Date(whole).toISOString().slice(0, 19);
  return `${iso}.${frac.padEnd(9, "0")}Z ${line.slice(all.length)}`;
}

/** Rewrites the stamps of a byte stream of log lines (see normalizeLineStamp). */
export function normalizeStampStream(): TransformStream<Uint8Array, Uint8Array> {
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  let rest = "";
  return new TransformStream({
    transform(chunk, ctl) {
      rest += dec.decode(chunk, { stream: true });
      const end = rest.lastIndexOf("\n") + 1;
      if (end === 0) return;
      const lines = rest.slice(0, end).split("\n").slice(0, -1);
      rest = rest.slice(end);
      ctl.enqueue(enc.encode(lines.map((l) => `${normalizeLineStamp(l)}\n`).join("")));
    },
    flush(ctl) {
      rest += dec.decode();
      if (rest !== "") ctl.enqueue(enc.encode(normalizeLineStamp(rest)));
    },
  });
}

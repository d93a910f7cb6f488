/**
 * Levelled logging shared by every daemon: `-v=N` (glog style) raises the verbosity;
 * errors and warnings always print. Lines go to stderr as `I1125 10:32:20.123 component] msg`.
 */

let verbosity = 0;

/** Sets the global verbosity (the `-v`/`--v` flag). */
export function setVerbosity(level: number): void {
  verbosity = Number.isFinite(level) ? level : 0;
}

/** The current verbosity. */
export function getVerbosity(): number {
  return verbosity;
}

function stamp(severity: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${severity}${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A logger for one component. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Printed only when verbosity ≥ level. */
  v(level: number, msg: string): void;
}

/** Creates a logger whose lines name `component`. */
export function logger(component: string): Logger {
  const write = (sev: string, msg: string) => console.error(`${stamp(sev)} ${component}] ${msg}`);
  return {
    info: (msg) => write("I", msg),
    warn: (msg) => write("W", msg),
    error: (msg) => write("E", msg),
    v: (level, msg) => {
      if (verbosity >= level) write("I", msg);
    },
  };
}

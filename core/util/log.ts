/**
 * Levelled logging shared by every daemon: `-v=N` (glog style) raises the verbosity,
 * `-vmodule=scheduler=3,mesos-*=2` raises it for the named components; errors and warnings
 * always print. Lines go to stderr as `I1125 10:32:20.123 component] msg`, and also to a file
 * when `-log_dir` set one (setLogFile).
 */

let verbosity = 0;
let moduleLevels: { pattern: RegExp; level: number }[] = [];
let logFile: string | undefined;

/** Sets the global verbosity (the `-v`/`--v` flag). */
export function setVerbosity(level: number): void {
  verbosity = Number.isFinite(level) ? level : 0;
}

/** The current verbosity. */
export function getVerbosity(): number {
  return verbosity;
}

/**
 * Sets per-component verbosity from glog's `-vmodule` syntax: comma-separated
 * `pattern=N`, where pattern names a logger component and may use `*` and `?`.
 * Throws a sentence naming the bad entry when one is not `pattern=N`.
 */
export function setVmodule(spec: string): void {
  const levels: { pattern: RegExp; level: number }[] = [];
  for (const entry of spec.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    const m = /^([^=]+)=(\d+)$/.exec(entry);
    if (!m) {
      throw new Error(
        `-vmodule entry "${entry}" is not pattern=N (for example scheduler=3 or mesos-*=2)`,
      );
    }
    const glob = m[1].replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")
      .replaceAll("?", ".");
    levels.push({ pattern: new RegExp(`^${glob}$`), level: Number(m[2]) });
  }
  moduleLevels = levels;
}

/** The verbosity that applies to `component`: its -vmodule level if one matches, else -v. */
export function verbosityFor(component: string): number {
  const match = moduleLevels.find((m) => m.pattern.test(component));
  return match ? match.level : verbosity;
}

/** Also appends every log line to `path` (the `-log_dir` flag); undefined stops it. */
export function setLogFile(path: string | undefined): void {
  logFile = path;
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
  const write = (sev: string, msg: string) => {
    const line = `${stamp(sev)} ${component}] ${msg}`;
    console.error(line);
    if (logFile === undefined) return;
    try {
      Deno.writeTextFileSync(logFile, `${line}\n`, { append: true });
    } catch {
      // An unwritable log file must not stop the daemon; stderr still has the line.
    }
  };
  return {
    info: (msg) => write("I", msg),
    warn: (msg) => write("W", msg),
    error: (msg) => write("E", msg),
    v: (level, msg) => {
      if (verbosityFor(component) >= level) write("I", msg);
    },
  };
}

/**
 * The seed's glog logging flags, accepted by every k8sm command for compatibility with the
 * seed's command lines (`-logtostderr=true -v=2 …`). cli/legacy_flags.ts rewrites the
 * single-dash forms; this file declares them on the root program and applies them.
 *
 * Effects: `-v` and `-vmodule` set the verbosity (per component for -vmodule); `-log_dir`
 * appends every log line to `<dir>/k8sm-<command>.log` as well as stderr. k8sm always logs to
 * stderr, so `-logtostderr`, `-alsologtostderr`, `-stderrthreshold` and `-log_backtrace_at`
 * are accepted and change nothing (said at -v=1).
 */
import { type Command, Option } from "commander";
import { logger, setLogFile, setVerbosity, setVmodule } from "../core/util/log.ts";

/** The glog flags that are booleans (`-name`, `-name=true`, `-name=false`). */
export const GLOG_BOOLEAN_FLAGS: readonly string[] = ["logtostderr", "alsologtostderr"];

/** The root options the glog flags parse into. */
export interface GlogOptions {
  v?: string;
  vmodule?: string;
  logDir?: string;
  logtostderr?: boolean;
  alsologtostderr?: boolean;
  stderrthreshold?: string;
  logBacktraceAt?: string;
}

const SEVERITIES = ["INFO", "WARNING", "ERROR", "FATAL", "0", "1", "2", "3"];

/** Declares -v and the glog flags on `program` (root options, so every subcommand takes them). */
export function addGlogFlags(program: Command): Command {
  const compat = (flags: string, what: string) =>
    new Option(flags, `${what} (glog compatibility)`).helpGroup("Logging (the seed's glog flags):");
  return program
    .addOption(compat("--v <level>", "log verbosity, the seed's -v=N").default("0"))
    .addOption(compat("--vmodule <pattern=N,...>", "verbosity per log component, e.g. scheduler=3"))
    .addOption(compat("--log-dir <dir>", "also append log lines to <dir>/k8sm-<command>.log"))
    .addOption(compat("--logtostderr", "log to stderr; k8sm always does"))
    .addOption(compat("--no-logtostderr", "accepted; k8sm still logs to stderr").hideHelp())
    .addOption(compat("--alsologtostderr", "log to stderr as well; k8sm always does"))
    .addOption(compat("--no-alsologtostderr", "accepted; k8sm still logs to stderr").hideHelp())
    .addOption(
      compat("--stderrthreshold <severity>", "INFO, WARNING, ERROR or FATAL; accepted, not used"),
    )
    .addOption(compat("--log-backtrace-at <file:line>", "accepted, not used").hideHelp());
}

/**
 * Applies the parsed glog flags before `command` runs. Throws a sentence naming the flag
 * when a value is unusable (a non-numeric -v, a bad -vmodule entry, an unwritable -log_dir).
 */
export function applyGlogFlags(opts: GlogOptions, command: string): void {
  const level = Number(opts.v ?? 0);
  if (!Number.isInteger(level) || level < 0) {
    throw new Error(`-v "${opts.v}" is not a verbosity level (a whole number such as 2)`);
  }
  setVerbosity(level);
  if (opts.vmodule !== undefined) setVmodule(opts.vmodule);
  const log = logger("k8sm");
  if (opts.logDir !== undefined) {
    try {
      Deno.mkdirSync(opts.logDir, { recursive: true });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`-log_dir "${opts.logDir}" cannot be created (${why}); pass a writable one`);
    }
    setLogFile(`${opts.logDir.replace(/\/+$/, "")}/k8sm-${command}.log`);
  }
  const threshold = opts.stderrthreshold?.toUpperCase();
  if (threshold !== undefined && !SEVERITIES.includes(threshold)) {
    throw new Error(
      `-stderrthreshold "${opts.stderrthreshold}" is not one of INFO, WARNING, ERROR, FATAL`,
    );
  }
  const ignored = [
    opts.logtostderr !== undefined ? "-logtostderr" : "",
    opts.alsologtostderr !== undefined ? "-alsologtostderr" : "",
    threshold !== undefined ? "-stderrthreshold" : "",
    opts.logBacktraceAt !== undefined ? "-log_backtrace_at" : "",
  ].filter((f) => f !== "");
  if (ignored.length > 0) {
    log.v(1, `${ignored.join(", ")} accepted for the seed's command line: k8sm logs to stderr`);
  }
}

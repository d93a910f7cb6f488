/**
 * Rewrites the seed's Go-style flags into k8sm's kebab-case ones, so that
 * `-etcd_servers=x` becomes `--etcd-servers=x` and `-v=2` becomes `--v=2`.
 * Short flags such as `-n ns`, `-o wide` or `-ojson` are left alone: only names with an
 * underscore, single-dash names of the seed's flag set, and `-v=N` are rewritten.
 * glog's boolean flags take Go's `=true`/`=false` form: `-logtostderr=true` becomes
 * `--logtostderr` and `-logtostderr=false` becomes `--no-logtostderr` (cli/glog_flags.ts).
 */
import { GLOG_BOOLEAN_FLAGS } from "./glog_flags.ts";

/** The seed's single-dash flag names without an underscore that must still be rewritten. */
const SEED_NAMES = new Set([
  "address",
  "port",
  "master",
  "v",
  "vmodule",
  "logtostderr",
  "alsologtostderr",
  "stderrthreshold",
]);

const TRUE = new Set(["true", "1", "t", "TRUE", "True", "T"]);
const FALSE = new Set(["false", "0", "f", "FALSE", "False", "F"]);

/** `--name=true|false` of a glog boolean as commander's `--name` / `--no-name`. */
function glogBoolean(name: string, value: string): string | undefined {
  if (!GLOG_BOOLEAN_FLAGS.includes(name) || value === "") return undefined;
  const v = value.slice(1);
  if (TRUE.has(v)) return `--${name}`;
  if (FALSE.has(v)) return `--no-${name}`;
  return undefined;
}

/** Returns argv with legacy flags normalized; everything after `--` is untouched. */
export function normalizeLegacyFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    if (passthrough || arg === "--") {
      passthrough = true;
      out.push(arg);
      continue;
    }
    const m = /^(--?)([a-z][a-z0-9_]*)(=.*)?$/.exec(arg);
    if (!m) {
      out.push(arg);
      continue;
    }
    const [, dashes, name, value = ""] = m;
    const bool = glogBoolean(name, value);
    if (bool !== undefined) {
      out.push(bool);
      continue;
    }
    if (dashes === "--") {
      out.push(arg);
      continue;
    }
    const isLegacy = name.includes("_") || (SEED_NAMES.has(name) && (name !== "v" || value !== ""));
    out.push(isLegacy ? `--${name.replaceAll("_", "-")}${value}` : arg);
  }
  return out;
}

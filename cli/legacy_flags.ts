/**
 * Rewrites the seed's Go-style flags into k8sm's kebab-case ones, so that
 * `-etcd_servers=x` becomes `--etcd-servers=x` and `-v=2` becomes `--v=2`.
 * Short flags such as `-n ns`, `-o wide` or `-ojson` are left alone: only names with an
 * underscore, single-dash names of the seed's flag set, and `-v=N` are rewritten.
 */

/** The seed's single-dash flag names without an underscore that must still be rewritten. */
const SEED_NAMES = new Set(["address", "port", "master", "v", "vmodule", "logtostderr"]);

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
    const m = /^-([a-z][a-z0-9_]*)(=.*)?$/.exec(arg);
    if (!m) {
      out.push(arg);
      continue;
    }
    const [, name, value = ""] = m;
    const isLegacy = name.includes("_") || (SEED_NAMES.has(name) && (name !== "v" || value !== ""));
    out.push(isLegacy ? `--${name.replaceAll("_", "-")}${value}` : arg);
  }
  return out;
}

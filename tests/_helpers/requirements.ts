/**
 * The one place tests ask for real components of the machine (etcd, podman, runc, kubectl,
 * openssl, curl, busybox, python3-kubernetes). `requires()` is called while a test module
 * loads, and its result is spread into the test definition:
 *
 *     Deno.test({ name: "…", ...requires("openssl") }, async () => { … });
 *
 * - Everything present: `{ ignore: false }`, the test runs.
 * - Something missing, `CI` unset: `{ ignore: true }` — Deno reports the test as ignored
 *   (counted as skipped, never as passed) — and a loud message names the Debian packages.
 * - Something missing, `CI` set: the test is ignored too, and a failing test named
 *   "missing …" is registered in its place, so the run fails and says what to install.
 */

/** A real component a test can require. */
export type Component =
  | "etcd"
  | "podman"
  | "runc"
  | "busybox"
  | "kubectl"
  | "openssl"
  | "curl"
  | "python3-kubernetes"
  | "chromium";

/** The Debian package that provides each component (what `.ci/run` installs). */
export const DEBIAN_PACKAGES: Readonly<Record<Component, string>> = {
  etcd: "etcd-server",
  podman: "podman",
  runc: "runc",
  busybox: "busybox-static",
  kubectl: "kubectl",
  openssl: "openssl",
  curl: "curl",
  "python3-kubernetes": "python3-kubernetes",
  chromium: "chromium",
};

/** sbin directories hold runc and iptables but are not on every user's PATH. */
const EXTRA_DIRS = ["/usr/sbin", "/sbin"];
const known = new Map<Component, boolean>();
const announced = new Set<string>();

/** The path of `bin` on PATH (or in /usr/sbin, /sbin), or undefined. */
export function findBinary(bin: string): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "");
  for (const dir of [...dirs, ...EXTRA_DIRS]) {
    try {
      if (Deno.statSync(`${dir}/${bin}`).isFile) return `${dir}/${bin}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function runs(cmd: string, args: string[]): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

function probe(component: Component): boolean {
  switch (component) {
    case "busybox":
      return findBinary("busybox") !== undefined && fileExists("/bin/busybox");
    case "kubectl":
      return findBinary("kubectl") !== undefined && runs("kubectl", ["version", "--client"]);
    case "openssl":
      return findBinary("openssl") !== undefined && runs("openssl", ["version"]);
    case "python3-kubernetes":
      return pythonWithKubernetes() !== undefined;
    case "chromium":
      return fileExists("/usr/bin/chromium");
    default:
      return findBinary(component) !== undefined;
  }
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The python3 that imports the `kubernetes` client (Debian's /usr/bin/python3 first, since a
 * pyenv python on PATH does not see python3-kubernetes), or undefined.
 */
export function pythonWithKubernetes(): string | undefined {
  for (const py of ["/usr/bin/python3", "python3"]) {
    if (runs(py, ["-c", "import kubernetes"])) return py;
  }
  return undefined;
}

/** True when `component` is installed and runs (checked once per process). */
export function hasComponent(component: Component): boolean {
  let ok = known.get(component);
  if (ok === undefined) {
    ok = probe(component);
    known.set(component, ok);
  }
  return ok;
}

/** The components of `components` that are missing on this machine. */
export function missingComponents(...components: Component[]): Component[] {
  return components.filter((c) => !hasComponent(c));
}

/** True when the run is a CI run (`CI` set to anything but "" or "false"). */
export function isCi(): boolean {
  const ci = Deno.env.get("CI");
  return ci !== undefined && ci !== "" && ci !== "false";
}

/**
 * Test-definition options for a test that needs `components` (call at module load, not inside
 * a test): `{ ignore: true }` when one is missing, with a loud message; under CI a failing test
 * naming the missing packages is registered as well.
 */
export function requires(...components: Component[]): { ignore: boolean } {
  const missing = missingComponents(...components);
  if (missing.length === 0) return { ignore: false };
  const packages = [...new Set(missing.map((c) => DEBIAN_PACKAGES[c]))].join(" ");
  const what = `missing ${missing.join(", ")}`;
  const hint = `install it with \`apt-get install ${packages}\` (or run .ci/run)`;
  if (isCi()) {
    Deno.test(`${what} (required because CI is set)`, () => {
      throw new Error(`This test needs ${missing.join(", ")}, which is not installed: ${hint}.`);
    });
  } else if (!announced.has(what)) {
    announced.add(what);
    console.error(`\n!!!!! SKIPPING tests that need ${missing.join(", ")}: ${hint} !!!!!\n`);
  }
  return { ignore: true };
}

/**
 * Runs the k8sm CLI as a child process (`deno run -A cli/main.ts …`) for command tests, and
 * compares output with golden files under tests/commands/golden/ (UPDATE_GOLDEN=1 rewrites them).
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const GOLDEN = new URL("./golden/", import.meta.url).pathname;
const EMPTY_KUBECONFIG = new URL("../_fixtures/empty_kubeconfig.yaml", import.meta.url).pathname;

/** What a CLI run printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `k8sm args…` with `env` added to a minimal environment (no colours, no kubeconfig). */
export async function runK8sm(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<CliResult> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", `${ROOT}cli/main.ts`, ...args],
    cwd: ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME") ?? "/tmp"}/.cache/deno`,
      NO_COLOR: "1",
      // An existing kubeconfig naming no cluster: never the user's own, and no server.
      KUBECONFIG: EMPTY_KUBECONFIG,
      ...env,
    },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Replaces what changes from run to run, keeping column alignment: ages ("7s" → "Ns"), uids,
 * timestamps, resource versions, and the test server's address.
 */
export function normalize(text: string, server?: string): string {
  let t = text;
  if (server) t = t.replaceAll(server, "http://SERVER");
  return t
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/(resourceVersion"?: )"?\d+"?/g, '$1"<rv>"')
    .replace(
      /(^|\s)(\d{1,3}[smh])(?=\s|$)/gm,
      (_m, pre: string, age: string) => pre + "N".repeat(age.length - 1) + age.slice(-1),
    );
}

/** Asserts `actual` equals the golden file `name` (or writes it when UPDATE_GOLDEN=1). */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const path = `${GOLDEN}${name}`;
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(path, actual);
    return;
  }
  let want: string;
  try {
    want = await Deno.readTextFile(path);
  } catch {
    throw new Error(
      `golden file ${path} is missing; run the test with UPDATE_GOLDEN=1 to create it`,
    );
  }
  assert.equal(actual, want, `output differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

/**
 * Runs `k8sm up` as a child process for end-to-end tests: HOME points at a temporary directory
 * (so the data dir is `<tmp>/.k8sm`), the Deno cache stays the machine's, and the API URL is
 * read from the "Ready. API: …" line. Also runs `k8sm` client commands against it, finds the
 * host processes of pods, and checks that nothing is left after a stop.
 */
import { resolveClientConfig } from "../../core/client/client_config.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { freePortRange } from "./ports.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

/** The agent port range of each test home: a restart on the same home keeps its agent's. */
const agentPorts = new Map<string, string>();

/**
 * `--agent-resources` with a free block of 200 host ports, unless the test gives its own: two
 * clusters on one host (parallel tests, a leftover) must not both offer 31000+, where one
 * pod's server would answer for another's.
 */
function agentPortsFor(home: string, args: string[]): string[] {
  if (args.some((a) => a.startsWith("--agent-resources"))) return [];
  let range = agentPorts.get(home);
  if (!range) {
    range = freePortRange(200, { first: 31000, last: 40000 }).text;
    agentPorts.set(home, range);
  }
  return [`--agent-resources=ports:[${range}]`];
}
const DENO_DIR = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;

/** A running `k8sm up`. */
export interface UpProcess {
  home: string;
  dataDir: string;
  apiUrl: string;
  /** The kubeconfig `up` wrote (CA and admin credentials when it serves HTTPS). */
  kubeconfig: string;
  /** A client of the API with the kubeconfig's CA and credentials; close() it when done. */
  client(): RestClient;
  /** Everything `k8sm up` printed on stdout so far. */
  stdout(): string;
  /** Runs `k8sm <args>` against the cluster (KUBECONFIG set); returns stdout, throws with stderr on failure. */
  k8sm(args: string[], opts?: { allowFailure?: boolean }): Promise<string>;
  /** SIGINT, then waits for the exit code. */
  interrupt(): Promise<number>;
  /** SIGKILL (a crash: nothing is cleaned up), then waits for the exit code. */
  kill(): Promise<number>;
}

/** Starts `k8sm up <args>` in `home` (a new temp dir unless given), `extraEnv` added. */
export async function startUp(
  args: string[],
  home?: string,
  extraEnv: Record<string, string> = {},
): Promise<UpProcess> {
  const dir = home ?? await Deno.makeTempDir({ prefix: "k8sm-up-e2e-" });
  const env = { ...extraEnv, HOME: dir, DENO_DIR, NO_COLOR: "1" };
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "up", "--port", "0", ...agentPortsFor(dir, args), ...args],
    cwd: dir,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  const pump = async (s: ReadableStream<Uint8Array>, add: (t: string) => void) => {
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) add(chunk);
  };
  const pumps = Promise.all([
    pump(child.stdout, (t) => out += t),
    pump(child.stderr, (t) => err += t),
  ]);
  let exited: number | undefined;
  const status = child.status.then((s) => exited = s.code);
  let apiUrl: string;
  let kubeconfig: string;
  try {
    const ready = await waitFor(() => {
      // Returned, not thrown: waitFor retries a check that throws until its deadline.
      if (exited !== undefined) return "exited";
      const api = /Ready\. API: (\S+)/.exec(out)?.[1];
      const config = /kubeconfig: (\S+)/.exec(out)?.[1];
      return api && config ? [api, config] : undefined;
    }, { timeoutMs: 120_000, intervalMs: 100, what: "k8sm up to print its API URL" });
    if (ready === "exited") throw new Error(`k8sm up exited with ${exited}`);
    [apiUrl, kubeconfig] = ready;
  } catch (e) {
    if (exited === undefined) child.kill("SIGKILL");
    await status;
    await pumps;
    throw new Error(
      `${(e as Error).message}\n--- stdout ---\n${out}\n--- stderr ---\n${err.slice(-3000)}`,
    );
  }
  return {
    home: dir,
    dataDir: `${dir}/.k8sm`,
    apiUrl,
    kubeconfig,
    client: () =>
      new RestClient(
        resolveClientConfig({ kubeconfig, implicitKubeconfig: false, env: () => undefined }),
      ),
    stdout: () => out,
    async k8sm(a, opts = {}) {
      const res = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CLI, ...a],
        cwd: dir,
        env: { ...env, KUBECONFIG: kubeconfig },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(res.stdout);
      if (!res.success && !opts.allowFailure) {
        throw new Error(`k8sm ${a.join(" ")} failed: ${new TextDecoder().decode(res.stderr)}`);
      }
      return text;
    },
    async interrupt() {
      if (exited === undefined) child.kill("SIGINT");
      const code = await status;
      await pumps;
      return code;
    },
    async kill() {
      if (exited === undefined) child.kill("SIGKILL");
      const code = await status;
      await pumps;
      return code;
    },
  };
}

/** The pids of processes whose environment has `HOSTNAME=<podName>` (process-runtime pods). */
export function podProcesses(podName: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`).split("\0");
      if (env.includes(`HOSTNAME=${podName}`)) pids.push(Number(e.name));
    } catch { /* gone or not ours */ }
  }
  return pids;
}

/** Pids of processes whose command line contains `needle`. */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
      if (cmd.includes(needle)) pids.push(Number(e.name));
    } catch { /* gone */ }
  }
  return pids;
}

/** One raw HTTP/1.0 GET (a new connection each time, so the proxy balances every request). */
export async function httpGet(port: number, path = "/"): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(`GET ${path} HTTP/1.0\r\nHost: localhost\r\n\r\n`));
    let text = "";
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    return text.split("\r\n\r\n").slice(1).join("\r\n\r\n");
  } finally {
    try {
      conn.close();
    } catch { /* closed by peer */ }
  }
}

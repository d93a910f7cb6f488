/**
 * Issue 12 "Signals": every daemon honours its first SIGTERM promptly, also while the apiserver
 * it talks to is unreachable (the scheduler used to wait for its pod informer to sync first),
 * and a burst of two counts as one (it exits by itself, cleanly, not by the second signal's
 * default action). Each daemon runs as a real `k8sm` process pointed at a closed port.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;
const DENO_DIR = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;
/** How long a daemon may take from SIGTERM to exit. */
const STOP_DEADLINE_MS = 10_000;

/** A loopback port nothing listens on (connections are refused). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

/**
 * Runs `k8sm <args>`, waits until its stderr shows it failing to reach the apiserver, sends
 * SIGTERM twice (a burst) and returns how it exited (throws when it is still running after the deadline).
 */
async function termWhileApiserverDown(args: string[]): Promise<
  { status: Deno.CommandStatus; stderr: string }
> {
  const home = await Deno.makeTempDir({ prefix: "k8sm-daemon-signals-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", CLI, ...args],
    cwd: home,
    env: { HOME: home, DENO_DIR, NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const pump = (async () => {
    for await (const t of child.stderr.pipeThrough(new TextDecoderStream())) stderr += t;
  })();
  let status: Deno.CommandStatus | undefined;
  const exited = child.status.then((s) => status = s);
  try {
    await waitFor(() => {
      if (status !== undefined) {
        throw new Error(`k8sm ${args[0]} exited (${status.code}) early; its log:\n${stderr}`);
      }
      return /cannot reach the API server/.test(stderr);
    }, {
      timeoutMs: 60_000,
      what: `k8sm ${args[0]} to report the unreachable apiserver`,
    }).catch((e) => {
      throw new Error(`${(e as Error).message}; its log so far:\n${stderr.slice(-3000)}`);
    });
    // Twice, 1 ms apart, as a supervisor that forwards signals delivers them: one request.
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1));
    if (status === undefined) child.kill("SIGTERM");
    await waitFor(() => status, {
      timeoutMs: STOP_DEADLINE_MS,
      what: `k8sm ${args[0]} to exit after SIGTERM`,
    }).catch((e) => {
      throw new Error(`${(e as Error).message}; its log:\n${stderr.slice(-3000)}`);
    });
    await pump;
    return { status: status!, stderr };
  } finally {
    if (status === undefined) child.kill("SIGKILL");
    await exited;
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

function assertCleanExit(r: { status: Deno.CommandStatus; stderr: string }): void {
  assert.equal(r.status.signal, null, `killed by a signal instead of exiting:\n${r.stderr}`);
  assert.equal(r.status.code, 0, r.stderr.slice(-3000));
}

Deno.test("k8sm scheduler exits promptly on SIGTERM while its apiserver is unreachable", async () => {
  const port = closedPort();
  const r = await termWhileApiserverDown([
    "scheduler",
    `--api-servers=http://127.0.0.1:${port}`,
    `--mesos-master=127.0.0.1:${port}`,
  ]);
  assertCleanExit(r);
  assert.match(r.stderr, /shutting down/);
});

Deno.test("k8sm controller-manager exits promptly on SIGTERM while its apiserver is unreachable", async () => {
  const r = await termWhileApiserverDown([
    "controller-manager",
    `--master=http://127.0.0.1:${closedPort()}`,
  ]);
  assertCleanExit(r);
});

Deno.test("k8sm proxy exits promptly on SIGTERM while its apiserver is unreachable", async () => {
  const r = await termWhileApiserverDown(["proxy", `--master=http://127.0.0.1:${closedPort()}`]);
  assertCleanExit(r);
});

/**
 * Issue 12 acceptance "Ctrl-C": `deno task up` in its own process group, as a terminal runs it.
 * A Ctrl-C reaches `deno task` and `k8sm up` alike (and `deno task` forwards it), so `up` sees
 * a burst of SIGINTs; that burst is one request and stops everything cleanly. A second Ctrl-C
 * given deliberately later forces the exit, and even then no executor or pod process is left.
 * Pods are found by a marker argument in their command line, executors by the data dir.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { processesMentioning } from "../_helpers/k8sm_up.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const DENO_DIR = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;

interface TaskUp {
  pgid: number;
  dataDir: string;
  output(): string;
  /** Resolves once `deno task` exited and its output is read. */
  done: Promise<Deno.CommandStatus>;
}

/** `deno task up` as the leader of a new process group (a terminal's foreground job). */
async function startTaskUp(): Promise<TaskUp & { apiUrl: string }> {
  const home = await Deno.makeTempDir({ prefix: "k8sm-up-signals-" });
  const dataDir = `${home}/data`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "up", "--data-dir", dataDir, "--port", "0", "--insecure"].concat(
      "--container-runtime=process",
    ),
    cwd: REPO,
    env: { HOME: home, DENO_DIR, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) out += chunk;
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const done = child.status.then(async (s) => (await pumps, s));
  let exited = false;
  done.then(() => exited = true);
  const up: TaskUp = { pgid: child.pid, dataDir, output: () => out, done };
  try {
    const apiUrl = await waitFor(() => {
      if (exited) throw new Error(`deno task up exited early:\n${out}`);
      return /Ready\. API: (\S+)/.exec(out)?.[1];
    }, { timeoutMs: 120_000, intervalMs: 100, what: "deno task up to print its API URL" });
    return { ...up, apiUrl };
  } catch (e) {
    await cleanUp(up, "");
    throw e;
  }
}

/** Kills whatever is left of the group and of the pods (after a failed assertion). */
async function cleanUp(up: TaskUp, marker: string): Promise<void> {
  try {
    Deno.kill(-up.pgid, "SIGKILL");
  } catch { /* gone */ }
  const left = [...processesMentioning(up.dataDir), ...(marker ? processesMentioning(marker) : [])];
  for (const pid of left) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  await up.done;
  await Deno.remove(up.dataDir.replace(/\/data$/, ""), { recursive: true }).catch(() => {});
}

/** Creates an RC of 2 whose pods run `sleep <marker>` (ignoring SIGTERM when `stubborn`). */
async function runRc(apiUrl: string, marker: string, stubborn: boolean): Promise<void> {
  const script = `${stubborn ? "trap '' TERM; " : ""}exec sleep ${marker}`;
  const rc = {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "signals" },
    spec: {
      replicas: 2,
      selector: { app: "signals" },
      template: {
        metadata: { labels: { app: "signals" } },
        spec: {
          terminationGracePeriodSeconds: stubborn ? 120 : 2,
          containers: [{ name: "main", image: "busybox", command: ["sh", "-c", script] }],
        },
      },
    },
  };
  const res = await fetch(`${apiUrl}/api/v1/namespaces/default/replicationcontrollers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rc),
  });
  assert.equal(res.status, 201, await res.text());
  await waitFor(() => processesMentioning(`sleep ${marker}`).length === 2, {
    timeoutMs: 120_000,
    what: "two pod processes of the RC",
  });
}

/** SIGINT to the whole group twice, 1 ms apart: a terminal's Ctrl-C under `deno task`. */
async function ctrlC(pgid: number): Promise<void> {
  Deno.kill(-pgid, "SIGINT");
  await new Promise((r) => setTimeout(r, 1));
  Deno.kill(-pgid, "SIGINT");
}

async function assertNothingLeft(up: TaskUp, marker: string): Promise<void> {
  let exited = false;
  up.done.then(() => exited = true);
  await waitFor(() => exited, { timeoutMs: 90_000, what: "deno task up to exit" }).catch((e) => {
    throw new Error(`${(e as Error).message}\n${up.output()}`);
  });
  await waitFor(
    () =>
      processesMentioning(up.dataDir).length === 0 &&
      processesMentioning(`sleep ${marker}`).length === 0,
    { timeoutMs: 30_000, what: "no executor and no pod process left" },
  ).catch((e) => {
    throw new Error(
      `${(e as Error).message}: executors/up ${processesMentioning(up.dataDir)}, pods ${
        processesMentioning(`sleep ${marker}`)
      }\n${up.output()}`,
    );
  });
}

const marker = () => `${7_000_000 + Math.floor(Math.random() * 999_999)}`;

Deno.test({
  name: "a Ctrl-C burst to `deno task up` (SIGINT twice, 1 ms apart) stops everything cleanly",
  sanitizeResources: false,
  async fn() {
    const up = await startTaskUp();
    const m = marker();
    try {
      await runRc(up.apiUrl, m, false);
      await ctrlC(up.pgid);
      await assertNothingLeft(up, m);
      assert.match(up.output(), /k8sm up: stopped\./, up.output());
      assert.doesNotMatch(up.output(), /second signal/, up.output());
    } finally {
      await cleanUp(up, m);
    }
  },
});

Deno.test({
  name: "a second Ctrl-C after the burst forces `deno task up` out, leaving no executor or pod",
  sanitizeResources: false,
  async fn() {
    const up = await startTaskUp();
    const m = marker();
    try {
      await runRc(up.apiUrl, m, true);
      await ctrlC(up.pgid);
      const first = performance.now();
      await waitFor(() => up.output().includes("Ctrl-C again to force"), {
        timeoutMs: 10_000,
        what: "up to start stopping",
      });
      // Deliberately later than the burst: the pods ignore SIGTERM, so the stop is still going.
      await waitFor(() => performance.now() - first > 1500, { timeoutMs: 5000, what: "1.5 s" });
      assert.equal(processesMentioning(`sleep ${m}`).length, 2, "pods still stopping");
      await ctrlC(up.pgid);
      await assertNothingLeft(up, m);
      assert.match(up.output(), /second signal/, up.output());
    } finally {
      await cleanUp(up, m);
    }
  },
});

/**
 * Issue 12 item 1 end to end: `k8sm up` (process runtime) is SIGKILLed with an RC of 5 running
 * and started again on the same data dir. Its mesos-local agent recovers from
 * `<data-dir>/mesos/meta` (same agent id and port), the executor re-subscribes, and the host
 * converges to exactly the desired pods: the same 5 pod processes (found by a marker argument),
 * 5 Running pods in the API, no second copy; a graceful stop afterwards leaves nothing behind.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { processesMentioning } from "../_helpers/k8sm_up.ts";
import { freePort } from "../_helpers/ports.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

interface Up {
  child: Deno.ChildProcess;
  output(): string;
  done: Promise<Deno.CommandStatus>;
}

async function startUp(dataDir: string, port: number): Promise<Up> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI,
      "up",
      "--data-dir",
      dataDir,
      "--port",
      String(port),
      "--insecure",
      "--container-runtime=process",
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) out += chunk;
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const done = child.status.then(async (s) => (await pumps, s));
  let exited = false;
  done.then(() => exited = true);
  await waitFor(() => {
    if (exited) throw new Error(`k8sm up exited early:\n${out}`);
    return /Ready\. API: (\S+)/.test(out);
  }, { timeoutMs: 120_000, intervalMs: 100, what: "k8sm up to print its API URL" });
  return { child, output: () => out, done };
}

interface PodList {
  items: { metadata: { name: string }; status?: { phase?: string } }[];
}

async function runningPods(api: string): Promise<string[]> {
  const res = await fetch(`${api}/api/v1/namespaces/default/pods?labelSelector=app%3Drecovery`);
  const list = await res.json() as PodList;
  return list.items.filter((p) => p.status?.phase === "Running").map((p) => p.metadata.name)
    .sort();
}

Deno.test({
  name: "up SIGKILLed and started again on its data dir keeps exactly the desired pods",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const home = await Deno.makeTempDir({ prefix: "k8sm-up-recovery-" });
    const dataDir = `${home}/data`;
    const port = freePort();
    const api = `http://127.0.0.1:${port}`;
    const marker = `${7_000_000 + Math.floor(Math.random() * 999_999)}`;
    const pods = () => processesMentioning(`sleep ${marker}`).sort();
    let up = await startUp(dataDir, port);
    try {
      const rc = {
        apiVersion: "v1",
        kind: "ReplicationController",
        metadata: { name: "recovery" },
        spec: {
          replicas: 5,
          selector: { app: "recovery" },
          template: {
            metadata: { labels: { app: "recovery" } },
            spec: {
              terminationGracePeriodSeconds: 2,
              containers: [{
                name: "main",
                image: "busybox",
                command: ["sh", "-c", `exec sleep ${marker}`],
              }],
            },
          },
        },
      };
      const res = await fetch(`${api}/api/v1/namespaces/default/replicationcontrollers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(rc),
      });
      assert.equal(res.status, 201, await res.text());
      await waitFor(async () => pods().length === 5 && (await runningPods(api)).length === 5, {
        timeoutMs: 120_000,
        what: "5 pod processes and 5 Running pods",
      });
      const before = pods();
      const names = await runningPods(api);

      up.child.kill("SIGKILL");
      await up.done;
      assert.deepEqual(pods(), before, "the pods outlive the crash of up");
      up = await startUp(dataDir, port);
      const settled = Date.now();
      await waitFor(
        async () => {
          const now = await runningPods(api).catch(() => []);
          return now.length === 5 && pods().length === 5;
        },
        { timeoutMs: 120_000, what: "5 Running pods and 5 pod processes after the restart" },
      );
      // Past the executor's 20 s recovery timeout (an unrecovered executor would have killed its
      // pods by then) and the scheduler's reconciliation: nothing may have changed.
      await waitFor(() => Date.now() - settled > 25_000, { timeoutMs: 40_000, what: "25 s" });
      assert.deepEqual(pods(), before, "the same pod processes: none replaced, none added");
      assert.deepEqual(await runningPods(api), names, "the same pods in the API");

      up.child.kill("SIGINT");
      await up.done;
      await waitFor(() => pods().length === 0 && processesMentioning(dataDir).length === 0, {
        timeoutMs: 60_000,
        what: "no pod process and no executor left after the stop",
      });
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- up output ---\n${up.output().slice(-6000)}`);
    } finally {
      try {
        up.child.kill("SIGKILL");
      } catch { /* exited */ }
      await up.done;
      for (const pid of [...pods(), ...processesMentioning(dataDir)]) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone */ }
      }
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});

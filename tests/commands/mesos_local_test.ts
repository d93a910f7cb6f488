/**
 * Acceptance 5: `k8sm mesos-local --agents 3` as a child process prints where the master and
 * the agents listen, /state lists the three agents, and SIGINT stops everything, including a
 * running task's process group.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { post, subscribeRaw } from "../_helpers/raw_mesos_stream.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

Deno.test("k8sm mesos-local --agents 3 runs standalone and stops cleanly on SIGINT", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "mesos-local",
      "--port",
      "0",
      "--agents",
      "3",
      "--allocation-interval",
      "100ms",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const stdout = (async () => {
    const decoder = new TextDecoderStream();
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(decoder)) {
      buf += chunk;
      const parts = buf.split("\n");
      buf = parts.pop()!;
      lines.push(...parts);
    }
  })();
  const stderr = child.stderr.pipeTo(new WritableStream());
  let exited = false;
  try {
    const masterLine = await waitFor(() => lines.find((l) => l.startsWith("master ")), {
      what: "the master line",
      timeoutMs: 30_000,
    });
    const masterUrl = /listening on (http:\/\/\S+)/.exec(masterLine)![1];
    const agentLines = await waitFor(() => {
      const found = lines.filter((l) => l.startsWith("agent "));
      return found.length === 3 && found;
    }, { what: "three agent lines" });
    for (const l of agentLines) assert.match(l, /listening on http:\/\/127\.0\.0\.1:\d+/);

    const state = await (await fetch(`${masterUrl}/state`)).json();
    assert.equal(state.slaves.length, 3);
    const hostnames = new Set(state.slaves.map((s: { hostname: string }) => s.hostname));
    assert.equal(hostnames.size, 3, "agents have distinct hostnames");
    const metrics = await (await fetch(`${masterUrl}/metrics`)).text();
    assert.match(metrics, /mesos_master_agents_active 3/);

    // Run a command task, so that SIGINT has a process group to clean up.
    const api = `${masterUrl}/api/v1/scheduler`;
    const stream = await subscribeRaw(api, {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "root", name: "cli-test" } },
    });
    try {
      const fwId =
        ((await stream.next("SUBSCRIBED")).subscribed as { framework_id: { value: string } })
          .framework_id.value;
      const offer =
        ((await stream.next("OFFERS")).offers as { offers: Record<string, unknown>[] }).offers[0];
      const accepted = await post(api, {
        framework_id: { value: fwId },
        type: "ACCEPT",
        accept: {
          offer_ids: [offer.id],
          operations: [{
            type: "LAUNCH",
            launch: {
              task_infos: [{
                name: "sleeper",
                task_id: { value: "sleeper" },
                agent_id: offer.agent_id,
                resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
                command: { value: "sleep 300 & sleep 300" },
              }],
            },
          }],
        },
      }, { "Content-Type": "application/json", "Mesos-Stream-Id": stream.streamId });
      assert.equal(accepted.status, 202);
      await stream.next("UPDATE");
      const agentId = (offer.agent_id as { value: string }).value;
      const agent = state.slaves.find((s: { id: string }) => s.id === agentId);
      const pid = await waitFor(async () => {
        const endpoint = (agent.pid as string).split("@")[1]; // slave(1)@127.0.0.1:<port>
        const st = await (await fetch(`http://${endpoint}/state`)).json();
        return st.executors.find((e: { id: string }) => e.id === "sleeper")?.pid as
          | number
          | undefined;
      }, { what: "the task's pid" });
      assert.ok(alive(pid));

      child.kill("SIGINT");
      const status = await child.status;
      exited = true;
      assert.equal(status.code, 0);
      assert.ok(lines.includes("mesos-local stopped"));
      assert.ok(!alive(pid), "the task's process is gone");
      const group = new TextDecoder().decode(
        new Deno.Command("pgrep", { args: ["-g", String(pid)], stdout: "piped" }).outputSync()
          .stdout,
      ).trim().split("\n").filter((l) => l !== "").map(Number);
      // Killed processes may linger as zombies when PID 1 does not reap; they are not alive.
      assert.deepEqual(group.filter(alive), [], "no live process of its group is left");
    } finally {
      await stream.close();
    }
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await child.status;
    }
    await stdout;
    await stderr;
  }
});

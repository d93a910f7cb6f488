/**
 * A custom executor for agent-recovery tests, started by a mesos-local agent as
 * `deno run -A tests/_helpers/sleep_executor.ts`. Each task's `data` is the base64 of JSON
 * `{"marker": "…"}`; the task runs `sleep 3600` with argv[0] = marker (a "pod process" counted
 * by its marker)
 * and reports RUNNING with the sleep's pid as `message` (`pid=<n> checkpointed=yes|no`: whether
 * the agent's checkpoint of the task was on disk when the LAUNCH came); each ACKNOWLEDGED appends
 * `<task> yes|no` to `acks.txt` in the sandbox (was the acked RUNNING on disk). KILL kills it (TASK_KILLED),
 * SHUTDOWN kills all. When the agent is gone for good (AgentDisconnectedError: a different
 * agent, or the recovery timeout) it kills every sleep and exits with status 1, as the k8sm
 * executor kills its pods.
 */
import { ExecutorClient } from "../../core/mesos/executor_client.ts";
import { AgentDisconnectedError, base64ToBytes } from "../../core/mesos/executor_types.ts";
import type { ExecutorInfo } from "../../core/mesos/local/mesos_types.ts";

/** The path to pass to `deno run -A`. */
export const SLEEP_EXECUTOR_PATH = new URL(import.meta.url).pathname;

const ROOT = new URL("../../", import.meta.url).pathname;

/** ExecutorInfo running this executor. */
export function sleepExecutorInfo(id: string): ExecutorInfo {
  const deno = Deno.execPath();
  return {
    executor_id: { value: id },
    name: "k8sm sleep executor",
    command: {
      value: deno,
      shell: false,
      arguments: [deno, "run", "-A", "--config", `${ROOT}deno.json`, SLEEP_EXECUTOR_PATH],
    },
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
  };
}

/** Task data for a sleep marked `marker`. */
export function sleepTaskData(marker: string): string {
  return btoa(JSON.stringify({ marker }));
}

function markerOf(data: unknown): string {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(base64ToBytes(String(data))));
    return String(parsed.marker ?? "k8sm-sleep");
  } catch {
    return "k8sm-sleep";
  }
}

/**
 * Whether the agent's checkpoint of task `id` exists: `<work>/meta/slaves/…/tasks/<id>.json`
 * beside the sandbox `<work>/slaves/…` (MESOS_DIRECTORY).
 */
function checkpointed(id: string): boolean {
  try {
    return Deno.statSync(`${taskCheckpoint(id)}.json`).isFile;
  } catch {
    return false;
  }
}

/** `<work>/meta/slaves/…/tasks/<id>` beside the sandbox `<work>/slaves/…` (MESOS_DIRECTORY). */
function taskCheckpoint(id: string): string {
  const sandbox = Deno.env.get("MESOS_DIRECTORY") ?? "";
  const at = sandbox.lastIndexOf("/slaves/");
  const meta = at < 0 ? "/nonexistent" : `${sandbox.slice(0, at)}/meta${sandbox.slice(at)}`;
  return `${meta}/tasks/${encodeURIComponent(id)}`;
}

/**
 * On an ACKNOWLEDGED update of task `id`: appends `<id> yes|no` to `acks.txt` in the sandbox,
 * whether the agent's checkpoint of the task (record or log) already holds TASK_RUNNING.
 */
function recordAck(id: string): void {
  const read = (p: string) => {
    try {
      return Deno.readTextFileSync(p);
    } catch {
      return "";
    }
  };
  const path = taskCheckpoint(id);
  const onDisk = (read(`${path}.json`) + read(`${path}.log`)).includes("TASK_RUNNING");
  const sandbox = Deno.env.get("MESOS_DIRECTORY") ?? ".";
  Deno.writeTextFileSync(`${sandbox}/acks.txt`, `${id} ${onDisk ? "yes" : "no"}\n`, {
    append: true,
  });
}

async function main(): Promise<number> {
  const client = new ExecutorClient();
  const sleeps = new Map<string, Deno.ChildProcess>();
  const killAll = async () => {
    for (const child of sleeps.values()) {
      try {
        child.kill("SIGKILL");
      } catch {
        // gone
      }
      await child.status;
    }
    sleeps.clear();
  };
  try {
    for await (const ev of client.events) {
      if (ev.type === "LAUNCH" && ev.launch) {
        const id = ev.launch.task.task_id.value;
        const onDisk = checkpointed(id) ? "yes" : "no";
        // `exec -a`: the sleep's argv[0] is the marker, so its cmdline names the task.
        const child = new Deno.Command("bash", {
          args: ["-c", 'exec -a "$0" sleep 3600', markerOf(ev.launch.task.data)],
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn();
        sleeps.set(id, child);
        await client.update({
          task_id: { value: id },
          state: "TASK_RUNNING",
          message: `pid=${child.pid} checkpointed=${onDisk}`,
        });
      } else if (ev.type === "ACKNOWLEDGED" && ev.acknowledged) {
        recordAck(ev.acknowledged.task_id.value);
      } else if (ev.type === "KILL" && ev.kill) {
        const id = ev.kill.task_id.value;
        const child = sleeps.get(id);
        sleeps.delete(id);
        child?.kill("SIGKILL");
        await child?.status;
        await client.update({ task_id: { value: id }, state: "TASK_KILLED" });
      } else if (ev.type === "SHUTDOWN") {
        await killAll();
        break;
      }
    }
  } catch (e) {
    await killAll();
    console.error(`sleep executor: ${e instanceof Error ? e.message : e}`);
    if (e instanceof AgentDisconnectedError) {
      await client.close();
      return 1;
    }
  }
  await killAll();
  await client.drain(2000);
  await client.close();
  return 0;
}

if (import.meta.main) Deno.exit(await main());

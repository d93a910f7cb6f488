/**
 * A tiny custom executor for tests, built on core/mesos/executor_client.ts and started by a
 * mesos-local agent as `deno run -A tests/_helpers/test_executor.ts`. Each task's `data` is the
 * base64 of a JSON `{"mode": …}`:
 *  - "finish" (default): STARTING → RUNNING → FINISHED;
 *  - "run": STARTING → RUNNING, then TASK_KILLED on KILL;
 *  - "fail": STARTING → TASK_FAILED;
 *  - "running": RUNNING only (benchmarks), then TASK_KILLED on KILL.
 * LAUNCH_GROUP runs each task of the group the same way. MESSAGE events are echoed back to the scheduler. SHUTDOWN kills every task and exits.
 * TEST_EXECUTOR_CONTENT_TYPE=json switches the wire to JSON.
 */
import { ExecutorClient } from "../../core/mesos/executor_client.ts";
import { base64ToBytes, type TaskInfoJson } from "../../core/mesos/executor_types.ts";
import { CONTENT_TYPE_JSON, CONTENT_TYPE_PROTOBUF } from "../../core/mesos/content_type.ts";

/** How to run the executor: the path to pass to `deno run -A`. */
export const TEST_EXECUTOR_PATH = new URL(import.meta.url).pathname;

function modeOf(data: unknown): string {
  if (typeof data !== "string") return "finish";
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(base64ToBytes(data)));
    if (parsed && typeof parsed === "object" && "mode" in parsed) return String(parsed.mode);
  } catch {
    // not JSON: default mode
  }
  return "finish";
}

async function main(): Promise<void> {
  const json = Deno.env.get("TEST_EXECUTOR_CONTENT_TYPE") === "json";
  const client = new ExecutorClient({
    contentType: json ? CONTENT_TYPE_JSON : CONTENT_TYPE_PROTOBUF,
  });
  const running = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const send = (taskId: string, state: string) =>
    client.update({ task_id: { value: taskId }, state }).catch((e) =>
      console.error(`update ${state} of ${taskId} failed: ${e}`)
    );
  const launch = async (task: TaskInfoJson) => {
    const id = task.task_id.value;
    const mode = modeOf(task.data);
    if (mode === "running") {
      // Benchmarks: do not wait for the agent's 202 before taking the next LAUNCH.
      running.add(id);
      pending.add(send(id, "TASK_RUNNING"));
      return;
    }
    await send(id, "TASK_STARTING");
    if (mode === "fail") return void await send(id, "TASK_FAILED");
    await send(id, "TASK_RUNNING");
    if (mode === "run") running.add(id);
    else await send(id, "TASK_FINISHED");
  };
  try {
    for await (const ev of client.events) {
      if (ev.type === "LAUNCH" && ev.launch) {
        await launch(ev.launch.task);
      } else if (ev.type === "LAUNCH_GROUP" && ev.launch_group) {
        for (const task of ev.launch_group.task_group.tasks ?? []) await launch(task);
      } else if (ev.type === "KILL" && ev.kill) {
        const id = ev.kill.task_id.value;
        running.delete(id);
        await send(id, "TASK_KILLED");
      } else if (ev.type === "MESSAGE" && ev.message) {
        await client.message(base64ToBytes(ev.message.data)).catch(() => {});
      } else if (ev.type === "SHUTDOWN") {
        for (const id of running) await send(id, "TASK_KILLED");
        running.clear();
        break;
      }
    }
  } catch (e) {
    console.error(`test executor: ${e instanceof Error ? e.message : e}`);
  }
  await Promise.all(pending);
  await client.drain(2000);
  await client.close();
}

if (import.meta.main) await main();

/**
 * A stand-in for `k8sm executor` in scheduler tests, started by mesos-local agents as
 * `deno run -A tests/_helpers/pod_test_executor.ts executor --api-servers=URL …` (the argv the
 * scheduler builds). Each task's `data` is the pod JSON; the executor answers STARTING and
 * RUNNING, writes the pod's status (phase Running, hostIP) to the apiserver, and answers a KILL
 * with TASK_KILLED. It runs no containers. SHUTDOWN kills every task and exits.
 */
import { ExecutorClient } from "../../core/mesos/executor_client.ts";
import { base64ToBytes } from "../../core/mesos/executor_types.ts";

/** The path to pass as the scheduler's executor path. */
export const POD_TEST_EXECUTOR_PATH = new URL(import.meta.url).pathname;

interface PodJson {
  metadata: { name: string; namespace?: string; uid?: string };
  status?: Record<string, unknown>;
}

function apiServer(): string | undefined {
  const flag = Deno.args.find((a) => a.startsWith("--api-servers="));
  return flag?.slice("--api-servers=".length).split(",")[0];
}

async function writeRunning(server: string, pod: PodJson): Promise<void> {
  const ns = pod.metadata.namespace ?? "default";
  const url = `${server}/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`;
  for (let i = 0; i < 10; i++) {
    const cur = await fetch(url);
    if (!cur.ok) {
      await cur.body?.cancel();
      return;
    }
    const obj = await cur.json() as PodJson;
    if (obj.metadata.uid !== pod.metadata.uid) return;
    const status = {
      ...obj.status,
      phase: "Running",
      hostIP: "127.0.0.1",
      podIP: "127.0.0.1",
      startTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    };
    const res = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...obj, status }),
    });
    await res.body?.cancel();
    if (res.status !== 409) return;
  }
}

async function main(): Promise<void> {
  const server = apiServer();
  const client = new ExecutorClient();
  const running = new Set<string>();
  const send = (taskId: string, state: string, message?: string) =>
    client.update({ task_id: { value: taskId }, state, ...(message ? { message } : {}) }).catch(
      (e) => console.error(`update ${state} of ${taskId} failed: ${e}`),
    );
  try {
    for await (const ev of client.events) {
      if (ev.type === "LAUNCH" && ev.launch) {
        const task = ev.launch.task;
        const id = task.task_id.value;
        running.add(id);
        await send(id, "TASK_STARTING");
        const pod = JSON.parse(
          new TextDecoder().decode(base64ToBytes(String(task.data ?? ""))),
        ) as PodJson;
        if (server) await writeRunning(server, pod).catch((e) => console.error(String(e)));
        await send(id, "TASK_RUNNING");
      } else if (ev.type === "KILL" && ev.kill) {
        const id = ev.kill.task_id.value;
        running.delete(id);
        await send(id, "TASK_KILLED", "killed by the scheduler");
      } else if (ev.type === "SHUTDOWN") {
        for (const id of running) await send(id, "TASK_KILLED");
        running.clear();
        break;
      }
    }
  } catch (e) {
    console.error(`pod test executor: ${e instanceof Error ? e.message : e}`);
  }
  await client.drain(2000);
  await client.close();
}

if (import.meta.main) await main();

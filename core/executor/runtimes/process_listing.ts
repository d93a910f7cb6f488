/**
 * Finds the process runtime's sandboxes and containers on disk (for adoption after an executor
 * restart), filtered by pod, task and the runtime's own labels.
 */

import {
  type ContainerFilter,
  type DiscoveredContainer,
  LABELS,
  SANDBOX_CONTAINER_NAME,
} from "../runtime.ts";
import {
  type ProcessLayout,
  type ProcessRecord,
  readJson,
  type SandboxRecord,
} from "./process_state.ts";

function matches(
  labels: Record<string, string>,
  filter: ContainerFilter,
  extra: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(extra)) if (labels[k] !== v) return false;
  if (filter.podUid && labels[LABELS.podUid] !== filter.podUid) return false;
  if (filter.taskId && labels[LABELS.taskId] !== filter.taskId) return false;
  return true;
}

async function entries(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isDirectory) out.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

/** Every sandbox (as a `sandbox: true` entry) and container record under the layout's root. */
export async function listProcessContainers(
  layout: ProcessLayout,
  filter: ContainerFilter,
  extra: Record<string, string>,
): Promise<DiscoveredContainer[]> {
  const out: DiscoveredContainer[] = [];
  const uids = filter.podUid ? [filter.podUid] : await entries(layout.podsDir());
  for (const uid of uids) {
    const dir = layout.sandboxDir(uid);
    const sandbox = await readJson<SandboxRecord>(`${dir}/sandbox.json`);
    if (!sandbox || !matches(sandbox.labels, filter, extra)) continue;
    if (filter.includeSandboxes !== false) {
      out.push({
        ref: { id: uid, podUid: uid, containerName: SANDBOX_CONTAINER_NAME, attempt: 0 },
        podUid: uid,
        podName: sandbox.name,
        podNamespace: sandbox.namespace,
        containerName: SANDBOX_CONTAINER_NAME,
        taskId: sandbox.labels[LABELS.taskId],
        executorId: sandbox.labels[LABELS.executorId],
        sandbox: true,
        state: "running",
        labels: sandbox.labels,
      });
    }
    for (const name of await entries(`${dir}/containers`)) {
      const rec = await readJson<ProcessRecord>(`${dir}/containers/${name}/state.json`);
      if (!rec || !matches(rec.labels, filter, extra)) continue;
      out.push({
        ref: {
          id: rec.id,
          podUid: uid,
          containerName: rec.containerName,
          attempt: rec.attempt,
        },
        podUid: uid,
        podName: sandbox.name,
        podNamespace: sandbox.namespace,
        containerName: rec.containerName,
        taskId: rec.labels[LABELS.taskId],
        executorId: rec.labels[LABELS.executorId],
        sandbox: false,
        state: rec.finishedAt === undefined ? "running" : "exited",
        labels: rec.labels,
      });
    }
  }
  return out;
}

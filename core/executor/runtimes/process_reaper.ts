/**
 * Killing what a process runtime left running, without its executor: every container whose
 * `state.json` under the runtime's root records a live process group gets SIGKILL. `k8sm up`
 * uses it when it is forced to exit (its executors are killed at once and cannot stop their
 * pods) and after a stop, so that no pod process outlives the cluster.
 */
import {
  processAlive,
  ProcessLayout,
  type ProcessRecord,
  readJson,
  signalGroup,
} from "./process_state.ts";

async function dirNames(path: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(path)) if (e.isDirectory) names.push(e.name);
  } catch {
    // absent: nothing ran there
  }
  return names;
}

/**
 * SIGKILLs the process group of every live container recorded under `root` (a process
 * runtime's `--root-dir`), checking each pid's start time so a reused pid is left alone.
 * Returns how many groups were signalled.
 */
export async function killProcessPods(root: string): Promise<number> {
  const layout = new ProcessLayout(root);
  let killed = 0;
  for (const pod of await dirNames(layout.podsDir())) {
    const containers = `${layout.podsDir()}/${pod}/containers`;
    for (const c of await dirNames(containers)) {
      const rec = await readJson<ProcessRecord>(`${containers}/${c}/state.json`);
      if (!rec || rec.finishedAt !== undefined || !await processAlive(rec)) continue;
      if (signalGroup(rec.pgid, "SIGKILL")) killed++;
    }
  }
  return killed;
}

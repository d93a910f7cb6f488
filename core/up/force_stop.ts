/**
 * Stopping `k8sm up` by force (a second Ctrl-C given after the first one's burst): there is no
 * time for executors to stop their pods, so every executor's process group is killed at once,
 * then the pods themselves — the process runtime's recorded process groups, or (Docker) the
 * framework's containers — so that nothing of the cluster outlives `up`.
 */
import { killProcessPods } from "../executor/runtimes/process_reaper.ts";
import type { LocalCluster } from "../mesos/local/local_cluster.ts";
import { removeFrameworkContainers, type RuntimeChoice } from "./runtime_choice.ts";

/** What a forced stop needs to know about the cluster. */
export interface ForceStopTarget {
  mesos: LocalCluster;
  runtime: RuntimeChoice;
  /** The process runtime's pod directory (`<data dir>/process` under `k8sm up`). */
  processRoot: string;
  /** The scheduler's framework id: Docker containers are found by its label. */
  frameworkId?: string;
}

/** What a forced stop killed. */
export interface ForceStopResult {
  executors: number;
  /** Pod process groups (process runtime) or containers (Docker) removed. */
  pods: number;
}

/**
 * SIGKILLs the executor process group of every run on every agent and waits (at most
 * `timeoutMs`) until they are reaped, so none starts a pod afterwards; returns how many.
 */
export async function killExecutors(mesos: LocalCluster, timeoutMs = 2000): Promise<number> {
  const exits: Promise<unknown>[] = [];
  for (const agent of mesos.agents) {
    for (const run of agent.runs.values()) {
      if (!run.process) continue;
      run.process.kill("SIGKILL");
      exits.push(run.process.exited);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
  await Promise.race([Promise.allSettled(exits), late]).finally(() => clearTimeout(timer));
  return exits.length;
}

/**
 * Kills executors, then their pods; Docker removal is given at most `timeoutMs` (the Docker
 * API may be what hangs). Never throws.
 */
export async function forceStop(
  target: ForceStopTarget,
  timeoutMs = 5000,
): Promise<ForceStopResult> {
  const executors = await killExecutors(target.mesos);
  let pods = await killProcessPods(target.processRoot).catch(() => 0);
  if (target.runtime.runtime === "docker" && target.frameworkId) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<number>((resolve) => timer = setTimeout(() => resolve(0), timeoutMs));
    pods += await Promise.race([
      removeFrameworkContainers(target.frameworkId, target.runtime.dockerEndpoint).catch(() => 0),
      late,
    ]).finally(() => clearTimeout(timer));
  }
  return { executors, pods };
}

/**
 * A graceful stop of every executor of mesos-local's agents, as a Mesos agent does when it is
 * told to shut its executors down: each gets SHUTDOWN and its grace period to stop what it runs
 * (a k8sm executor stops its pods' processes, which live in their own process groups and would
 * outlive an executor that is simply killed), and is killed after that period. `k8sm mesos-local`
 * does this on SIGINT/SIGTERM before closing the cluster.
 */
import type { Agent } from "./agent.ts";
import { waitFor } from "../../util/wait.ts";
import { logger } from "../../util/log.ts";

const log = logger("mesos-local");

/** Seconds allowed beyond the longest grace period for killed executors to be reaped. */
const REAP_MARGIN_SECONDS = 10;

/**
 * Sends SHUTDOWN to every executor (command tasks are killed) and waits until all have ended
 * — at most their longest grace period (default `defaultGraceSeconds`) plus a margin, after
 * which it logs what is left and returns; closing the cluster then kills those.
 */
export async function shutdownExecutors(
  agents: readonly Agent[],
  defaultGraceSeconds = 5,
): Promise<void> {
  let longest = 0;
  for (const agent of agents) {
    for (const run of [...agent.runs.values()]) {
      longest = Math.max(longest, run.gracePeriodSeconds(defaultGraceSeconds));
      agent.shutdownExecutor(run.frameworkId, run.info.executor_id.value);
    }
  }
  const left = () => agents.reduce((n, a) => n + a.runs.size, 0);
  if (left() === 0) return;
  await waitFor(() => left() === 0, {
    timeoutMs: (longest + REAP_MARGIN_SECONDS) * 1000,
    intervalMs: 50,
    what: "executors to stop after SHUTDOWN",
  }).catch(() => log.warn(`${left()} executor(s) still running after SHUTDOWN; killing them`));
}

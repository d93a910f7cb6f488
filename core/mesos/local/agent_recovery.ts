/**
 * Agent recovery (`--recover=reconnect`): an agent started on a work dir with checkpoints takes
 * back the executor runs of checkpointing frameworks whose process still lives — each waits for
 * its executor to re-subscribe within the re-registration timeout, else it is destroyed — and
 * destroys every other executor the earlier agent process started (non-checkpointing
 * frameworks, command tasks), as Mesos' containerizer destroys orphan containers. Runs whose
 * process died meanwhile end as executor exits (their tasks fail, the framework gets FAILURE).
 */
import { descendantsOf, killEach } from "./process_tree.ts";
import type { Agent } from "./agent.ts";
import type { RunCheckpoint } from "./agent_checkpoint.ts";
import { ExecutorRun } from "./executor_run.ts";
import { ExecutorProcess, processAlive } from "./executor_process.ts";
import { logger } from "../../util/log.ts";

const log = logger("mesos-local");

/** What recovery did, for logs and tests. */
export interface RecoverySummary {
  /** Runs taken back (live executors expected to re-subscribe). */
  recovered: number;
  /** Executors destroyed because their framework does not checkpoint (or command tasks). */
  destroyed: number;
  /** Checkpointed runs whose executor had already exited. */
  exited: number;
}

/** True when the process `pid` still runs in `sandbox` (guards against a reused pid). */
async function runsIn(pid: number, sandbox: string): Promise<boolean> {
  if (!processAlive(pid)) return false;
  const cwd = await Deno.readLink(`/proc/${pid}/cwd`).catch(() => undefined);
  if (cwd === undefined) return true;
  const real = await Deno.realPath(sandbox).catch(() => sandbox);
  return cwd === real || cwd === sandbox;
}

/** Kills a recovered executor with all its descendants (its pods too), as destroying a container. */
function destroy(pid: number): void {
  killEach(descendantsOf(pid));
  try {
    Deno.kill(-pid, "SIGKILL");
  } catch {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Takes back the checkpointed runs on `agent` (call before it registers with the master, then
 * `startReregistrationTimers`).
 */
export async function recoverRuns(agent: Agent, runs: RunCheckpoint[]): Promise<RecoverySummary> {
  const summary: RecoverySummary = { recovered: 0, destroyed: 0, exited: 0 };
  const store = agent.opts.checkpoint;
  for (const r of runs) {
    const alive = r.pid !== undefined && await runsIn(r.pid, r.sandbox);
    if (!r.checkpoint || !r.framework || !r.info || r.kind !== "custom") {
      if (alive) {
        log.info(
          `agent ${agent.id}: destroying executor ${r.executorId} of framework ` +
            `${r.frameworkId} (pid ${r.pid}): its framework does not checkpoint`,
        );
        destroy(r.pid!);
        summary.destroyed++;
      }
      await Deno.remove(store!.runPath(agent.id, r).replace(/\/run\.json$/, ""), {
        recursive: true,
      }).catch(() => {});
      continue;
    }
    const runsDir = r.sandbox.slice(0, r.sandbox.lastIndexOf("/"));
    const run = new ExecutorRun(
      r.frameworkId,
      r.framework,
      r.info,
      runsDir,
      "custom",
      r.containerId,
    );
    // A checkpointed task may have reached its executor or not (the agent died between the
    // checkpoint and the LAUNCH): count it as delivered, so that the executor's re-subscription
    // decides — a STAGING task it does not list is dropped (REASON_AGENT_RESTARTED) as Mesos
    // does, instead of staying STAGING forever.
    for (const t of r.tasks ?? []) run.tasks.set(t.info.task_id.value, { ...t, delivered: true });
    run.state = "RUNNING";
    run.recovering = alive;
    agent.frameworks.set(r.frameworkId, r.framework);
    agent.runs.set(run.key, run);
    agent.launcher.adopt(run, r.pid !== undefined && alive ? r.pid : -1);
    if (alive) summary.recovered++;
    else summary.exited++;
  }
  return summary;
}

/** Queues the recovered unacknowledged updates again (after the agent re-registered). */
export function replayUpdates(agent: Agent, runs: RunCheckpoint[]): void {
  for (const r of runs) {
    if (!agent.run(r.frameworkId, r.executorId)) continue;
    for (const u of r.updates ?? []) agent.updates.add(r.frameworkId, u);
  }
}

/** Destroys recovered executors that do not re-subscribe within the re-registration timeout. */
export function startReregistrationTimers(agent: Agent): void {
  for (const run of agent.runs.values()) {
    if (!run.recovering) continue;
    run.reregistrationTimer = setTimeout(() => {
      if (!run.recovering) return;
      run.reregistrationTimedOut = true;
      run.process?.kill("SIGKILL");
    }, agent.opts.executorReregistrationTimeoutMs ?? 2000);
  }
}

/** An ExecutorProcess for a recovered run: the live group `pid`, or an already ended one. */
export function adoptedProcess(pid: number): ExecutorProcess {
  return ExecutorProcess.adopt(pid < 0 ? 0x7fffffff : pid);
}

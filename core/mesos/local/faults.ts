/**
 * Fault injection on the master side, for tests: an agent removed (its tasks become
 * TASK_UNREACHABLE for PARTITION_AWARE frameworks, TASK_LOST otherwise; its offers rescinded;
 * FAILURE without executor id), all offers rescinded, a framework's stream dropped.
 */
import type { Master } from "./master.ts";
import { makeStatus } from "./task_states.ts";
import { isTerminalState } from "./task_states.ts";

/**
 * Removes an agent from the master as if it had been partitioned away for good; `gone` (the
 * operator's MARK_AGENT_GONE) makes its tasks TASK_GONE_BY_OPERATOR / TASK_LOST with
 * REASON_AGENT_REMOVED_BY_OPERATOR instead; `"down"` (START_MAINTENANCE) makes them TASK_LOST
 * with REASON_AGENT_REMOVED and tells operator subscribers AGENT_REMOVED.
 */
export function markAgentRemoved(
  master: Master,
  agentId: string,
  mode: boolean | "down" = false,
): void {
  const down = mode === "down";
  const gone = mode === true;
  const rec = master.agents.get(agentId);
  if (!rec) throw new Error(`No agent ${agentId} is registered; cannot remove it.`);
  master.agents.delete(agentId);
  master.metrics.agentRemovals++;
  master.maintenance.agentRemoved(agentId);
  if (down) master.operatorEvents.agentRemoved(agentId);
  const removedAt = Date.now();
  if (!gone && !down) {
    master.removedAgents.set(agentId, { id: agentId, removedAt, hostname: rec.info.hostname });
  }
  for (const offer of master.offers.byAgent(agentId)) {
    master.removeOffer(offer.offer.id.value, true);
  }
  for (const fw of master.frameworks.values()) {
    const aware = fw.hasCapability("PARTITION_AWARE") && !down;
    for (const task of [...fw.tasks.values()]) {
      if (task.agentId !== agentId) continue;
      if (isTerminalState(task.state)) {
        fw.completeTask(task);
        continue;
      }
      task.state = aware ? (gone ? "TASK_GONE_BY_OPERATOR" : "TASK_UNREACHABLE") : "TASK_LOST";
      task.released = true;
      const status = makeStatus({
        taskId: task.info.task_id.value,
        state: task.state,
        source: "SOURCE_MASTER",
        reason: gone ? "REASON_AGENT_REMOVED_BY_OPERATOR" : "REASON_AGENT_REMOVED",
        message: gone
          ? `Agent ${rec.info.hostname} (${agentId}) was marked gone by the operator`
          : `Agent ${rec.info.hostname} (${agentId}) ${
            down ? "was shut down for maintenance" : "is unreachable: removed"
          }`,
        agentId,
      });
      if (task.info.executor) status.executor_id = task.info.executor.executor_id;
      if (aware && !gone) {
        task.unreachableSince = removedAt;
        status.unreachable_time = { nanoseconds: (BigInt(removedAt) * 1_000_000n).toString() };
      } else {
        fw.completeTask(task);
      }
      master.sendUpdate(fw, status);
    }
    fw.executors.delete(agentId);
    fw.send({ type: "FAILURE", failure: { agent_id: { value: agentId } } });
  }
}

/** Rescinds every outstanding offer (RESCIND to each holder). */
export function rescindAllOffers(master: Master): void {
  for (const rec of master.offers.all()) master.removeOffer(rec.offer.id.value, true);
}

/** Closes a framework's subscription stream as a network failure would. */
export function dropFrameworkStream(master: Master, frameworkId: string): void {
  const fw = master.frameworks.get(frameworkId);
  if (!fw) throw new Error(`No framework ${frameworkId} is known; cannot drop its stream.`);
  fw.stream?.close();
}

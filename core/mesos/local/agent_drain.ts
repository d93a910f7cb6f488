/**
 * DRAIN_AGENT, DEACTIVATE_AGENT and REACTIVATE_AGENT as the Mesos master does them: a drained
 * agent is deactivated (no offers) and every task on it is killed with
 * grace = min(task kill policy, max_grace_period); once no task of any framework is left on it
 * the agent is DRAINED, or, with `mark_gone`, marked gone. Deactivation alone only stops offers;
 * REACTIVATE_AGENT is allowed only after DRAINED (or for an agent merely deactivated).
 */
import type { Master } from "./master.ts";

/** Called when a `mark_gone` drain completes: the operator API marks the agent gone. */
export type MarkGone = (agentId: string) => void;

const markGoneHooks = new Map<string, MarkGone>();

/** `google.protobuf.Duration` as JSON. */
export interface ProtoDuration {
  seconds?: string | number;
  nanos?: number;
}

function durationNanos(d: ProtoDuration): bigint {
  return BigInt(d.seconds ?? 0) * 1_000_000_000n + BigInt(d.nanos ?? 0);
}

/** Starts draining an agent; returns an error text (HTTP 400) or undefined. */
export function drainAgent(
  master: Master,
  agentId: string,
  maxGrace: ProtoDuration | undefined,
  markGone: boolean,
  onGone: MarkGone,
): string | undefined {
  const rec = master.agents.get(agentId);
  if (!rec) return "Unknown agent";
  if (master.maintenance.unavailabilityOf(rec)) {
    return "Agent is in a maintenance window; it cannot be drained";
  }
  const config: Record<string, unknown> = { mark_gone: markGone };
  if (maxGrace) config.max_grace_period = { nanoseconds: String(durationNanos(maxGrace)) };
  rec.drain = { state: "DRAINING", config };
  rec.deactivated = true;
  if (markGone) markGoneHooks.set(agentId, onGone);
  for (const o of master.offers.byAgent(agentId)) master.removeOffer(o.offer.id.value, true);
  for (const fw of master.frameworks.values()) {
    for (const task of fw.tasks.values()) {
      if (task.agentId !== agentId || task.released) continue;
      const own = task.info.kill_policy?.grace_period?.nanoseconds;
      let grace = own === undefined ? undefined : BigInt(own);
      if (maxGrace) {
        const cap = durationNanos(maxGrace);
        grace = grace === undefined || grace > cap ? cap : grace;
      }
      rec.link.killTask(
        fw.id,
        task.info.task_id.value,
        grace === undefined ? undefined : { grace_period: { nanoseconds: String(grace) } },
      );
    }
  }
  drainProgress(master);
  return undefined;
}

/** Moves DRAINING agents with no task left to DRAINED (or gone); run every allocation cycle. */
export function drainProgress(master: Master): void {
  for (const rec of master.agents.values()) {
    if (rec.drain?.state !== "DRAINING") continue;
    const id = rec.link.id;
    const busy = [...master.frameworks.values()].some((fw) =>
      [...fw.tasks.values()].some((t) => t.agentId === id)
    );
    if (busy) continue;
    rec.drain = { ...rec.drain, state: "DRAINED" };
    const gone = markGoneHooks.get(id);
    markGoneHooks.delete(id);
    if (gone) gone(id);
  }
}

/** DEACTIVATE_AGENT; returns an error text (400) or undefined. */
export function deactivateAgent(master: Master, agentId: string): string | undefined {
  const rec = master.agents.get(agentId);
  if (!rec) return "Unknown agent";
  rec.deactivated = true;
  for (const o of master.offers.byAgent(agentId)) master.removeOffer(o.offer.id.value, true);
  return undefined;
}

/** REACTIVATE_AGENT; returns an error text (400) or undefined. */
export function reactivateAgent(master: Master, agentId: string): string | undefined {
  const rec = master.agents.get(agentId);
  if (!rec) return "Unknown agent";
  if (!rec.deactivated) return "Agent is not deactivated";
  if (rec.drain?.state === "DRAINING") return "Agent is still in the DRAINING state";
  rec.deactivated = false;
  rec.drain = undefined;
  master.allocateSoon();
  return undefined;
}

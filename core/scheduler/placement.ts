/**
 * Which fitting agent a pod goes to: `spread` (default) prefers agents running fewest pods of
 * the pod's group, then fewest of our tasks, then the most free cpu; `binpack` prefers the agent
 * left with the least free cpu and memory, so agents fill up one after the other. Marathon
 * constraints (constraints.ts) filter candidates first, against where the group already runs.
 */
import type { KubeObject } from "../api/object.ts";
import { type Constraint, type Site, violatedConstraint } from "./constraints.ts";
import type { AgentSlot } from "./fit.ts";

/** The placement strategies of `--placement`. */
export type PlacementStrategy = "spread" | "binpack";

/** The values `--placement` accepts. */
export const PLACEMENT_STRATEGIES: readonly PlacementStrategy[] = ["spread", "binpack"];

/** A fitting agent with what the ranking needs. */
export interface Candidate {
  slot: AgentSlot;
  /** Free cpus and memory the agent would keep after taking the pod. */
  cpusAfter: number;
  memAfter: number;
  /** Pods of the same group on this agent (running or placed in this pass). */
  groupCount: number;
  /** All of our active tasks on this agent. */
  taskCount: number;
}

function byHostname(a: Candidate, b: Candidate): number {
  return a.slot.hostname < b.slot.hostname ? -1 : a.slot.hostname > b.slot.hostname ? 1 : 0;
}

/** The best candidate under `strategy`, or undefined when there is none. */
export function choosePlacement(
  candidates: readonly Candidate[],
  strategy: PlacementStrategy,
): Candidate | undefined {
  const sorted = [...candidates].sort((a, b) => {
    if (strategy === "binpack") {
      const c = a.cpusAfter - b.cpusAfter;
      if (Math.abs(c) > 1e-9) return c;
      const m = a.memAfter - b.memAfter;
      if (Math.abs(m) > 1e-9) return m;
      return byHostname(a, b);
    }
    if (a.groupCount !== b.groupCount) return a.groupCount - b.groupCount;
    if (a.taskCount !== b.taskCount) return a.taskCount - b.taskCount;
    const c = b.cpusAfter - a.cpusAfter;
    if (Math.abs(c) > 1e-9) return c;
    return byHostname(a, b);
  });
  return sorted[0];
}

/**
 * The group a pod is placed with for constraints and spreading: its controller's uid when it
 * has one (ownerReference with controller: true), else its namespace and sorted labels.
 */
export function podGroupKey(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (owner) return `owner:${owner.uid}`;
  const labels = Object.entries(pod.metadata.labels ?? {}).sort(([a], [b]) => a < b ? -1 : 1);
  if (labels.length === 0) return `pod:${pod.metadata.namespace}/${pod.metadata.name}`;
  return `labels:${pod.metadata.namespace}/${labels.map(([k, v]) => `${k}=${v}`).join(",")}`;
}

/** The site (hostname and attributes) of an agent slot, for constraint checks. */
export function slotSite(slot: AgentSlot): Site {
  return { hostname: slot.hostname, attributes: slot.attributes };
}

/**
 * Splits candidate slots into those the constraints allow and a reason for the first refused
 * one. `placed` holds one site per running or just-placed member of the pod's group.
 */
export function applyConstraints<T extends { slot: AgentSlot }>(
  constraints: readonly Constraint[],
  candidates: readonly T[],
  placed: readonly Site[],
  allSites: readonly Site[],
): { allowed: T[]; refused: number; reason?: string } {
  if (constraints.length === 0) return { allowed: [...candidates], refused: 0 };
  const allowed: T[] = [];
  let reason: string | undefined;
  let refused = 0;
  for (const c of candidates) {
    const why = violatedConstraint([...constraints], slotSite(c.slot), [...placed], [
      ...allSites,
    ]);
    if (why === undefined) allowed.push(c);
    else {
      refused++;
      reason ??= why;
    }
  }
  return { allowed, refused, reason };
}

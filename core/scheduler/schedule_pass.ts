/**
 * One scheduling pass: the ready pods, in FCFS order, each matched against every agent that
 * holds offers (fit, then constraints, then placement); a placed pod's resources come off its
 * agent before the next pod is tried, so several pods pack into one offer. Pods that fit nowhere
 * get a FailedScheduling message counting, per resource, on how many agents it did not fit;
 * a pod pinned to a known agent with no offer held yet is only waiting for that agent's offer.
 */
import type { Pod } from "../api/types/pod.ts";
import { CONSTRAINTS_ANNOTATION, parseConstraints, type Site } from "./constraints.ts";
import {
  type AgentSlot,
  applyFit,
  checkFit,
  type ExecutorShare,
  type Fit,
  fitPod,
  type MisfitKind,
} from "./fit.ts";
import {
  applyConstraints,
  type Candidate,
  choosePlacement,
  type PlacementStrategy,
  podGroupKey,
} from "./placement.ts";
import { type PodDemand, podDemand, type ResourceDefaults } from "./pod_resources.ts";
import type { QueuedPod } from "./pod_queue.ts";

/** What a pass works with. */
export interface PassInput {
  pods: readonly QueuedPod[];
  slots: AgentSlot[];
  strategy: PlacementStrategy;
  share: ExecutorShare;
  defaults: ResourceDefaults;
  /** Map every containerPort without hostPort (process runtime). */
  mapAllPorts: boolean;
  /** Where each group's members run now: group key → sites (one per active task). */
  groupSites: Map<string, Site[]>;
  /** Our active tasks per agent id. */
  taskCounts: Map<string, number>;
  /** Every agent known (GROUP_BY spreads over these). */
  allSites: Site[];
}

/** A pod placed on an agent in this pass. */
export interface Placement {
  entry: QueuedPod;
  slot: AgentSlot;
  fit: Fit;
  groupKey: string;
}

/** A pod left in the queue, with the reason. */
export interface Unplaced {
  entry: QueuedPod;
  message: string;
  /** The pod can never run as written (bad constraints or quantities). */
  invalid?: boolean;
  /**
   * The pod is pinned (spec.nodeName) to a known agent that holds no offer in this pass: it
   * waits for that agent's offer, which is not a scheduling failure.
   */
  waiting?: boolean;
}

const KIND_TEXT: Record<MisfitKind | "constraints", string> = {
  cpu: "Insufficient cpu",
  memory: "Insufficient memory",
  ports: "free host ports",
  nodeSelector: "didn't match Pod's node selector",
  nodeName: "not the node the pod is pinned to",
  unschedulable: "node(s) were unschedulable",
  constraints: "constraint",
};

function misfitMessage(
  total: number,
  counts: Map<string, { n: number; detail: string }>,
): string {
  if (total === 0) return "0/0 agents are available: no Mesos offers are held right now.";
  const parts = [...counts.entries()].map(([kind, c]) =>
    `${c.n} ${KIND_TEXT[kind as MisfitKind | "constraints"] ?? kind} (${c.detail})`
  );
  return `0/${total} agents are available: ${parts.join(", ")}.`;
}

/** Plans one pass; mutates `slots` (remaining resources) as pods are placed. */
export function planPass(input: PassInput): { placements: Placement[]; unplaced: Unplaced[] } {
  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  for (const entry of input.pods) {
    const pod: Pod = entry.pod;
    let demand: PodDemand;
    let constraints;
    try {
      demand = podDemand(pod, input.defaults, input.mapAllPorts);
      const text = pod.metadata.annotations?.[CONSTRAINTS_ANNOTATION];
      constraints = text ? parseConstraints(text) : [];
    } catch (e) {
      unplaced.push({ entry, message: (e as Error).message, invalid: true });
      continue;
    }
    const groupKey = podGroupKey(pod);
    const placedSites = input.groupSites.get(groupKey) ?? [];
    const counts = new Map<string, { n: number; detail: string }>();
    const note = (kind: string, detail: string, n = 1) => {
      const c = counts.get(kind);
      if (c) c.n += n;
      else counts.set(kind, { n, detail });
    };
    const fitting: { slot: AgentSlot }[] = [];
    for (const slot of input.slots) {
      const m = checkFit(demand, slot, input.share);
      if (m) note(m.kind, m.detail);
      else fitting.push({ slot });
    }
    const allowed = applyConstraints(constraints, fitting, placedSites, input.allSites);
    if (allowed.refused > 0) note("constraints", allowed.reason ?? "not met", allowed.refused);
    const candidates: Candidate[] = allowed.allowed.map(({ slot }) => {
      const exec = slot.hasExecutor ? 0 : 1;
      return {
        slot,
        cpusAfter: slot.freeCpus - demand.cpus - exec * input.share.cpus,
        memAfter: slot.freeMemMb - demand.memMb - exec * input.share.memMb,
        groupCount: placedSites.filter((s) => s.hostname === slot.hostname).length,
        taskCount: input.taskCounts.get(slot.agentId) ?? 0,
      };
    });
    let placed = false;
    while (candidates.length > 0 && !placed) {
      const best = choosePlacement(candidates, input.strategy)!;
      candidates.splice(candidates.indexOf(best), 1);
      const fit = fitPod(demand, best.slot, input.share);
      if (!fit.ok) continue;
      applyFit(best.slot, fit);
      placements.push({ entry, slot: best.slot, fit, groupKey });
      const site = { hostname: best.slot.hostname, attributes: best.slot.attributes };
      input.groupSites.set(groupKey, [...placedSites, site]);
      input.taskCounts.set(best.slot.agentId, (input.taskCounts.get(best.slot.agentId) ?? 0) + 1);
      placed = true;
    }
    if (!placed) {
      const message = misfitMessage(input.slots.length, counts);
      unplaced.push(
        waitsForItsNode(demand, input) ? { entry, message, waiting: true } : { entry, message },
      );
    }
  }
  return { placements, unplaced };
}

/** True when `demand` is pinned to a known agent that offers nothing in this pass. */
function waitsForItsNode(demand: PodDemand, input: PassInput): boolean {
  const host = demand.pinnedHost;
  if (host === undefined) return false;
  return !input.slots.some((s) => s.hostname === host) &&
    input.allSites.some((s) => s.hostname === host);
}

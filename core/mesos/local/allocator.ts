/**
 * The offer allocator: every allocation interval (and right after a subscription, a REVIVE or a
 * new agent) each agent's unallocated resources are offered to one framework role, rotating
 * through the subscribed, unsuppressed frameworks so each gets its turn. Declined resources
 * are withheld from a framework while its filter (refuse_seconds) lasts, like Mesos' filters.
 */
import type { Resource } from "./mesos_types.ts";
import type { Framework } from "./framework.ts";
import { containsResources, isEmptyResources, scalarOf } from "./resource_ops.ts";

/** What the allocator needs to see of the master. */
export interface AllocatorView {
  /** Ids of agents that may be offered. */
  agentIds(): string[];
  /** Unreserved resources of the agent neither used nor offered (no allocation_info). */
  available(agentId: string): Resource[];
  /** Frameworks with an open subscription. */
  connectedFrameworks(): Framework[];
  /** Makes an offer of `resources` of `agentId` to `framework` for `role`. */
  offer(framework: Framework, agentId: string, role: string, resources: Resource[]): void;
}

/** Mesos' default minimum allocatable resources: cpus:0.01 | mem:32. */
function allocatable(resources: Resource[]): boolean {
  return scalarOf(resources, "cpus") >= 0.01 || scalarOf(resources, "mem") >= 32;
}

/** True when an unexpired filter of `fw` covers offering `resources` of `agentId` to `role`. */
export function isFiltered(
  fw: Framework,
  agentId: string,
  role: string,
  resources: Resource[],
  now = Date.now(),
): boolean {
  fw.filters = fw.filters.filter((f) => f.until > now);
  return fw.filters.some((f) =>
    f.agentId === agentId && f.role === role && containsResources(f.resources, resources)
  );
}

/** Round-robin allocator over (framework, role) pairs. */
export class Allocator {
  #turn = 0;

  /** One allocation pass over every agent. */
  run(view: AllocatorView): void {
    const candidates: { fw: Framework; role: string }[] = [];
    for (const fw of view.connectedFrameworks()) {
      for (const role of fw.roles()) {
        if (!fw.suppressedRoles.has(role)) candidates.push({ fw, role });
      }
    }
    if (candidates.length === 0) return;
    const now = Date.now();
    for (const agentId of view.agentIds()) {
      const available = view.available(agentId);
      if (isEmptyResources(available) || !allocatable(available)) continue;
      for (let i = 0; i < candidates.length; i++) {
        const { fw, role } = candidates[(this.#turn + i) % candidates.length];
        if (isFiltered(fw, agentId, role, available, now)) continue;
        view.offer(fw, agentId, role, available);
        this.#turn++;
        break;
      }
    }
  }
}

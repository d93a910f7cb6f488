/**
 * The offer allocator: every allocation interval (and right after a subscription, a REVIVE or a
 * new agent, as Mesos' allocator does; resources given back by ACCEPT/DECLINE, finished tasks
 * or executors wait for the next interval) each agent's unallocated resources (unreserved, or reserved for the role) are
 * offered to one framework role, rotating
 * through the subscribed, unsuppressed frameworks so each gets its turn. Declined resources
 * are withheld from a framework while its filter (refuse_seconds) lasts, like Mesos' filters.
 */
import type { Resource } from "./mesos_types.ts";
import type { Framework } from "./framework.ts";
import { containsResources, isEmptyResources, scalarOf } from "./resource_ops.ts";
import { resourceRole } from "../resources.ts";

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

/** The part of `resources` a role may be offered: unreserved ("*") or reserved for it. */
export function offerableTo(resources: Resource[], role: string): Resource[] {
  return resources.filter((r) => {
    const reserved = resourceRole(r);
    return reserved === "*" || reserved === role;
  });
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
      let available = view.available(agentId);
      const start = this.#turn++;
      for (let i = 0; i < candidates.length && !isEmptyResources(available); i++) {
        const { fw, role } = candidates[(start + i) % candidates.length];
        const offerable = offerableTo(available, role);
        if (isEmptyResources(offerable) || !allocatable(offerable)) continue;
        if (isFiltered(fw, agentId, role, offerable, now)) continue;
        view.offer(fw, agentId, role, offerable);
        available = view.available(agentId);
      }
    }
  }
}

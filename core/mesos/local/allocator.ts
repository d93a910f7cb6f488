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

/** Drops the expired filters of `fw` (the list is replaced only when one expired). */
function pruneFilters(fw: Framework, now: number): void {
  if (fw.filters.some((f) => f.until <= now)) fw.filters = fw.filters.filter((f) => f.until > now);
}

/** True when an unexpired filter of `fw` covers offering `resources` of `agentId` to `role`. */
export function isFiltered(
  fw: Framework,
  agentId: string,
  role: string,
  resources: Resource[],
  now = Date.now(),
): boolean {
  pruneFilters(fw, now);
  return fw.filters.some((f) =>
    f.agentId === agentId && f.role === role && f.until > now &&
    containsResources(f.resources, resources)
  );
}

/** One (framework, role) pair that may be offered, with the framework's filter list then. */
interface Candidate {
  fw: Framework;
  role: string;
  filters: Framework["filters"];
}

function sameCandidates(a: readonly Candidate[], b: readonly Candidate[]): boolean {
  return a.length === b.length &&
    a.every((c, i) => c.fw === b[i].fw && c.role === b[i].role && c.filters === b[i].filters);
}

/**
 * Round-robin allocator over (framework, role) pairs. An agent whose available resources were
 * offered to nobody in a pass is skipped in later passes until its available resources change
 * or the candidates do (a framework connects or goes, a role is suppressed or revived, a filter
 * expires or is cleared): a new filter only withholds more, so it cannot make an offer
 * possible.
 */
export class Allocator {
  #turn = 0;
  #candidates: Candidate[] = [];
  /** Bumped whenever the candidates (or their filter lists) change. */
  #generation = 0;
  /** agentId → the available list and generation of a pass that offered nothing. */
  #idle = new Map<string, { available: Resource[]; generation: number }>();

  /** One allocation pass over every agent. */
  run(view: AllocatorView): void {
    const now = Date.now();
    const candidates: Candidate[] = [];
    for (const fw of view.connectedFrameworks()) {
      pruneFilters(fw, now);
      for (const role of fw.roles()) {
        if (!fw.suppressedRoles.has(role)) candidates.push({ fw, role, filters: fw.filters });
      }
    }
    if (!sameCandidates(candidates, this.#candidates)) {
      this.#candidates = candidates;
      this.#generation++;
      this.#idle.clear();
    }
    if (candidates.length === 0) return;
    const agentIds = view.agentIds();
    if (this.#idle.size > agentIds.length) this.#forgetGone(agentIds);
    for (const agentId of agentIds) {
      let available = view.available(agentId);
      const start = this.#turn++;
      const idle = this.#idle.get(agentId);
      if (idle?.available === available && idle.generation === this.#generation) continue;
      let offered = false;
      for (let i = 0; i < candidates.length && !isEmptyResources(available); i++) {
        const { fw, role } = candidates[(start + i) % candidates.length];
        const offerable = offerableTo(available, role);
        if (isEmptyResources(offerable) || !allocatable(offerable)) continue;
        if (isFiltered(fw, agentId, role, offerable, now)) continue;
        view.offer(fw, agentId, role, offerable);
        offered = true;
        available = view.available(agentId);
      }
      if (offered) this.#idle.delete(agentId);
      else this.#idle.set(agentId, { available, generation: this.#generation });
    }
  }

  /** Drops the entries of agents no longer offered (removed or deactivated). */
  #forgetGone(agentIds: string[]): void {
    const live = new Set(agentIds);
    for (const id of this.#idle.keys()) if (!live.has(id)) this.#idle.delete(id);
  }
}

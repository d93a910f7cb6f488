/**
 * A cordoned agent (its Node has spec.unschedulable, as kubectl cordon and drain set it) takes
 * only pods pinned to it by spec.nodeName (DaemonSet pods); other pods misfit as unschedulable.
 */
import assert from "node:assert/strict";
import { parseResourcesText } from "../../../core/mesos/resource_text.ts";
import { cpus, mem } from "../../../core/mesos/resource_query.ts";
import type { MesosResource } from "../../../core/mesos/resources.ts";
import { type AgentSlot, checkFit } from "../../../core/scheduler/fit.ts";
import type { PodDemand } from "../../../core/scheduler/pod_resources.ts";

const SHARE = { cpus: 0.25, memMb: 128 };

function slot(cordoned: boolean): AgentSlot {
  const remaining = parseResourcesText("cpus:2;mem:1024") as MesosResource[];
  return {
    agentId: "a1",
    hostname: "h1",
    attributes: {},
    remaining,
    freeCpus: cpus(remaining),
    freeMemMb: mem(remaining),
    hasExecutor: false,
    cordoned,
  };
}

function demand(pinnedHost?: string): PodDemand {
  return { cpus: 0.5, memMb: 128, fixedPorts: [], mappedPorts: [], nodeSelector: {}, pinnedHost };
}

Deno.test("a cordoned agent refuses unpinned pods and takes pods pinned to it", () => {
  assert.equal(checkFit(demand(), slot(true), SHARE)?.kind, "unschedulable");
  assert.equal(checkFit(demand("h1"), slot(true), SHARE), undefined);
  assert.equal(checkFit(demand(), slot(false), SHARE), undefined);
});

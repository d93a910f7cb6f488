/**
 * Whether a pod fits what an agent still offers in this scheduling pass: cpus, memory, the
 * executor's share when the agent runs no compatible k8sm executor yet, fixed host ports inside
 * offered ranges, mapped host ports, `nodeSelector` against the agent's labels, and a pinned
 * `spec.nodeName`. A fit carves the task's resources out of the offer, keeping roles as offered.
 */
import { cpus, findPort, mem, portRanges, takePorts, takeScalar } from "../mesos/resource_query.ts";
import { type MesosResource, subtractResources } from "../mesos/resources.ts";
import { ATTRIBUTE_LABEL_PREFIX, HOSTNAME_LABEL } from "./annotations.ts";
import { fixedHostPorts, hostPortKey, type PodDemand } from "./pod_resources.ts";

/** The executor's own share, charged once per agent (DESIGN.md: 0.25 cpu, 128 MiB). */
export interface ExecutorShare {
  cpus: number;
  memMb: number;
}

/** One agent as a scheduling pass sees it. */
export interface AgentSlot {
  agentId: string;
  hostname: string;
  attributes: Record<string, string>;
  /** What the agent's held offers still hold after this pass's placements. */
  remaining: MesosResource[];
  /** cpus(remaining) and mem(remaining), kept in step for quick checks. */
  freeCpus: number;
  freeMemMb: number;
  /** True when a compatible executor runs there (or was launched in this pass). */
  hasExecutor: boolean;
  /** The agent's Node is cordoned: only pods pinned to it (DaemonSet pods) go there. */
  cordoned?: boolean;
}

/** A successful fit: what the task takes and which host ports were mapped. */
export interface Fit {
  ok: true;
  /** The task's resources (cpus, mem, ports), carved from the offers. */
  resources: MesosResource[];
  /** Mapped container ports: `"<containerPort>/<PROTO>"` → host port. */
  hostPorts: Record<string, number>;
  /** The host ports the task holds (fixed and mapped). */
  ports: number[];
  /** The executor's share was charged (the first task on the agent). */
  chargesExecutor: boolean;
  /** What the agent has left afterwards. */
  remaining: MesosResource[];
}

/** Which resource or rule did not fit. */
export type MisfitKind =
  | "cpu"
  | "memory"
  | "ports"
  | "nodeSelector"
  | "nodeName"
  | "unschedulable";

/** A failed fit, naming the resource. */
export interface Misfit {
  ok: false;
  kind: MisfitKind;
  detail: string;
}

/** The Node labels of an agent: `kubernetes.io/hostname` and one label per attribute. */
export function agentLabels(
  hostname: string,
  attributes: Record<string, string>,
): Record<string, string> {
  const labels: Record<string, string> = { [HOSTNAME_LABEL]: hostname };
  for (const [k, v] of Object.entries(attributes)) labels[`${ATTRIBUTE_LABEL_PREFIX}${k}`] = v;
  return labels;
}

function misfit(kind: MisfitKind, detail: string): Misfit {
  return { ok: false, kind, detail };
}

/**
 * The quick check of `demand` against `slot` (no carving): undefined when the pod fits, else
 * the misfit naming the resource. Numbers only, so a pass can rank many agents cheaply.
 */
export function checkFit(
  demand: PodDemand,
  slot: AgentSlot,
  share: ExecutorShare,
): Misfit | undefined {
  if (demand.pinnedHost !== undefined && demand.pinnedHost !== slot.hostname) {
    return misfit("nodeName", `pod is pinned to node ${demand.pinnedHost}`);
  }
  if (slot.cordoned && demand.pinnedHost !== slot.hostname) {
    return misfit("unschedulable", `node ${slot.hostname} is cordoned (spec.unschedulable)`);
  }
  const selector = Object.entries(demand.nodeSelector);
  if (selector.length > 0) {
    const labels = agentLabels(slot.hostname, slot.attributes);
    for (const [k, v] of selector) {
      if (labels[k] !== v) return misfit("nodeSelector", `label ${k}=${v} not on the agent`);
    }
  }
  const needCpus = demand.cpus + (slot.hasExecutor ? 0 : share.cpus);
  const needMem = demand.memMb + (slot.hasExecutor ? 0 : share.memMb);
  if (slot.freeCpus + 1e-9 < needCpus) {
    return misfit("cpu", `needs ${round(needCpus)} cpus, ${round(slot.freeCpus)} offered`);
  }
  if (slot.freeMemMb + 1e-9 < needMem) {
    return misfit("memory", `needs ${round(needMem)} MiB, ${round(slot.freeMemMb)} MiB offered`);
  }
  for (const port of fixedHostPorts(demand)) {
    if (!findPort(slot.remaining, port)) {
      const offered = portRanges(slot.remaining).map((r) => `${r.begin}-${r.end}`).join(",");
      return misfit("ports", `host port ${port} is not free (offered: [${offered}])`);
    }
  }
  if (demand.mappedPorts.length > 0) {
    const free = portRanges(slot.remaining).reduce((n, r) => n + r.end - r.begin + 1, 0) -
      fixedHostPorts(demand).length;
    if (free < demand.mappedPorts.length) {
      return misfit("ports", `needs ${demand.mappedPorts.length} host ports, ${free} offered`);
    }
  }
  return undefined;
}

/** Checks `demand` against `slot` and carves the task's resources out of it on success. */
export function fitPod(demand: PodDemand, slot: AgentSlot, share: ExecutorShare): Fit | Misfit {
  const quick = checkFit(demand, slot, share);
  if (quick) return quick;
  const chargesExecutor = !slot.hasExecutor;
  const taken: MesosResource[] = [];
  const cpuPieces = takeScalar(slot.remaining, "cpus", demand.cpus);
  const memPieces = takeScalar(slot.remaining, "mem", demand.memMb);
  if (!cpuPieces || !memPieces) return misfit("cpu", "offer pieces too small");
  taken.push(...cpuPieces, ...memPieces);
  const ports: number[] = [];
  for (const port of fixedHostPorts(demand)) {
    const piece = findPort(slot.remaining, port);
    if (!piece) return misfit("ports", `host port ${port} is not free`);
    taken.push(piece);
    ports.push(port);
  }
  const hostPorts: Record<string, number> = {};
  if (demand.mappedPorts.length > 0) {
    const got = takePorts(slot.remaining, demand.mappedPorts.length, new Set(ports));
    if (!got) {
      return misfit("ports", `needs ${demand.mappedPorts.length} more host ports than offered`);
    }
    demand.mappedPorts.forEach((p, i) => hostPorts[hostPortKey(p)] = got.ports[i]);
    taken.push(...got.resources);
    ports.push(...got.ports);
  }
  let remaining = subtractResources(slot.remaining, taken);
  if (chargesExecutor) {
    const ec = takeScalar(remaining, "cpus", share.cpus) ?? [];
    const em = takeScalar(remaining, "mem", share.memMb) ?? [];
    remaining = subtractResources(remaining, [...ec, ...em]);
  }
  return { ok: true, resources: taken, hostPorts, ports, chargesExecutor, remaining };
}

/** Applies a fit to its slot: what is left, and the executor now counted as running. */
export function applyFit(slot: AgentSlot, fit: Fit): void {
  slot.remaining = fit.remaining;
  slot.freeCpus = cpus(fit.remaining);
  slot.freeMemMb = mem(fit.remaining);
  slot.hasExecutor = true;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

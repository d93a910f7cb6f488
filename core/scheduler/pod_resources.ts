/**
 * What a pod asks of an agent: cpus and memory summed over its containers (requests, else
 * limits, else the small best-effort charge of DEFAULT_RESOURCES), the fixed host ports it declares, and the container
 * ports that need a host port mapped from the offer (wildcard mapping, or the process runtime).
 */
import { parseCpu, parseMemory } from "../api/quantity.ts";
import type { Container, Pod } from "../api/types/pod.ts";
import { PORT_MAPPING_ANNOTATION } from "./annotations.ts";

/** What a container without a request or limit is charged in Mesos. */
export interface ResourceDefaults {
  /** CPUs of a container with neither cpu request nor limit (default 0.01). */
  containerCpus: number;
  /** Memory in MiB of a container with neither memory request nor limit (default 16). */
  containerMemMb: number;
}

/**
 * The charge of a container without requests or limits: 0.01 cpu and 16 MiB. Kubernetes
 * reserves nothing for such best-effort containers, but a Mesos task must hold some resources;
 * 0.01 cpu is the smallest share Mesos hands out (its MIN_CPUS), and 16 MiB is about what a
 * small server process (busybox httpd, nginx worker) resides in. A 2-core host thus fits
 * hundreds of best-effort pods instead of 7 (0.25 cpu each); pods that need more say so with
 * requests. `--default-container-cpu` / `--default-container-mem` change it.
 */
export const DEFAULT_RESOURCES: ResourceDefaults = { containerCpus: 0.01, containerMemMb: 16 };

/** The cpus and MiB `pods` are charged together, as the scheduler launches their tasks. */
export function chargedResources(
  pods: Pod[],
  defaults: ResourceDefaults = DEFAULT_RESOURCES,
): { cpus: number; memMb: number } {
  let cpuMillis = 0;
  let memMb = 0;
  for (const p of pods) {
    const d = podDemand(p, defaults);
    cpuMillis += Math.round(d.cpus * 1000);
    memMb += d.memMb;
  }
  return { cpus: cpuMillis / 1000, memMb };
}

/** A container port that needs a host port. */
export interface PortDemand {
  containerPort: number;
  /** TCP, UDP or SCTP. */
  protocol: string;
  /** The declared host port; 0 when one must be mapped from the offer. */
  hostPort: number;
}

/** What one pod needs from an agent (without the executor's share). */
export interface PodDemand {
  cpus: number;
  memMb: number;
  /** Host ports the pod declares (non-zero hostPort). */
  fixedPorts: PortDemand[];
  /** Container ports to map to offered host ports. */
  mappedPorts: PortDemand[];
  nodeSelector: Record<string, string>;
  /** spec.nodeName set by the user: only this host will do. */
  pinnedHost?: string;
}

function quantityOf(
  c: Container,
  name: "cpu" | "memory",
  parse: (q: string) => number,
  field: string,
): number | undefined {
  const raw = c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  if (raw === undefined) return undefined;
  try {
    return parse(String(raw));
  } catch {
    throw new Error(
      `container "${c.name}" has ${field} "${raw}" that is not a Kubernetes quantity; ` +
        `fix the pod's resources`,
    );
  }
}

/**
 * The demand of `pod`. `mapAllPorts` (process runtime) maps every containerPort without a
 * hostPort; otherwise only pods annotated `k8s.mesosphere.io/portMapping: wildcard` get that.
 */
export function podDemand(
  pod: Pod,
  defaults: ResourceDefaults = DEFAULT_RESOURCES,
  mapAllPorts = false,
): PodDemand {
  let cpuMillis = 0;
  let memMb = 0;
  const fixedPorts: PortDemand[] = [];
  const mappedPorts: PortDemand[] = [];
  const wildcard = mapAllPorts ||
    pod.metadata.annotations?.[PORT_MAPPING_ANNOTATION]?.toLowerCase() === "wildcard";
  for (const c of pod.spec?.containers ?? []) {
    const cpu = quantityOf(c, "cpu", parseCpu, "cpu") ?? defaults.containerCpus;
    const bytes = quantityOf(c, "memory", parseMemory, "memory");
    cpuMillis += Math.ceil(cpu * 1000);
    memMb += bytes === undefined ? defaults.containerMemMb : Math.ceil(bytes / (1024 * 1024));
    for (const p of c.ports ?? []) {
      const protocol = (p.protocol ?? "TCP").toUpperCase();
      if (p.hostPort && p.hostPort > 0) {
        fixedPorts.push({ containerPort: p.containerPort, protocol, hostPort: p.hostPort });
      } else if (wildcard) {
        mappedPorts.push({ containerPort: p.containerPort, protocol, hostPort: 0 });
      }
    }
  }
  const pinned = pod.spec?.nodeName;
  return {
    cpus: cpuMillis / 1000,
    memMb,
    fixedPorts,
    mappedPorts,
    nodeSelector: pod.spec?.nodeSelector ?? {},
    pinnedHost: pinned ? pinned : undefined,
  };
}

/** The distinct fixed host port numbers of a demand (a port used for TCP and UDP counts once). */
export function fixedHostPorts(d: PodDemand): number[] {
  return [...new Set(d.fixedPorts.map((p) => p.hostPort))];
}

/** The key the executor looks host ports up by: `"<containerPort>/<PROTOCOL>"`. */
export function hostPortKey(p: PortDemand): string {
  return `${p.containerPort}/${p.protocol}`;
}

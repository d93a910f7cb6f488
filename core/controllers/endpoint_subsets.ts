/**
 * Computes a service's Endpoints subsets from its pods: each service port's target port is
 * resolved per pod (a number, or a container port name); when that container port has a host
 * port — declared, or mapped from the Mesos offer by the scheduler (annotation
 * `k8s.mesosphere.io/hostPorts`) — the address is `hostIP:hostPort`, reachable across agents
 * without an overlay network; otherwise it is `podIP:containerPort`. Ready pods go to
 * `addresses`, the others to `notReadyAddresses`; addresses with the same ports share a subset.
 */
import type { ContainerPort, Pod } from "../api/types/pod.ts";
import type { Service, ServicePort } from "../api/types/service.ts";
import type { EndpointAddress, EndpointPort, EndpointSubset } from "../api/types/endpoints.ts";
import { HOST_PORTS_ANNOTATION } from "../scheduler/annotations.ts";
import { isPodReady } from "./pod_conditions.ts";

/** The mapped host ports of `pod` keyed "<containerPort>/<PROTOCOL>" (empty when none). */
export function readHostPorts(pod: Pod): Record<string, number> {
  const raw = pod.metadata.annotations?.[HOST_PORTS_ANNOTATION];
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    const out: Record<string, number> = {};
    for (const [k, port] of Object.entries(v)) {
      if (typeof port === "number" && Number.isInteger(port) && port > 0) out[k] = port;
    }
    return out;
  } catch {
    return {};
  }
}

/** Where one service port of one pod is served, or undefined when the pod does not serve it. */
export function resolvePodPort(
  pod: Pod,
  sp: ServicePort,
): { ip: string; port: number } | undefined {
  const protocol = sp.protocol ?? "TCP";
  const target = sp.targetPort ?? sp.port;
  let found: ContainerPort | undefined;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if ((p.protocol ?? "TCP") !== protocol) continue;
      if (typeof target === "string" ? p.name === target : p.containerPort === target) {
        found = p;
        break;
      }
    }
    if (found) break;
  }
  if (!found && typeof target === "string") {
    if (!/^\d+$/.test(target)) return undefined;
  }
  const containerPort = found?.containerPort ?? Number(target);
  const hostPort = found?.hostPort ||
    readHostPorts(pod)[`${containerPort}/${protocol}`];
  if (hostPort) {
    const hostIP = pod.status?.hostIP;
    return hostIP ? { ip: hostIP, port: hostPort } : undefined;
  }
  const podIP = pod.status?.podIP;
  return podIP ? { ip: podIP, port: containerPort } : undefined;
}

/** True when a pod should appear in endpoints at all (not terminating, not finished). */
export function podServes(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

const portKey = (ports: EndpointPort[]) =>
  JSON.stringify(ports.map((p) => [p.name ?? "", p.port, p.protocol ?? "TCP"]));

/** The subsets of `svc` for the pods selected by it (already filtered by selector). */
export function endpointSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, EndpointSubset>();
  for (const pod of pods) {
    if (!podServes(pod)) continue;
    const ready = publishNotReady || isPodReady(pod);
    // One pod may serve its ports on different IPs (host ports on hostIP, others on podIP).
    const byIp = new Map<string, EndpointPort[]>();
    for (const sp of svc.spec?.ports ?? []) {
      const at = resolvePodPort(pod, sp);
      if (!at) continue;
      const list = byIp.get(at.ip) ?? [];
      const port: EndpointPort = { port: at.port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) port.name = sp.name;
      if (sp.appProtocol) port.appProtocol = sp.appProtocol;
      list.push(port);
      byIp.set(at.ip, list);
    }
    for (const [ip, ports] of byIp) {
      ports.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.port - b.port);
      const key = portKey(ports);
      const subset = groups.get(key) ?? { ports };
      const addr: EndpointAddress = {
        ip,
        targetRef: {
          kind: "Pod",
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
      // A pod whose subdomain is this Service (StatefulSet pods under their headless
      // Service) is named in it: <hostname>.<service>.<namespace>.svc.
      if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) {
        addr.hostname = pod.spec.hostname;
      }
      if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
      if (ready) (subset.addresses ??= []).push(addr);
      else (subset.notReadyAddresses ??= []).push(addr);
      groups.set(key, subset);
    }
  }
  const byAddr = (a: EndpointAddress, b: EndpointAddress) =>
    a.ip.localeCompare(b.ip) || (a.targetRef?.name ?? "").localeCompare(b.targetRef?.name ?? "");
  const subsets = [...groups.values()];
  for (const s of subsets) {
    s.addresses?.sort(byAddr);
    s.notReadyAddresses?.sort(byAddr);
  }
  return subsets.sort((a, b) => portKey(a.ports ?? []).localeCompare(portKey(b.ports ?? [])));
}

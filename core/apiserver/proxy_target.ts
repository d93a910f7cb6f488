/**
 * Where a `pods/ID/proxy` or `services/ID/proxy` request may go, resolved only from what the API
 * knows, never from an address a user wrote: a pod's declared port on its hostIP:hostPort (the
 * mapped host port, as the endpoints controller publishes it) or podIP:containerPort, and a
 * service's port through its Endpoints, each address checked against the pod it names. `ID` is
 * `name`, `name:port` or `scheme:name:port` as kube-apiserver splits it.
 */
import * as errors from "../api/status.ts";
import type { Endpoints } from "../api/types/endpoints.ts";
import type { Pod } from "../api/types/pod.ts";
import type { Service, ServicePort } from "../api/types/service.ts";
import { podServes, resolvePodPort } from "../controllers/endpoint_subsets.ts";
import type { RegistrySet } from "../registry/registry_set.ts";

/** A proxy id split into its parts (`[scheme:]name[:port]`). */
export interface ProxyId {
  scheme: "" | "http" | "https";
  name: string;
  port: string;
}

/** Where the apiserver will send a proxied request. */
export interface ProxyTarget {
  scheme: "http" | "https";
  host: string;
  port: number;
}

function unavailable(message: string): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(503, "ServiceUnavailable", message));
}

/** Splits a proxy id like kube's SplitSchemeNamePort; 400 for any other shape. */
export function splitProxyId(kind: "pod" | "service", id: string): ProxyId {
  const parts = id.split(":");
  let out: ProxyId | undefined;
  if (parts.length === 1) out = { scheme: "", name: parts[0], port: "" };
  else if (parts.length === 2) out = { scheme: "", name: parts[0], port: parts[1] };
  else if (parts.length === 3 && ["", "http", "https"].includes(parts[0])) {
    out = { scheme: parts[0] as ProxyId["scheme"], name: parts[1], port: parts[2] };
  }
  if (!out || out.name === "") {
    throw errors.badRequest(
      `invalid ${kind} request "${id}": write NAME, NAME:PORT or SCHEME:NAME:PORT ` +
        "(SCHEME http or https)",
    );
  }
  return out;
}

function ipString(ip: string): string {
  return ip.includes(":") ? `[${ip}]` : ip;
}

/**
 * The address of port `portStr` (a container port number or name; empty: the first declared
 * port) of `pod`. A declared port is reached where the endpoints controller would publish it;
 * an undeclared one only on a pod IP of its own (never on a node's shared address).
 */
export function podProxyTarget(pod: Pod, id: ProxyId): ProxyTarget {
  const name = pod.metadata.name ?? id.name;
  const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? [])
    .filter((p) => (p.protocol ?? "TCP") === "TCP");
  let port: number;
  if (id.port === "") {
    if (declared.length === 0) {
      throw errors.badRequest(
        `pod ${name} declares no container port; name one in the URL (pods/${name}:PORT/proxy/)`,
      );
    }
    port = declared[0].containerPort;
  } else if (/^\d+$/.test(id.port)) {
    port = Number(id.port);
  } else {
    const named = declared.find((p) => p.name === id.port);
    if (!named) {
      throw errors.badRequest(`pod ${name} has no container port named "${id.port}"`);
    }
    port = named.containerPort;
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw errors.badRequest(`port ${id.port} of pod ${name} is not a number from 1 to 65535`);
  }
  if (!podServes(pod)) {
    throw unavailable(
      `pod ${name} is ${
        pod.metadata.deletionTimestamp ? "terminating" : `finished (${pod.status?.phase})`
      }; there is nothing to proxy to`,
    );
  }
  const isDeclared = declared.some((p) => p.containerPort === port);
  const podIP = pod.status?.podIP ?? "";
  const hostIP = pod.status?.hostIP ?? "";
  if (!isDeclared && (podIP === "" || podIP === hostIP || pod.spec?.hostNetwork)) {
    throw errors.badRequest(
      `port ${port} is not a declared container port of pod ${name}, and the pod shares its ` +
        `node's network, so the apiserver proxies only to its declared ports (${
          declared.map((p) => p.containerPort).join(", ") || "none"
        }); add the port to the pod's containers[].ports`,
    );
  }
  const at = resolvePodPort(pod, { port, targetPort: port, protocol: "TCP" });
  if (!at) {
    throw unavailable(
      `pod ${name} has no IP address yet (phase ${pod.status?.phase ?? "Pending"}); ` +
        "retry once it runs",
    );
  }
  return { scheme: id.scheme === "https" ? "https" : "http", host: ipString(at.ip), port: at.port };
}

function servicePortName(svc: Service, id: ProxyId): { name: string; sp: ServicePort } {
  const ports = svc.spec?.ports ?? [];
  const svcName = svc.metadata.name ?? id.name;
  let sp: ServicePort | undefined;
  if (id.port === "") {
    sp = ports.length === 1 ? ports[0] : ports.find((p) => (p.name ?? "") === "");
    if (!sp) {
      throw unavailable(
        `service "${svcName}" has several ports; name one (services/${svcName}:PORT/proxy/)`,
      );
    }
  } else if (/^\d+$/.test(id.port)) {
    sp = ports.find((p) => p.port === Number(id.port));
    if (!sp) throw unavailable(`no service port ${id.port} found for service "${svcName}"`);
  } else {
    sp = ports.find((p) => p.name === id.port);
    if (!sp) throw unavailable(`no service port named "${id.port}" found for service "${svcName}"`);
  }
  return { name: sp.name ?? "", sp };
}

/**
 * The address of one ready backend of the service, from its Endpoints; an address is used only
 * when it names a pod (targetRef) that serves that service port at exactly that address.
 */
export async function serviceProxyTarget(
  registries: RegistrySet,
  namespace: string,
  id: ProxyId,
): Promise<ProxyTarget> {
  const svc = await registries.must("services").get(namespace, id.name) as Service;
  const { name: portName, sp } = servicePortName(svc, id);
  let eps: Endpoints | undefined;
  try {
    eps = await registries.must("endpoints").get(namespace, id.name) as Endpoints;
  } catch (e) {
    if (!errors.isApiError(e, 404)) throw e;
  }
  const candidates: { ip: string; port: number; pod: string }[] = [];
  for (const subset of eps?.subsets ?? []) {
    const port = subset.ports?.find((p) => (p.name ?? "") === portName);
    if (!port) continue;
    for (const a of subset.addresses ?? []) {
      if (a.targetRef?.kind === "Pod" && a.targetRef.name) {
        candidates.push({ ip: a.ip, port: port.port, pod: a.targetRef.name });
      }
    }
  }
  const pods = registries.must("pods");
  while (candidates.length > 0) {
    const [c] = candidates.splice(Math.floor(Math.random() * candidates.length), 1);
    let pod: Pod;
    try {
      pod = await pods.get(namespace, c.pod) as Pod;
    } catch (e) {
      if (errors.isApiError(e, 404)) continue;
      throw e;
    }
    const at = podServes(pod) ? resolvePodPort(pod, sp) : undefined;
    if (at && at.ip === c.ip && at.port === c.port) {
      return {
        scheme: id.scheme === "https" ? "https" : "http",
        host: ipString(at.ip),
        port: at.port,
      };
    }
  }
  throw unavailable(
    `no endpoints available for service "${id.name}" (the apiserver proxies only to ready ` +
      "addresses of the service's Endpoints that belong to a running pod)",
  );
}

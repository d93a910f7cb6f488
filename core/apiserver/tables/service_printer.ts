/** Service and Endpoints rows as kubectl prints them. */

import type { KubeObject } from "../../api/object.ts";
import type { Endpoints } from "../../api/types/endpoints.ts";
import type { Service } from "../../api/types/service.ts";
import { ageSince } from "./human_duration.ts";
import {
  AGE_COLUMN,
  column,
  formatLabels,
  NAME_COLUMN,
  type ResourcePrinter,
} from "./table_types.ts";

function externalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ExternalName":
      return spec.externalName || "<none>";
    case "LoadBalancer": {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || "")
        .filter(Boolean);
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(",") : "<pending>";
    }
    default:
      return external.length > 0 ? external.join(",") : "<none>";
  }
}

function portsCell(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => {
    const proto = p.protocol ?? "TCP";
    return p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  }).join(",");
}

/** The services printer (Name, Type, Cluster-IP, External-IP, Port(s), Age; Selector wide). */
export const servicePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Type", "type determines how the Service is exposed."),
    column("Cluster-IP", "clusterIP is the IP address of the service."),
    column(
      "External-IP",
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.",
    ),
    column("Port(s)", "The list of ports that are exposed by this service."),
    AGE_COLUMN,
    column(
      "Selector",
      "Route service traffic to pods with label keys and values matching this selector.",
      1,
    ),
  ],
  row(obj: KubeObject, now: number) {
    const svc = obj as Service;
    const spec = svc.spec ?? {};
    return {
      cells: [
        svc.metadata.name ?? "",
        spec.type ?? "ClusterIP",
        spec.clusterIPs?.[0] || spec.clusterIP || "<none>",
        externalIP(svc),
        portsCell(svc),
        ageSince(svc.metadata.creationTimestamp, now),
        formatLabels(spec.selector),
      ],
    };
  },
};

/** The ENDPOINTS cell: up to three `ip:port`, then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < max) shown.push(a.ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length < max) {
          shown.push(a.ip.includes(":") ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
        }
      }
    }
  }
  const text = shown.join(",");
  return count > max ? `${text} + ${count - max} more...` : text;
}

/** The endpoints printer (Name, Endpoints, Age). */
export const endpointsPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Endpoints", "Endpoints of the service."),
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: number) {
    const ep = obj as Endpoints;
    return {
      cells: [
        ep.metadata.name ?? "",
        formatEndpoints(ep),
        ageSince(ep.metadata.creationTimestamp, now),
      ],
    };
  },
};

/**
 * The backends of a service port from the Service's EndpointSlices (as kube-proxy reads them):
 * endpoints whose `ready` condition is not false, at the slice port named like the service
 * port (or the only port of an unnamed one).
 */
import type { EndpointSlice } from "../api/types/endpoint_slice.ts";
import type { ServicePort } from "../api/types/service.ts";
import type { Endpoint } from "./round_robin.ts";

/** The label naming a slice's Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** The "namespace/name" of the Service a slice belongs to, or undefined. */
export function serviceOfSlice(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata.namespace}/${name}` : undefined;
}

/** The ready backends of `sp` in `slices`, sorted and without duplicates. */
export function sliceEndpoints(slices: EndpointSlice[], sp: ServicePort): Endpoint[] {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    const port = ports.find((p) => (p.name ?? "") === (sp.name ?? "")) ??
      (ports.length === 1 && !sp.name ? ports[0] : undefined);
    if (port?.port === undefined) continue;
    for (const e of slice.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const host of e.addresses) {
        const key = `${host}:${port.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ host, port: port.port });
      }
    }
  }
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
}

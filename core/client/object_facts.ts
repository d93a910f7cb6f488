/**
 * Facts derived from objects for printing: a pod's status reason, images and host; an
 * endpoints' addresses. Shared by the seed's `list` output and `describe`; the status and
 * endpoints texts come from the apiserver's table printers so every output agrees.
 */
import { asRecord as rec, asRecords as arr } from "../api/json_value.ts";
import type { KubeObject } from "../api/object.ts";
import type { Endpoints } from "../api/types/endpoints.ts";
import type { Pod } from "../api/types/pod.ts";
import { podStatusReason } from "../apiserver/tables/pod_printer.ts";
import { formatEndpoints } from "../apiserver/tables/service_printer.ts";

/** The containers of a pod spec (or of an rc's pod template when `template` is set). */
export function containersOf(o: KubeObject, template = false): Record<string, unknown>[] {
  const spec = rec(o.spec);
  return arr(template ? rec(rec(spec.template).spec).containers : spec.containers);
}

/** Comma-joined images of the containers. */
export function imagesOf(o: KubeObject, template = false): string {
  return containersOf(o, template).map((c) => String(c.image ?? "")).join(",");
}

/** The STATUS kubectl shows for a pod (the server printer's reason; "Pending" before any). */
export function podStatusText(o: KubeObject): string {
  return podStatusReason(o as Pod).reason || "Pending";
}

/** The seed's HOST column: "host/hostIP", or "<unassigned>" before scheduling. */
export function podHost(o: KubeObject): string {
  const host = String(rec(o.spec).nodeName ?? "");
  const ip = String(rec(o.status).hostIP ?? "");
  if (host === "" && ip === "") return "<unassigned>";
  return `${host}/${ip}`;
}

/** An Endpoints' addresses as kubectl shows them (at most 3, then "+ N more..."), or "<none>". */
export function endpointsText(o: KubeObject): string {
  return formatEndpoints(o as Endpoints);
}

/** "k=v,k=v" of a map sorted by key, or `none` when empty. */
export function mapText(m: unknown, none = "<none>"): string {
  const e = Object.entries(rec(m)).sort(([a], [b]) => a.localeCompare(b));
  return e.length === 0 ? none : e.map(([k, v]) => `${k}=${v}`).join(",");
}

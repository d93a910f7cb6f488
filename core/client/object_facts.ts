/**
 * Facts derived from objects for printing: a pod's READY count, restarts and status reason,
 * images, host; a service's ports; an endpoints' addresses. Shared by tables, the seed's
 * `list` output and `describe`.
 */
import type { KubeObject } from "../api/object.ts";

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? v as Record<string, unknown>
    : {};
}

function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(rec) : [];
}

/** The containers of a pod spec (or of an rc's pod template when `template` is set). */
export function containersOf(o: KubeObject, template = false): Record<string, unknown>[] {
  const spec = rec(o.spec);
  return arr(template ? rec(rec(spec.template).spec).containers : spec.containers);
}

/** Comma-joined images of the containers. */
export function imagesOf(o: KubeObject, template = false): string {
  return containersOf(o, template).map((c) => String(c.image ?? "")).join(",");
}

/** "ready/total" containers of a pod. */
export function podReady(o: KubeObject): string {
  const statuses = arr(rec(o.status).containerStatuses);
  const ready = statuses.filter((c) => c.ready === true).length;
  return `${ready}/${containersOf(o).length}`;
}

/** The sum of a pod's container restarts. */
export function podRestarts(o: KubeObject): number {
  return arr(rec(o.status).containerStatuses)
    .reduce((n, c) => n + (typeof c.restartCount === "number" ? c.restartCount : 0), 0);
}

/** The STATUS kubectl shows for a pod: a waiting/terminated reason, Terminating, or the phase. */
export function podStatusText(o: KubeObject): string {
  const status = rec(o.status);
  let reason = typeof status.reason === "string" && status.reason !== ""
    ? status.reason
    : typeof status.phase === "string" && status.phase !== ""
    ? status.phase
    : "Pending";
  for (const c of arr(status.containerStatuses)) {
    const state = rec(c.state);
    const waiting = rec(state.waiting);
    const terminated = rec(state.terminated);
    if (typeof waiting.reason === "string" && waiting.reason !== "") reason = waiting.reason;
    else if (typeof terminated.reason === "string" && terminated.reason !== "") {
      reason = terminated.reason;
    }
  }
  if (o.metadata.deletionTimestamp) reason = "Terminating";
  return reason;
}

/** The seed's HOST column: "host/hostIP", or "<unassigned>" before scheduling. */
export function podHost(o: KubeObject): string {
  const host = String(rec(o.spec).nodeName ?? "");
  const ip = String(rec(o.status).hostIP ?? "");
  if (host === "" && ip === "") return "<unassigned>";
  return `${host}/${ip}`;
}

/** A service's ports as kubectl shows them: "80/TCP", "80:30080/TCP", or "<none>". */
export function servicePorts(o: KubeObject): string {
  const ports = arr(rec(o.spec).ports);
  if (ports.length === 0) return "<none>";
  return ports.map((p) => {
    const node = typeof p.nodePort === "number" && p.nodePort > 0 ? `:${p.nodePort}` : "";
    return `${p.port}${node}/${p.protocol ?? "TCP"}`;
  }).join(",");
}

/** An Endpoints' addresses as "ip:port,ip:port" (at most 3, then "+ N more..."), or "<none>". */
export function endpointsText(o: KubeObject): string {
  const all: string[] = [];
  for (const subset of arr(o.subsets)) {
    const ports = arr(subset.ports);
    for (const a of arr(subset.addresses)) {
      if (ports.length === 0) all.push(String(a.ip));
      for (const p of ports) all.push(`${a.ip}:${p.port}`);
    }
  }
  if (all.length === 0) return "<none>";
  if (all.length <= 3) return all.join(",");
  return `${all.slice(0, 3).join(",")} + ${all.length - 3} more...`;
}

/** "k=v,k=v" of a map sorted by key, or `none` when empty. */
export function mapText(m: unknown, none = "<none>"): string {
  const e = Object.entries(rec(m)).sort(([a], [b]) => a.localeCompare(b));
  return e.length === 0 ? none : e.map(([k, v]) => `${k}=${v}`).join(",");
}

/**
 * What a scheduler asks of offered resources: totals (cpus, mem, disk), port ranges, and carving
 * task resources out of an offer while keeping each piece's role and allocation_info as offered.
 */
import { fromIntervals, toIntervals } from "./ranges.ts";
import {
  isEmptyResource,
  type MesosResource,
  normalizeResources,
  scalarMillis,
} from "./resources.ts";

/** Total of the SCALAR resources called `name`, across roles and allocations. */
export function scalarOf(rs: readonly MesosResource[], name: string): number {
  const millis = rs.filter((r) => r.name === name && r.type === "SCALAR")
    .reduce((sum, r) => sum + scalarMillis(r.scalar?.value ?? 0), 0);
  return millis / 1000;
}

/** Total `cpus`. */
export function cpus(rs: readonly MesosResource[]): number {
  return scalarOf(rs, "cpus");
}

/** Total `mem` in MB. */
export function mem(rs: readonly MesosResource[]): number {
  return scalarOf(rs, "mem");
}

/** Total `disk` in MB. */
export function disk(rs: readonly MesosResource[]): number {
  return scalarOf(rs, "disk");
}

/** The `ports` ranges offered, merged across roles, as numbers. */
export function portRanges(rs: readonly MesosResource[]): { begin: number; end: number }[] {
  const all = rs.filter((r) => r.name === "ports" && r.type === "RANGES")
    .flatMap((r) => r.ranges?.range ?? []);
  return toIntervals(all).map((i) => ({ begin: Number(i.begin), end: Number(i.end) }));
}

/**
 * Carves `amount` of the scalar `name` out of `rs`, taking from resources in order, each piece
 * keeping its source's role and allocation_info. Undefined when `rs` holds too little.
 */
export function takeScalar(
  rs: readonly MesosResource[],
  name: string,
  amount: number,
): MesosResource[] | undefined {
  let need = scalarMillis(amount);
  const out: MesosResource[] = [];
  for (const r of normalizeResources(rs)) {
    if (need <= 0) break;
    if (r.name !== name || r.type !== "SCALAR") continue;
    const take = Math.min(need, scalarMillis(r.scalar?.value ?? 0));
    if (take <= 0) continue;
    out.push({ ...r, scalar: { value: take / 1000 } });
    need -= take;
  }
  return need > 0 ? undefined : out;
}

function portPiece(template: MesosResource, ports: number[]): MesosResource {
  const intervals = toIntervals(ports.map((p) => ({ begin: p, end: p })));
  return { ...template, ranges: { range: fromIntervals(intervals) } };
}

/**
 * The `ports` resource holding exactly `port`, with the role and allocation_info of the offered
 * range that contains it; undefined when the port is not offered.
 */
export function findPort(rs: readonly MesosResource[], port: number): MesosResource | undefined {
  for (const r of rs) {
    if (r.name !== "ports" || r.type !== "RANGES") continue;
    const hit = toIntervals(r.ranges?.range).some((i) =>
      i.begin <= BigInt(port) && BigInt(port) <= i.end
    );
    if (hit) return portPiece(r, [port]);
  }
  return undefined;
}

/**
 * Picks `count` ports from the offered `ports` ranges (lowest first, skipping `exclude`).
 * Returns the chosen port numbers and the resources to put in a TaskInfo, or undefined when not
 * enough ports are offered.
 */
export function takePorts(
  rs: readonly MesosResource[],
  count: number,
  exclude: ReadonlySet<number> = new Set(),
): { ports: number[]; resources: MesosResource[] } | undefined {
  const ports: number[] = [];
  const resources: MesosResource[] = [];
  for (const r of normalizeResources(rs)) {
    if (ports.length >= count) break;
    if (r.name !== "ports" || r.type !== "RANGES") continue;
    const mine: number[] = [];
    for (const i of toIntervals(r.ranges?.range)) {
      for (let p = Number(i.begin); p <= Number(i.end) && ports.length < count; p++) {
        if (exclude.has(p)) continue;
        mine.push(p);
        ports.push(p);
      }
    }
    if (mine.length > 0) resources.push(portPiece(r, mine));
  }
  if (ports.length < count) return undefined;
  return { ports, resources: resources.filter((r) => !isEmptyResource(r)) };
}

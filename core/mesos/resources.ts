/**
 * Resource arithmetic over Mesos `Resource` objects in Mesos JSON form. Resources of the same
 * name, type and metadata (role, reservations, allocation_info, disk, revocable, shared,
 * provider) combine; others are kept apart, so roles and allocation_info stay as offered.
 * Scalars use Mesos' fixed-point arithmetic (3 decimal digits).
 */
import {
  containsIntervals,
  fromIntervals,
  type MesosRange,
  subtractIntervals,
  toIntervals,
  unionIntervals,
} from "./ranges.ts";

/** A mesos.v1.Resource in Mesos JSON form (only the fields k8sm reads are typed). */
export interface MesosResource {
  name: string;
  type: "SCALAR" | "RANGES" | "SET" | "TEXT";
  scalar?: { value: number | string };
  ranges?: { range?: MesosRange[] };
  set?: { item?: string[] };
  role?: string;
  reservation?: { role?: string; principal?: string; [k: string]: unknown };
  reservations?: { role?: string; type?: string; principal?: string; [k: string]: unknown }[];
  allocation_info?: { role?: string };
  [field: string]: unknown;
}

const VALUE_FIELDS = new Set(["scalar", "ranges", "set"]);

/** Rounds a scalar to Mesos' fixed-point precision, returning thousandths as an integer. */
export function scalarMillis(value: number | string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Invalid scalar resource value "${value}".`);
  return Math.round(n * 1000);
}

/** Rounds a scalar to 3 decimal digits as Mesos does (0.1 + 0.2 → 0.3). */
export function roundScalar(value: number): number {
  return scalarMillis(value) / 1000;
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    );
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * The identity of a resource without its value: two resources with equal keys can be added and
 * subtracted. A role of "*" counts as unset (it is the default).
 */
export function resourceKey(r: MesosResource): string {
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (VALUE_FIELDS.has(k) || v === undefined) continue;
    if (k === "role" && v === "*") continue;
    if (k === "reservations" && Array.isArray(v) && v.length === 0) continue;
    meta[k] = v;
  }
  return stable(meta);
}

/** The role a resource is reserved for ("*" when unreserved), in either reservation format. */
export function resourceRole(r: MesosResource): string {
  const refined = r.reservations?.[r.reservations.length - 1]?.role;
  return refined ?? r.reservation?.role ?? r.role ?? "*";
}

/** The role a resource is allocated to (offer's allocation_info.role), if any. */
export function allocationRole(r: MesosResource): string | undefined {
  return r.allocation_info?.role;
}

/** True when the resource holds nothing (zero scalar, no ranges, no set items). */
export function isEmptyResource(r: MesosResource): boolean {
  switch (r.type) {
    case "SCALAR":
      return scalarMillis(r.scalar?.value ?? 0) <= 0;
    case "RANGES":
      return (r.ranges?.range ?? []).length === 0;
    case "SET":
      return (r.set?.item ?? []).length === 0;
    default:
      return false;
  }
}

function withValue(template: MesosResource, value: Partial<MesosResource>): MesosResource {
  const out: MesosResource = { ...template };
  delete out.scalar;
  delete out.ranges;
  delete out.set;
  return { ...out, ...value };
}

function combine(a: MesosResource, b: MesosResource, sign: 1 | -1): MesosResource {
  switch (a.type) {
    case "SCALAR": {
      const m = scalarMillis(a.scalar?.value ?? 0) + sign * scalarMillis(b.scalar?.value ?? 0);
      return withValue(a, { scalar: { value: m / 1000 } });
    }
    case "RANGES": {
      const x = toIntervals(a.ranges?.range);
      const y = toIntervals(b.ranges?.range);
      const r = sign > 0 ? unionIntervals(x, y) : subtractIntervals(x, y);
      return withValue(a, { ranges: { range: fromIntervals(r) } });
    }
    case "SET": {
      const items = new Set(a.set?.item ?? []);
      for (const i of b.set?.item ?? []) sign > 0 ? items.add(i) : items.delete(i);
      return withValue(a, { set: { item: [...items] } });
    }
    default:
      throw new Error(`Cannot do arithmetic on ${a.type} resource "${a.name}".`);
  }
}

function containsOne(a: MesosResource, b: MesosResource): boolean {
  switch (a.type) {
    case "SCALAR":
      return scalarMillis(a.scalar?.value ?? 0) >= scalarMillis(b.scalar?.value ?? 0);
    case "RANGES":
      return containsIntervals(toIntervals(a.ranges?.range), toIntervals(b.ranges?.range));
    case "SET": {
      const have = new Set(a.set?.item ?? []);
      return (b.set?.item ?? []).every((i) => have.has(i));
    }
    default:
      return false;
  }
}

/** Combines resources of equal key into one entry each, dropping empty ones. */
export function normalizeResources(rs: readonly MesosResource[]): MesosResource[] {
  return addResources([], rs);
}

/** `a + b`: resources of equal key are summed (scalars), unioned (ranges, sets). */
export function addResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): MesosResource[] {
  const byKey = new Map<string, MesosResource>();
  for (const r of [...a, ...b]) {
    const key = `${r.name}\u0000${r.type}\u0000${resourceKey(r)}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? combine(prev, r, 1) : combine(withValue(r, emptyValue(r)), r, 1));
  }
  return [...byKey.values()].filter((r) => !isEmptyResource(r));
}

function emptyValue(r: MesosResource): Partial<MesosResource> {
  if (r.type === "SCALAR") return { scalar: { value: 0 } };
  if (r.type === "RANGES") return { ranges: { range: [] } };
  if (r.type === "SET") return { set: { item: [] } };
  return {};
}

/** True when `a` holds at least `b`, resource by resource with matching keys. */
export function containsResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): boolean {
  const have = normalizeResources(a);
  return normalizeResources(b).every((need) => {
    const match = have.find((h) => sameKey(h, need));
    return match !== undefined && containsOne(match, need);
  });
}

function sameKey(a: MesosResource, b: MesosResource): boolean {
  return a.name === b.name && a.type === b.type && resourceKey(a) === resourceKey(b);
}

/**
 * `a - b`. Throws an error naming the first resource of `b` that `a` does not contain, so
 * accounting mistakes surface instead of producing negative resources.
 */
export function subtractResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): MesosResource[] {
  let rest = normalizeResources(a);
  for (const need of normalizeResources(b)) {
    const i = rest.findIndex((h) => sameKey(h, need));
    if (i < 0 || !containsOne(rest[i], need)) {
      throw new Error(
        `Cannot subtract ${describeResource(need)}: only ${
          i < 0 ? "none" : describeResource(rest[i])
        } is available with the same role and allocation.`,
      );
    }
    rest = [...rest.slice(0, i), combine(rest[i], need, -1), ...rest.slice(i + 1)];
  }
  return rest.filter((r) => !isEmptyResource(r));
}

/** A short text form of one resource for messages: `cpus(role):0.5`, `ports:[31000-31005]`. */
export function describeResource(r: MesosResource): string {
  const role = resourceRole(r);
  const head = role === "*" ? r.name : `${r.name}(${role})`;
  switch (r.type) {
    case "SCALAR":
      return `${head}:${roundScalar(Number(r.scalar?.value ?? 0))}`;
    case "RANGES":
      return `${head}:[${(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(",")}]`;
    case "SET":
      return `${head}:{${(r.set?.item ?? []).join(",")}}`;
    default:
      return head;
  }
}

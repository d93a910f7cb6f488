/**
 * Resource arithmetic over Mesos `Resource` objects in Mesos JSON form. Resources of the same
 * name, type and metadata (role, reservations, allocation_info, disk, revocable, shared,
 * provider) combine; others are kept apart, so roles and allocation_info stay as offered.
 * Scalars use Mesos' fixed-point arithmetic (3 decimal digits).
 */
import {
  coalesceIntervals,
  containsIntervals,
  fromIntervals,
  type MesosRange,
  type RangeInterval,
  subtractIntervals,
  toIntervals,
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
  return plainKey(r) ?? stableKey(r);
}

/**
 * The key of a resource with nothing but a name, a type, a value and at most an allocation role
 * (the common case), written as `stable` would write it; undefined for every other resource.
 */
function plainKey(r: MesosResource): string | undefined {
  if (typeof r.name !== "string" || typeof r.type !== "string") return undefined;
  let allocation: string | undefined;
  for (const k of Object.keys(r)) {
    if (k === "name" || k === "type" || VALUE_FIELDS.has(k)) continue;
    const v = r[k];
    if (v === undefined || (k === "role" && v === "*")) continue;
    if (k === "reservations" && Array.isArray(v) && v.length === 0) continue;
    if (k !== "allocation_info" || allocation !== undefined) return undefined;
    const info = v as Record<string, unknown>;
    const keys = typeof info === "object" && info !== null ? Object.keys(info) : [];
    if (keys.length !== 1 || keys[0] !== "role" || typeof info.role !== "string") return undefined;
    allocation = `{"allocation_info":{"role":${JSON.stringify(info.role)}},`;
  }
  return `${allocation ?? "{"}"name":${JSON.stringify(r.name)},"type":${JSON.stringify(r.type)}}`;
}

function stableKey(r: MesosResource): string {
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

/** A copy of `template` whose value is `value`, placed after every other field. */
function withValue(template: MesosResource, value: Partial<MesosResource>): MesosResource {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(template)) {
    if (!VALUE_FIELDS.has(k)) define(out, k, template[k]);
  }
  for (const k of Object.keys(value)) define(out, k, value[k]);
  return out as MesosResource;
}

/** `o[k] = v`, as an own field even for `__proto__` (as object spread does). */
function define(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__") {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  } else o[k] = v;
}

/** `a - b` for two resources of one key (`a` contains `b`). */
function difference(a: MesosResource, b: MesosResource): MesosResource {
  switch (a.type) {
    case "SCALAR": {
      const m = scalarMillis(a.scalar?.value ?? 0) - scalarMillis(b.scalar?.value ?? 0);
      return withValue(a, { scalar: { value: m / 1000 } });
    }
    case "RANGES": {
      const r = subtractIntervals(toIntervals(a.ranges?.range), toIntervals(b.ranges?.range));
      return withValue(a, { ranges: { range: fromIntervals(r) } });
    }
    case "SET": {
      const items = new Set(a.set?.item ?? []);
      for (const i of b.set?.item ?? []) items.delete(i);
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

/** The running sum of the resources of one key. */
interface KeySum {
  /** The first resource of the key: its fields (all but the value) make the sum's. */
  template: MesosResource;
  millis: number;
  intervals: RangeInterval[];
  items: Set<string> | undefined;
}

function sumKey(r: MesosResource): string {
  return `${r.name}\u0000${r.type}\u0000${resourceKey(r)}`;
}

/** Adds every resource of `rs` into `sums`, by key (one pass, no intermediate objects). */
function sumInto(sums: Map<string, KeySum>, rs: readonly MesosResource[]): void {
  for (const r of rs) {
    const key = sumKey(r);
    let s = sums.get(key);
    if (s === undefined) {
      if (r.type !== "SCALAR" && r.type !== "RANGES" && r.type !== "SET") {
        throw new Error(`Cannot do arithmetic on ${r.type} resource "${r.name}".`);
      }
      s = { template: r, millis: 0, intervals: [], items: undefined };
      sums.set(key, s);
    }
    if (r.type === "SCALAR") s.millis += scalarMillis(r.scalar?.value ?? 0);
    else if (r.type === "RANGES") {
      for (const iv of toIntervals(r.ranges?.range)) s.intervals.push(iv);
    } else {
      s.items ??= new Set();
      for (const i of r.set?.item ?? []) s.items.add(i);
    }
  }
}

function sumValue(s: KeySum): MesosResource {
  switch (s.template.type) {
    case "SCALAR":
      return withValue(s.template, { scalar: { value: s.millis / 1000 } });
    case "RANGES":
      return withValue(s.template, {
        ranges: { range: fromIntervals(coalesceIntervals(s.intervals)) },
      });
    default:
      return withValue(s.template, { set: { item: [...(s.items ?? [])] } });
  }
}

/** The non-empty sums of `lists`, by key, in the order keys first appear. */
function normalizedByKey(...lists: (readonly MesosResource[])[]): Map<string, MesosResource> {
  const sums = new Map<string, KeySum>();
  for (const rs of lists) sumInto(sums, rs);
  const out = new Map<string, MesosResource>();
  for (const [key, s] of sums) {
    const r = sumValue(s);
    if (!isEmptyResource(r)) out.set(key, r);
  }
  return out;
}

/** Combines resources of equal key into one entry each, dropping empty ones. */
export function normalizeResources(rs: readonly MesosResource[]): MesosResource[] {
  return [...normalizedByKey(rs).values()];
}

/** `a + b`: resources of equal key are summed (scalars), unioned (ranges, sets). */
export function addResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): MesosResource[] {
  return [...normalizedByKey(a, b).values()];
}

/** True when `a` holds at least `b`, resource by resource with matching keys. */
export function containsResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): boolean {
  const have = normalizedByKey(a);
  for (const [key, need] of normalizedByKey(b)) {
    const match = have.get(key);
    if (match === undefined || !containsOne(match, need)) return false;
  }
  return true;
}

/**
 * `a - b`. Throws an error naming the first resource of `b` that `a` does not contain, so
 * accounting mistakes surface instead of producing negative resources.
 */
export function subtractResources(
  a: readonly MesosResource[],
  b: readonly MesosResource[],
): MesosResource[] {
  const rest = normalizedByKey(a);
  for (const [key, need] of normalizedByKey(b)) {
    const have = rest.get(key);
    if (have === undefined || !containsOne(have, need)) {
      throw new Error(
        `Cannot subtract ${describeResource(need)}: only ${
          have === undefined ? "none" : describeResource(have)
        } is available with the same role and allocation.`,
      );
    }
    rest.set(key, difference(have, need));
  }
  return [...rest.values()].filter((r) => !isEmptyResource(r));
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

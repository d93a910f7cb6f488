/**
 * The Mesos `--resources` text syntax (`cpus:4;mem:8192;ports:[31000-32000];disks:{a,b}`,
 * `cpus(role):2`) and its JSON alternative (an array of Resource objects), parsed into Mesos
 * JSON Resource objects.
 */
import { fromMesosJson } from "./mesos_json.ts";
import { coalesceIntervals, fromIntervals, type RangeInterval } from "./ranges.ts";
import { addResources, describeResource, type MesosResource } from "./resources.ts";

/** Options for `parseResourcesText`. */
export interface ResourceTextOptions {
  /** Role for entries written without `(role)`; "*" (the default) means unreserved. */
  defaultRole?: string;
}

function fail(text: string, token: string, why: string): never {
  throw new Error(`Invalid resources "${text}": ${why} in "${token}".`);
}

/**
 * Parses Mesos resource text into Resource objects (entries of the same name and role are
 * added). A reserved role becomes a STATIC entry of `reservations`. Throws an error naming the
 * offending token.
 */
export function parseResourcesText(text: string, opts: ResourceTextOptions = {}): MesosResource[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) return parseResourcesJson(trimmed);
  const out: MesosResource[] = [];
  for (const raw of trimmed.split(";")) {
    const token = raw.trim();
    if (token === "") continue;
    const colon = token.indexOf(":");
    if (colon < 0) fail(text, token, 'expected "name:value" (e.g. cpus:4)');
    const head = token.slice(0, colon).trim();
    const value = token.slice(colon + 1).trim();
    const m = head.match(/^([A-Za-z0-9_.\-/]+)(?:\(([^()]*)\))?$/);
    if (!m) fail(text, token, `bad resource name "${head}" (expected name or name(role))`);
    const name = m[1];
    const role = m[2] === undefined ? (opts.defaultRole ?? "*") : m[2].trim();
    if (role === "" || /[\s/\\]/.test(role) || role === "." || role === "..") {
      fail(text, token, `bad role "${role}"`);
    }
    const base: MesosResource = { name, type: "SCALAR" };
    if (role !== "*") base.reservations = [{ type: "STATIC", role }];
    out.push({ ...base, ...parseValue(text, token, value) });
  }
  return addResources([], out);
}

function parseValue(text: string, token: string, value: string): Partial<MesosResource> {
  if (value.startsWith("[")) {
    if (!value.endsWith("]")) fail(text, token, `unterminated range list "${value}"`);
    const intervals: RangeInterval[] = [];
    for (const part of value.slice(1, -1).split(",")) {
      const p = part.trim();
      if (p === "") continue;
      const rm = p.match(/^(\d+)\s*-\s*(\d+)$/);
      if (!rm) fail(text, token, `bad range "${p}" (expected begin-end, e.g. 31000-32000)`);
      const begin = BigInt(rm[1]);
      const end = BigInt(rm[2]);
      if (begin > end) fail(text, token, `range "${p}" has begin greater than end`);
      intervals.push({ begin, end });
    }
    return { type: "RANGES", ranges: { range: fromIntervals(coalesceIntervals(intervals)) } };
  }
  if (value.startsWith("{")) {
    if (!value.endsWith("}")) fail(text, token, `unterminated set "${value}"`);
    const items = value.slice(1, -1).split(",").map((s) => s.trim()).filter((s) => s !== "");
    return { type: "SET", set: { item: [...new Set(items)] } };
  }
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(value)) {
    fail(
      text,
      token,
      `value "${value}" is not a non-negative number, a range list [a-b,...] or a set {a,b}`,
    );
  }
  return { type: "SCALAR", scalar: { value: Math.round(Number(value) * 1000) / 1000 } };
}

function isNumeric(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  return typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v));
}

function parseResourcesJson(text: string): MesosResource[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`Invalid resources JSON: ${why}; expected an array of Resource objects.`);
  }
  if (!Array.isArray(parsed)) {
    throw new Error(
      "Invalid resources JSON: expected an array of Resource objects, e.g. " +
        '[{"name":"cpus","type":"SCALAR","scalar":{"value":4}}].',
    );
  }
  (parsed as unknown[]).forEach((r, i) => {
    const value = (r as { scalar?: { value?: unknown } } | null)?.scalar?.value;
    if (value === undefined || isNumeric(value)) return;
    throw new Error(
      `Invalid resources JSON: resource ${i} (${
        JSON.stringify((r as { name?: unknown }).name)
      }) has the scalar value ` +
        `${JSON.stringify(value)}, which is not a number.`,
    );
  });
  return addResources(
    [],
    parsed.map((r) => fromMesosJson("mesos.v1.Resource", r) as MesosResource),
  );
}

/** Formats resources in the Mesos text syntax, e.g. `cpus:4;mem:8192;ports:[31000-32000]`. */
export function formatResourcesText(rs: readonly MesosResource[]): string {
  return rs.map(describeResource).join(";");
}

/** Safe readers for decoded JSON (`unknown`), used where input may have any shape. */

/** A decoded JSON object. */
export type JsonRecord = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` when it is a plain JSON object, else a fresh empty one (for lenient reading). */
export function asRecord(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

/** The plain objects among the items of `value` when it is an array (others read as empty). */
export function asRecords(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.map(asRecord) : [];
}

/** The value at a dotted path of keys, or undefined when any step is missing or not an object. */
export function valueAt(obj: unknown, ...keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** The object at a path, or undefined. */
export function recordAt(obj: unknown, ...keys: string[]): JsonRecord | undefined {
  const v = valueAt(obj, ...keys);
  return isRecord(v) ? v : undefined;
}

/** The array at a path, or undefined. */
export function arrayAt(obj: unknown, ...keys: string[]): unknown[] | undefined {
  const v = valueAt(obj, ...keys);
  return Array.isArray(v) ? v : undefined;
}

/** The string at a path, or undefined. */
export function stringAt(obj: unknown, ...keys: string[]): string | undefined {
  const v = valueAt(obj, ...keys);
  return typeof v === "string" ? v : undefined;
}

/** The number at a path, or undefined. */
export function numberAt(obj: unknown, ...keys: string[]): number | undefined {
  const v = valueAt(obj, ...keys);
  return typeof v === "number" ? v : undefined;
}

/** The object at `obj[key]`, created empty when missing (for defaulting in place). */
export function ensureRecord(obj: JsonRecord, key: string): JsonRecord {
  const v = obj[key];
  if (isRecord(v)) return v;
  const fresh: JsonRecord = {};
  obj[key] = fresh;
  return fresh;
}

/** The entries of a string map; non-string values are skipped. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A deep copy of decoded JSON. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Deep equality of decoded JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

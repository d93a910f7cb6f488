/** The error every patch format throws when a patch cannot be applied. */

/**
 * A patch that is malformed or does not apply to the target (a failed `test`, a missing path,
 * a bad directive). The apiserver answers it with a 422 (or 400 for an unparsable patch).
 */
export class PatchError extends Error {
  /** True when the patch document itself is malformed (→ 400), false when it does not apply. */
  readonly malformed: boolean;

  constructor(message: string, malformed = false) {
    super(message);
    this.name = "PatchError";
    this.malformed = malformed;
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** Deep equality of two JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** JSON merge patch (RFC 7386), the `application/merge-patch+json` content type. */

import { cloneJson, isRecord, jsonEqual } from "../../api/json_value.ts";

/**
 * Applies an RFC 7386 merge patch to `target` and returns the result; `target` is not modified.
 * Objects merge recursively, `null` removes a key, anything else (arrays included) replaces.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (isRecord(value)) {
      result[key] = applyMergePatch(result[key], value);
    } else {
      result[key] = cloneJson(value);
    }
  }
  return result;
}

/**
 * Computes a merge patch turning `from` into `to` (the inverse of {@link applyMergePatch}):
 * changed keys carry their new value, removed keys `null`. Returns `{}` when nothing changed.
 */
export function createMergePatch(from: unknown, to: unknown): unknown {
  if (!isRecord(from) || !isRecord(to)) return cloneJson(to);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) out[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    const old = from[key];
    if (isRecord(value) && isRecord(old)) {
      const sub = createMergePatch(old, value);
      if (isRecord(sub) && Object.keys(sub).length > 0) out[key] = sub;
    } else if (!jsonEqual(old, value)) {
      out[key] = cloneJson(value);
    }
  }
  return out;
}

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), applied the way the
 * Kubernetes apiserver does: lists merge by their patch merge key, and the directives
 * `$patch` (replace | delete | merge), `$setElementOrder/<f>`, `$deleteFromPrimitiveList/<f>`
 * and `$retainKeys` are honoured; `null` deletes a field.
 */

import { cloneJson, isRecord, jsonEqual } from "../../api/json_value.ts";
import { PatchError } from "./patch_error.ts";
import {
  childSchema,
  fieldOf,
  type MergeField,
  type MergeSchema,
  mergeSchemaFor,
} from "./patch_merge_keys.ts";

type Obj = Record<string, unknown>;

const SET_ORDER = "$setElementOrder/";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";
const DELETED = Symbol("deleted");

/**
 * Applies a strategic merge patch to `target` (an object of `kind`, e.g. "Pod") and returns the
 * result; `target` is not modified. Throws PatchError on a malformed patch or directive.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, kind: string): unknown {
  if (!isRecord(patch)) {
    throw new PatchError("a strategic merge patch must be a JSON object", true);
  }
  const result = mergeMap(isRecord(target) ? target : {}, patch, mergeSchemaFor(kind), "");
  return result === DELETED ? {} : result;
}

function mergeMap(
  original: Obj,
  patch: Obj,
  schema: MergeSchema | undefined,
  path: string,
): Obj | typeof DELETED {
  const directive = patch.$patch;
  if (directive === "delete") return DELETED;
  if (directive === "replace") return stripDirectives(patch);
  if (directive !== undefined && directive !== "merge") {
    throw new PatchError(
      `strategic merge patch: unknown $patch directive ${JSON.stringify(directive)} at ` +
        `${path || "the top level"}; use replace, delete or merge`,
      true,
    );
  }
  let result: Obj = { ...original };
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain) || !retain.every((k) => typeof k === "string")) {
      throw new PatchError(
        `strategic merge patch: $retainKeys at ${path} must be a list of names`,
        true,
      );
    }
    result = Object.fromEntries(Object.entries(result).filter(([k]) => retain.includes(k)));
  }
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys") continue;
    const at = path ? `${path}.${key}` : key;
    if (key.startsWith(SET_ORDER)) {
      if (!Array.isArray(value)) {
        throw new PatchError(`strategic merge patch: ${key} must be a list`, true);
      }
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      if (!Array.isArray(value)) {
        throw new PatchError(`strategic merge patch: ${key} must be a list`, true);
      }
      const cur = result[field];
      if (Array.isArray(cur)) {
        result[field] = cur.filter((x) => !value.some((v) => jsonEqual(v, x)));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const field = fieldOf(schema, key);
    const old = result[key];
    if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(old) ? old : [], value, field, at);
    } else if (isRecord(value)) {
      const merged = mergeMap(isRecord(old) ? old : {}, value, childSchema(schema, key), at);
      if (merged === DELETED) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = cloneJson(value);
    }
  }
  for (const [field, order] of orders) {
    const cur = result[field];
    if (Array.isArray(cur)) result[field] = applyOrder(cur, order, fieldOf(schema, field));
  }
  return result;
}

function stripDirectives(patch: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith("$")) continue;
    out[k] = isRecord(v) ? stripDirectives(v) : cloneJson(v);
  }
  return out;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  field: MergeField | undefined,
  path: string,
): unknown[] {
  const replaceItem = patch.find((p) => isRecord(p) && p.$patch === "replace");
  if (replaceItem !== undefined) {
    return patch.filter((p) => p !== replaceItem).map((p) => isRecord(p) ? stripDirectives(p) : p);
  }
  if (field?.set) {
    const out = [...original];
    for (const item of patch) if (!out.some((x) => jsonEqual(x, item))) out.push(cloneJson(item));
    return out;
  }
  const key = field?.mergeKey;
  if (!key) {
    return patch.map((p) => isRecord(p) ? stripDirectives(p) : cloneJson(p));
  }
  const out: unknown[] = original.map((x) => cloneJson(x));
  for (const item of patch) {
    if (!isRecord(item)) {
      throw new PatchError(
        `strategic merge patch: ${path} is merged by "${key}", so its items must be objects`,
        true,
      );
    }
    if (!Object.hasOwn(item, key)) {
      throw new PatchError(
        `strategic merge patch: an item of ${path} lacks its merge key "${key}"`,
        true,
      );
    }
    const index = out.findIndex((x) => isRecord(x) && jsonEqual(x[key], item[key]));
    if (item.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    const at = `${path}[${key}=${JSON.stringify(item[key])}]`;
    const base = index >= 0 && isRecord(out[index]) ? out[index] as Obj : {};
    const merged = mergeMap(base, item, field.schema, at);
    if (merged === DELETED) {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) out[index] = merged;
    else out.push(merged);
  }
  return out;
}

/** Orders `list` by a `$setElementOrder` list; items it does not name keep their place. */
function applyOrder(list: unknown[], order: unknown[], field: MergeField | undefined): unknown[] {
  const key = field?.mergeKey;
  const ident = (x: unknown) => key && isRecord(x) ? x[key] : x;
  const pos = (x: unknown) => order.findIndex((o) => jsonEqual(ident(o), ident(x)));
  const named = list.filter((x) => pos(x) >= 0).sort((a, b) => pos(a) - pos(b));
  const out: unknown[] = [];
  let n = 0;
  for (const item of list) out.push(pos(item) >= 0 ? named[n++] : item);
  return out;
}

/**
 * Walking objects by server-side apply field paths: the field set an object (or applied
 * configuration) sets, the value at a path, and removing a path. List items are addressed by
 * their merge key, set members by value, as in core/apiserver/patch/patch_merge_keys.ts.
 */

import { isRecord, jsonEqual } from "../../api/json_value.ts";
import { childSchema, fieldOf, type MergeSchema } from "../patch/patch_merge_keys.ts";
import { type FieldPath, FieldSet } from "./field_path.ts";

type Obj = Record<string, unknown>;

/** Metadata fields the server owns; they never appear in managed field sets. */
const SERVER_METADATA = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

/** Which part of an object a field set covers: the main resource (no status) or `status`. */
export type FieldScope = "main" | "status";

/** The element addressing a list item by its merge key. */
export function keyElement(item: Obj, key: string): string {
  return `k:${JSON.stringify({ [key]: item[key] })}`;
}

/** The set of field paths `obj` (an object of a kind with `schema`) sets, within `scope`. */
export function fieldSetOf(
  obj: unknown,
  schema: MergeSchema,
  scope: FieldScope = "main",
): FieldSet {
  const set = new FieldSet();
  if (!isRecord(obj)) return set;
  for (const [key, value] of Object.entries(obj)) {
    if (key === "apiVersion" || key === "kind") continue;
    if ((key === "status") !== (scope === "status")) continue;
    if (key === "metadata" && isRecord(value)) {
      const meta: Obj = {};
      for (const [k, v] of Object.entries(value)) if (!SERVER_METADATA.has(k)) meta[k] = v;
      if (Object.keys(meta).length > 0) walk(meta, childSchema(schema, key), ["f:metadata"], set);
      continue;
    }
    walk(value, childSchema(schema, key), [`f:${key}`], set, fieldOf(schema, key)?.atomic);
  }
  return set;
}

function walk(
  value: unknown,
  schema: MergeSchema | undefined,
  path: string[],
  set: FieldSet,
  atomic = false,
): void {
  if (value === null || value === undefined) return;
  if (isRecord(value) && !atomic) {
    const keys = Object.keys(value);
    if (keys.length === 0) set.add(path);
    for (const k of keys) {
      const field = fieldOf(schema, k);
      if (Array.isArray(value[k])) {
        walkList(value[k] as unknown[], field?.mergeKey, field?.set, field?.schema, [
          ...path,
          `f:${k}`,
        ], set);
      } else {
        walk(value[k], childSchema(schema, k), [...path, `f:${k}`], set, field?.atomic);
      }
    }
    return;
  }
  set.add(path);
}

function walkList(
  list: unknown[],
  mergeKey: string | undefined,
  isSet: boolean | undefined,
  itemSchema: MergeSchema | undefined,
  path: string[],
  set: FieldSet,
): void {
  if (isSet) {
    for (const item of list) set.add([...path, `v:${JSON.stringify(item)}`]);
    if (list.length === 0) set.add(path);
    return;
  }
  if (!mergeKey || !list.every((i) => isRecord(i) && i[mergeKey] !== undefined)) {
    set.add(path);
    return;
  }
  for (const item of list as Obj[]) {
    const p = [...path, keyElement(item, mergeKey)];
    set.add(p);
    walk(item, itemSchema, p, set);
  }
}

function step(container: unknown, element: string): unknown {
  const body = element.slice(2);
  if (element.startsWith("f:")) return isRecord(container) ? container[body] : undefined;
  if (!Array.isArray(container)) return undefined;
  if (element.startsWith("k:")) {
    const key = JSON.parse(body) as Obj;
    return container.find((i) =>
      isRecord(i) && Object.entries(key).every(([k, v]) => jsonEqual(i[k], v))
    );
  }
  if (element.startsWith("v:")) {
    const v = JSON.parse(body);
    return container.find((i) => jsonEqual(i, v));
  }
  return undefined;
}

/** The value at `path` in `obj`, or undefined when absent. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const element of path) {
    cur = step(cur, element);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes the field, list item or set member at `path` from `obj` (in place); absent is fine. */
export function removeAt(obj: unknown, path: FieldPath): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last.startsWith("f:")) {
    if (isRecord(parent)) delete parent[last.slice(2)];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = step(parent, last);
  const index = parent.indexOf(target);
  if (target !== undefined && index >= 0) parent.splice(index, 1);
}

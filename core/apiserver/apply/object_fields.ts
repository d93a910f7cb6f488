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
  return `k:{${JSON.stringify(key)}:${JSON.stringify(item[key])}}`;
}

/** The set of field paths `obj` (an object of a kind with `schema`) sets, within `scope`. */
export function fieldSetOf(
  obj: unknown,
  schema: MergeSchema,
  scope: FieldScope = "main",
): FieldSet {
  const set = new FieldSet();
  visitFieldPaths(obj, schema, scope, (path) => set.add(path.slice()));
  return set;
}

/**
 * Calls `add` with every field path `obj` sets within `scope` (what fieldSetOf collects).
 * The array passed is reused for the next path: copy it to keep it.
 */
export function visitFieldPaths(
  obj: unknown,
  schema: MergeSchema,
  scope: FieldScope,
  add: (path: FieldPath) => void,
): void {
  if (!isRecord(obj)) return;
  const path: string[] = [];
  for (const key of Object.keys(obj)) {
    if (key === "apiVersion" || key === "kind") continue;
    if ((key === "status") !== (scope === "status")) continue;
    const value = obj[key];
    if (key === "metadata" && isRecord(value)) {
      const metaSchema = childSchema(schema, key);
      path.push("f:metadata");
      for (const k of Object.keys(value)) {
        if (!SERVER_METADATA.has(k)) visitMember(value, k, metaSchema, path, add);
      }
      path.pop();
      continue;
    }
    path.push(`f:${key}`);
    walk(value, childSchema(schema, key), path, add, fieldOf(schema, key)?.atomic);
    path.pop();
  }
}

/** Visits field `k` of the record `value` (whose schema is `schema`) below `path`. */
function visitMember(
  value: Obj,
  k: string,
  schema: MergeSchema | undefined,
  path: string[],
  add: (path: FieldPath) => void,
): void {
  const field = fieldOf(schema, k);
  const child = value[k];
  path.push(`f:${k}`);
  if (Array.isArray(child)) {
    walkList(child, field?.mergeKey, field?.set, field?.schema, path, add);
  } else {
    walk(child, childSchema(schema, k), path, add, field?.atomic);
  }
  path.pop();
}

function walk(
  value: unknown,
  schema: MergeSchema | undefined,
  path: string[],
  add: (path: FieldPath) => void,
  atomic = false,
): void {
  if (value === null || value === undefined) return;
  if (isRecord(value) && !atomic) {
    const keys = Object.keys(value);
    if (keys.length === 0) add(path);
    for (const k of keys) visitMember(value, k, schema, path, add);
    return;
  }
  add(path);
}

function walkList(
  list: unknown[],
  mergeKey: string | undefined,
  isSet: boolean | undefined,
  itemSchema: MergeSchema | undefined,
  path: string[],
  add: (path: FieldPath) => void,
): void {
  if (isSet) {
    for (const item of list) {
      path.push(`v:${JSON.stringify(item)}`);
      add(path);
      path.pop();
    }
    if (list.length === 0) add(path);
    return;
  }
  if (!mergeKey || !list.every((i) => isRecord(i) && i[mergeKey] !== undefined)) {
    add(path);
    return;
  }
  for (const item of list as Obj[]) {
    path.push(keyElement(item, mergeKey));
    add(path);
    walk(item, itemSchema, path, add);
    path.pop();
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

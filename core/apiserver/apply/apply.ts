/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`): merges a manager's applied
 * configuration into the live object, removes fields the manager applied before and no longer
 * applies (unless another manager owns them), detects conflicts with other managers' fields
 * (409 with FieldManagerConflict causes unless forced) and records the manager's Apply entry.
 */

import type { KubeObject } from "../../api/object.ts";
import { ApiError, makeStatus, type StatusCause } from "../../api/status.ts";
import { cloneJson, isRecord, jsonEqual } from "../../api/json_value.ts";
import {
  childSchema,
  fieldOf,
  type MergeSchema,
  mergeSchemaFor,
} from "../patch/patch_merge_keys.ts";
import { type FieldPath, FieldSet, formatPath } from "./field_path.ts";
import {
  decodeManagers,
  encodeManagers,
  managedFieldsTime,
  type Manager,
  pruneToObject,
  sameEntry,
} from "./managed_fields.ts";
import { fieldSetOf, removeAt, valueAt } from "./object_fields.ts";

type Obj = Record<string, unknown>;

/** Options of {@link serverSideApply}. */
export interface ApplyOptions {
  /** The field manager (`fieldManager` query parameter; required for apply). */
  manager: string;
  kind: string;
  /** `force=true`: take ownership of conflicting fields instead of failing. */
  force: boolean;
  /** "status" when applying through the status subresource. */
  subresource?: string;
  time?: string;
}

/** A field another manager owns with a different value. */
interface Conflict {
  manager: Manager;
  path: FieldPath;
}

function conflictError(
  conflicts: Conflict[],
  name: string | undefined,
  resource: string,
): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with "${c.manager.manager}"${
      c.manager.subresource ? ` with subresource "${c.manager.subresource}"` : ""
    } using ${c.manager.apiVersion}`,
    field: formatPath(c.path),
  }));
  const n = conflicts.length;
  let message: string;
  if (n === 1) {
    message = `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of causes) {
      const who = (c.message ?? "").replace(/^conflict with /, "");
      byManager.set(who, [...(byManager.get(who) ?? []), c.field ?? ""]);
    }
    const groups = [...byManager].map(([who, fields]) =>
      `${who}:${fields.map((f) => `\n- ${f}`).join("")}`
    );
    message = `Apply failed with ${n} conflicts: conflicts with ${
      groups.length === 1 ? groups[0] : groups.map((g) => `\n${g}`).join("")
    }`;
  }
  return new ApiError(makeStatus(409, "Conflict", message, { name, kind: resource, causes }));
}

/** True for the merge-key field of a keyed list item (never removed on its own). */
function isMergeKeyField(path: FieldPath): boolean {
  const parent = path[path.length - 2];
  const last = path[path.length - 1];
  if (!parent?.startsWith("k:") || !last?.startsWith("f:")) return false;
  return Object.hasOwn(JSON.parse(parent.slice(2)), last.slice(2));
}

function isLeafPath(path: FieldPath): boolean {
  return path.length > 0 && path[path.length - 1].startsWith("f:");
}

/**
 * Applies `config` (the manager's whole intent for the object) to `live` (undefined when the
 * object does not exist yet: apply creates it) and returns the new object with managedFields.
 * Throws a 409 Conflict ApiError listing the conflicting fields unless `opts.force`.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  config: KubeObject,
  opts: ApplyOptions,
  resource = "",
): KubeObject {
  const schema = mergeSchemaFor(opts.kind);
  const scope = opts.subresource === "status" ? "status" : "main";
  const applied = fieldSetOf(config, schema, scope);
  const time = opts.time ?? managedFieldsTime();
  const entry = (): Manager => ({
    manager: opts.manager,
    operation: "Apply",
    apiVersion: config.apiVersion ?? "v1",
    time,
    subresource: opts.subresource,
    fields: applied,
  });
  const cleanConfig = cloneJson(config);
  delete cleanConfig.metadata.managedFields;
  if (!live) {
    cleanConfig.metadata.managedFields = encodeManagers([entry()]);
    return cleanConfig;
  }
  const managers = decodeManagers(live.metadata.managedFields);
  const mine = managers.find((m) => sameEntry(m, opts.manager, "Apply", opts.subresource));
  const others = managers.filter((m) => m !== mine);
  const conflicts: Conflict[] = [];
  for (const m of others) {
    if ((m.subresource === "status") !== (scope === "status")) continue;
    for (const p of m.fields.intersect(applied).paths()) {
      if (isLeafPath(p) && !jsonEqual(valueAt(config, p), valueAt(live, p))) {
        conflicts.push({ manager: m, path: p });
      }
    }
  }
  if (conflicts.length > 0 && !opts.force) {
    throw conflictError(conflicts, live.metadata.name, resource);
  }
  for (const c of conflicts) c.manager.fields.delete(c.path);

  const result = cloneJson(live);
  const othersOwn = others.reduce((acc, m) => acc.union(m.fields), new FieldSet());
  const dropped = (mine?.fields ?? new FieldSet()).minus(applied).paths()
    .sort((a, b) => a.length - b.length);
  for (const p of dropped) {
    if (othersOwn.has(p) || othersOwn.hasBelow(p) || isMergeKeyField(p)) continue;
    removeAt(result, p);
  }
  const merged = mergeApplied(result, cleanConfig, schema) as KubeObject;
  merged.metadata = { ...merged.metadata, managedFields: undefined };
  const next = mine ? managers.map((m) => m === mine ? entry() : m) : [...managers, entry()];
  pruneToObject(next, merged, schema, scope);
  merged.metadata.managedFields = encodeManagers(next);
  return merged;
}

/** Merges an applied configuration into an object: maps deep, keyed lists by key, sets by value. */
export function mergeApplied(
  live: unknown,
  config: unknown,
  schema: MergeSchema | undefined,
): unknown {
  if (!isRecord(config) || !isRecord(live)) return cloneJson(config);
  const out: Obj = { ...live };
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    const field = fieldOf(schema, key);
    const old = out[key];
    if (Array.isArray(value) && Array.isArray(old) && field?.set) {
      out[key] = [...old, ...value.filter((v) => !old.some((o) => jsonEqual(o, v)))];
    } else if (Array.isArray(value) && Array.isArray(old) && field?.mergeKey) {
      out[key] = mergeKeyed(old, value, field.mergeKey, field.schema);
    } else if (isRecord(value) && isRecord(old) && !field?.atomic) {
      out[key] = mergeApplied(old, value, childSchema(schema, key));
    } else {
      out[key] = cloneJson(value);
    }
  }
  return out;
}

function mergeKeyed(
  live: unknown[],
  config: unknown[],
  key: string,
  schema?: MergeSchema,
): unknown[] {
  const out = live.map((x) => cloneJson(x));
  for (const item of config) {
    const i = isRecord(item)
      ? out.findIndex((x) => isRecord(x) && jsonEqual(x[key], item[key]))
      : -1;
    if (i >= 0) out[i] = mergeApplied(out[i], item, schema);
    else out.push(cloneJson(item));
  }
  return out;
}

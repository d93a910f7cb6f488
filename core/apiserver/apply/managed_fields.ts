/**
 * `metadata.managedFields`: which field manager owns which fields. Every write records its
 * manager (operation Update for create/update/patch, Apply for server-side apply), the way the
 * Kubernetes apiserver does, so apply can detect conflicts and remove fields it stopped applying.
 */

import type { KubeObject, ManagedFieldsEntry } from "../../api/object.ts";
import { jsonEqual } from "../../api/json_value.ts";
import { mergeSchemaFor } from "../patch/patch_merge_keys.ts";
import { FieldSet, fieldsV1Of, fromFieldsV1, toFieldsV1 } from "./field_path.ts";
import { type FieldScope, fieldSetOf, valueAt, visitFieldPaths } from "./object_fields.ts";
import { nowTimestamp } from "../../registry/object_names.ts";

/** A decoded managedFields entry. */
export interface Manager {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** The field manager name for a request: `fieldManager`, else the user agent's program name. */
export function managerName(
  fieldManager: string | null | undefined,
  userAgent?: string | null,
): string {
  if (fieldManager) return fieldManager;
  const program = (userAgent ?? "").split("/")[0].trim();
  return program || "unknown";
}

/** The current time (or `now`) as managedFields write it (RFC 3339, seconds). */
export function managedFieldsTime(now?: Date): string {
  return now === undefined ? nowTimestamp() : now.toISOString().replace(/\.\d+Z$/, "Z");
}

/** Decodes `metadata.managedFields`. */
export function decodeManagers(entries: ManagedFieldsEntry[] | undefined): Manager[] {
  return (entries ?? []).map((e) => ({
    manager: e.manager ?? "",
    operation: e.operation === "Apply" ? "Apply" : "Update",
    apiVersion: e.apiVersion ?? "v1",
    time: e.time,
    subresource: e.subresource || undefined,
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

/** Encodes managers back to `metadata.managedFields`, dropping those that own nothing. */
export function encodeManagers(managers: Manager[]): ManagedFieldsEntry[] {
  return managers.filter((m) => m.fields.size > 0).map((m) => entryOf(m, toFieldsV1(m.fields)));
}

/** The managedFields entry of `m` owning `fieldsV1` (fields in Kubernetes' order). */
function entryOf(
  m: Omit<Manager, "fields">,
  fieldsV1: Record<string, unknown>,
): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = {
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
  };
  if (m.time) e.time = m.time;
  e.fieldsType = "FieldsV1";
  e.fieldsV1 = fieldsV1;
  if (m.subresource) e.subresource = m.subresource;
  return e;
}

/** True when `m` is the entry for this manager, operation and subresource. */
export function sameEntry(m: Manager, name: string, op: string, subresource?: string): boolean {
  return m.manager === name && m.operation === op && (m.subresource ?? "") === (subresource ?? "");
}

/** Options of {@link recordUpdate}. */
export interface UpdateOptions {
  manager: string;
  kind: string;
  /** "status", "scale", … for writes through a subresource. */
  subresource?: string;
  time?: string;
}

function scopeOf(subresource: string | undefined): FieldScope {
  return subresource === "status" ? "status" : "main";
}

/**
 * Records a non-apply write (create when `oldObj` is undefined, else update or patch) of
 * `newObj` by `opts.manager`: the manager takes every field it changed, other managers lose
 * those, and fields that vanished are dropped. Returns `newObj` with its managedFields set.
 * When the request body set managedFields itself, those are the starting point (as in Kubernetes).
 */
export function recordUpdate(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  opts: UpdateOptions,
): KubeObject {
  const schema = mergeSchemaFor(opts.kind);
  const scope = scopeOf(opts.subresource);
  const requested = newObj.metadata.managedFields;
  if (oldObj === undefined && requested === undefined) {
    // A plain create: the manager owns every field the object sets and nobody else owns any
    // (what the general path below computes, without diffing against an empty object).
    const fieldsV1 = fieldsV1Of((add) => visitFieldPaths(newObj, schema, scope, add));
    let owns = false;
    for (const _ in fieldsV1) {
      owns = true;
      break;
    }
    newObj.metadata.managedFields = owns
      ? [entryOf({
        manager: opts.manager,
        operation: "Update",
        apiVersion: newObj.apiVersion ?? "v1",
        time: opts.time ?? managedFieldsTime(),
        subresource: opts.subresource,
      }, fieldsV1)]
      : [];
    return newObj;
  }
  const base = requested !== undefined && !jsonEqual(requested, oldObj?.metadata.managedFields)
    ? requested
    : oldObj?.metadata.managedFields;
  const managers = decodeManagers(base);
  const newFields = fieldSetOf(newObj, schema, scope);
  const oldFields = oldObj ? fieldSetOf(oldObj, schema, scope) : new FieldSet();
  const changed = new FieldSet(
    newFields.paths().filter((p) =>
      !oldFields.has(p) || !jsonEqual(valueAt(oldObj, p), valueAt(newObj, p))
    ),
  );
  const time = opts.time ?? managedFieldsTime();
  let mine = managers.find((m) => sameEntry(m, opts.manager, "Update", opts.subresource));
  for (const m of managers) {
    if (m !== mine) m.fields = m.fields.minus(changed);
  }
  if (changed.size > 0) {
    if (!mine) {
      mine = {
        manager: opts.manager,
        operation: "Update",
        apiVersion: newObj.apiVersion ?? "v1",
        subresource: opts.subresource,
        fields: new FieldSet(),
      };
      managers.push(mine);
    }
    mine.fields = mine.fields.union(changed);
    mine.time = time;
  }
  pruneToObject(managers, newObj, schema, scope, newFields);
  newObj.metadata.managedFields = encodeManagers(managers);
  return newObj;
}

/** Drops, from every manager of `scope`, the paths `obj` no longer has. */
export function pruneToObject(
  managers: Manager[],
  obj: KubeObject,
  schema: ReturnType<typeof mergeSchemaFor>,
  scope: FieldScope,
  present = fieldSetOf(obj, schema, scope),
): void {
  for (const m of managers) {
    if (scopeOf(m.subresource) !== scope) continue;
    m.fields = m.fields.intersect(present);
  }
}

/**
 * Checks the JSON types of a decoded body the way kube-apiserver's decoder does, before
 * defaulting or validation can coerce or replace anything: a value that does not fit its Go field
 * (a string where an object, list or int32 belongs, 2147483648 or 1.5 in an int32) is the
 * decoder's error, answered with a 400 such as `json: cannot unmarshal string into Go struct
 * field ReplicationControllerSpec.spec.selector of type map[string]string`.
 * Structure, struct names and scalar types (int32, int64, bool, int-or-string) come from the
 * known-fields schemas, which are generated from the type declarations.
 */
import * as errors from "../api/status.ts";
import { knownFieldsSchema } from "./openapi/known_fields.ts";
import type { FieldSchema, LeafWireType } from "./openapi/field_schema.ts";

/** Maps whose values the decoder reads as strings. */
const STRING_MAPS = new Set(["labels", "annotations", "selector", "nodeSelector"]);

const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** What Go's decoder calls a JSON value in "cannot unmarshal X into …". */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "number") return `number ${v}`;
  return typeof v;
}

/** Where a field sits: its Go struct and its JSON path (without indexes, as Go prints it). */
interface Place {
  struct: string;
  path: string[];
}

/** The Go struct name of the object (or list item) `sub` describes, as the decoder names it. */
function structOf(sub: FieldSchema, key: string): string {
  const target = sub.type === "list" ? sub.items : sub;
  if (target.type === "object" && target.name) return target.name;
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function goType(schema: FieldSchema, struct: string, key: string): string {
  if (schema.type === "list") {
    return schema.items.type === "object" ? `[]v1.${struct}` : "[]string";
  }
  if (schema.type === "map") return STRING_MAPS.has(key) ? "map[string]string" : "v1.ResourceList";
  return `v1.${struct}`;
}

/** Whether `v` fits a leaf of type `t` (null always does: Go leaves the zero value). */
function fitsLeaf(v: unknown, t: LeafWireType): boolean {
  if (v === null) return true;
  switch (t) {
    case "bool":
      return typeof v === "boolean";
    case "int64":
      return typeof v === "number" && Number.isInteger(v) && v >= -INT64_LIMIT && v < INT64_LIMIT;
    case "int32":
      return typeof v === "number" && Number.isInteger(v) && v >= -INT32_MAX - 1 && v <= INT32_MAX;
    case "intstr":
      return typeof v === "string" || fitsLeaf(v, "int32");
  }
}

/** A decode error found by the walk. */
class TypeMismatch extends Error {}

function mismatch(place: Place, key: string, v: unknown, type: string): never {
  const field = [...place.path, key].join(".");
  throw new TypeMismatch(
    `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${place.struct}.${field} ` +
      `of type ${type}`,
  );
}

function walkObject(schema: FieldSchema, value: Record<string, unknown>, place: Place): void {
  if (schema.type !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    const sub = schema.fields[key];
    if (sub === undefined || v === null || v === undefined) continue;
    if (sub.type === "leaf") {
      const t = sub.wire;
      if (t !== undefined && !fitsLeaf(v, t)) {
        mismatch(place, key, v, t === "intstr" ? "intstr.IntOrString" : t);
      }
      continue;
    }
    if (sub.type === "free") continue;
    const struct = structOf(sub, key);
    const inner: Place = { struct, path: [...place.path, key] };
    if (sub.type === "object") {
      if (!isRecord(v)) mismatch(place, key, v, goType(sub, struct, key));
      walkObject(sub, v, inner);
    } else if (sub.type === "list") {
      if (!Array.isArray(v)) mismatch(place, key, v, goType(sub, struct, key));
      for (const item of v) {
        if (item === null) continue;
        if (sub.items.type === "object" && !isRecord(item)) {
          mismatch(place, key, item, goType(sub.items, struct, key));
        }
        if (isRecord(item)) walkObject(sub.items, item, inner);
      }
    } else if (sub.type === "map") {
      if (!isRecord(v)) mismatch(place, key, v, goType(sub, struct, key));
      if (!STRING_MAPS.has(key)) continue;
      for (const item of Object.values(v)) {
        if (item !== null && typeof item !== "string") mismatch(place, key, item, "string");
      }
    }
  }
}

/**
 * The decoder's error for the first field of `obj` (an object of `kind`) whose JSON type does
 * not fit its Go type, e.g. `json: cannot unmarshal number 2147483648 into Go struct field
 * ReplicationControllerSpec.spec.replicas of type int32`; undefined when every known field fits.
 * Kinds without a known-fields schema, and fields outside it, are not checked.
 */
export function fieldTypeError(kind: string, obj: Record<string, unknown>): string | undefined {
  const schema = knownFieldsSchema(kind);
  if (schema === undefined) return undefined;
  try {
    walkObject(schema, obj, { struct: kind, path: [] });
    return undefined;
  } catch (e) {
    if (e instanceof TypeMismatch) return e.message;
    throw e;
  }
}

/**
 * Throws the decoder's 400 (`Scale in version "v1" cannot be handled as a Scale: json: …`) when
 * a field of `value`, a body of `kind`, does not fit its Go type; returns `value` otherwise.
 * For bodies that do not go through decodeObject (the scale subresource).
 */
export function checkFieldTypes(kind: string, value: unknown, version = "v1"): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const message = fieldTypeError(kind, value as Record<string, unknown>);
  if (message === undefined) return value;
  throw errors.badRequest(
    `${kind} in version "${version}" cannot be handled as a ${kind}: ${message}`,
  );
}

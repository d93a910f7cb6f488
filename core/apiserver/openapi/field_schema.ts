/**
 * The shape language of the known-fields schemas used for strict field validation: which
 * fields an object may carry and what each one holds. Types of leaf values are not checked
 * here (validation does that); only field names are.
 */

/** The JSON type a scalar must have on the wire, where the decoder checks it. */
export type LeafWireType = "int32" | "int64" | "intstr" | "bool";

/** A schema node: a leaf value, a free-form value, an object, a list or a map. */
export type FieldSchema =
  | { type: "leaf"; wire?: LeafWireType }
  | { type: "free" }
  | { type: "object"; fields: Record<string, FieldSchema>; name?: string }
  | { type: "list"; items: FieldSchema }
  | { type: "map"; values: FieldSchema };

/** A scalar (string, number, bool, quantity, int-or-string, timestamp). */
export const LEAF: FieldSchema = { type: "leaf" };

/** Anything goes (free-form JSON, or a type k8sm does not describe in detail). */
export const FREE: FieldSchema = { type: "free" };

/** A map of string keys to scalars (labels, annotations, nodeSelector, resource lists). */
export const STRING_MAP: FieldSchema = { type: "map", values: LEAF };

/** An object with exactly these fields; `name` is its type's name (`Container`), if it has one. */
export function obj(fields: Record<string, FieldSchema>, name?: string): FieldSchema {
  return name === undefined ? { type: "object", fields } : { type: "object", fields, name };
}

/** An object whose named fields are all scalars, plus any given explicitly. */
export function leaves(names: string, more: Record<string, FieldSchema> = {}): FieldSchema {
  const fields: Record<string, FieldSchema> = {};
  for (const n of names.split(/\s+/).filter(Boolean)) fields[n] = LEAF;
  return obj({ ...fields, ...more });
}

/** A list of items of one schema. */
export function list(items: FieldSchema): FieldSchema {
  return { type: "list", items };
}

/** A map of string keys to values of one schema. */
export function mapOf(values: FieldSchema): FieldSchema {
  return { type: "map", values };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Walks `value` against `schema` and returns the paths of fields the schema does not know,
 * written as Kubernetes does (`spec.containers[0].imagex`). Wrong shapes are left to validation.
 */
export function unknownFieldPaths(schema: FieldSchema, value: unknown, path = ""): string[] {
  const out: string[] = [];
  switch (schema.type) {
    case "object":
      if (!isRecord(value)) return out;
      for (const [key, v] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        const sub = schema.fields[key];
        if (sub === undefined) out.push(at);
        else out.push(...unknownFieldPaths(sub, v, at));
      }
      return out;
    case "list":
      if (!Array.isArray(value)) return out;
      value.forEach((item, i) =>
        out.push(...unknownFieldPaths(schema.items, item, `${path}[${i}]`))
      );
      return out;
    case "map":
      if (!isRecord(value)) return out;
      for (const [key, v] of Object.entries(value)) {
        out.push(...unknownFieldPaths(schema.values, v, `${path}.${key}`));
      }
      return out;
    default:
      return out;
  }
}

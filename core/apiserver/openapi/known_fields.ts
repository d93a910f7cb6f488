/**
 * Known-fields schemas for strict field validation and the decoder's type checks, derived from
 * the generated OpenAPI schemas (core/api/schema): anything outside them is an unknown field.
 */
import type { OpenApiSchema } from "../../api/schema/openapi_schema.ts";
import { refName } from "../../api/schema/openapi_schema.ts";
import { allSchemas, kindSchemaName } from "../../api/schema/schema_registry.ts";
import { type FieldSchema, FREE, LEAF, list, mapOf, obj } from "./field_schema.ts";

const byName = new Map<string, FieldSchema>();

function convert(s: OpenApiSchema): FieldSchema {
  const name = refName(s);
  if (name !== undefined) {
    const hit = byName.get(name);
    if (hit) return hit;
    const target = allSchemas()[name];
    const out = target ? convert(target) : LEAF;
    if (out.type === "object") out.name = name.slice(name.lastIndexOf(".") + 1);
    byName.set(name, out);
    return out;
  }
  if (s["x-kubernetes-preserve-unknown-fields"]) return FREE;
  if (s.type === "array") return s.items ? list(convert(s.items)) : FREE;
  if (s.properties) {
    return obj(Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, convert(v)])));
  }
  if (s.additionalProperties) return mapOf(convert(s.additionalProperties));
  if (s.type === "object") return FREE;
  if (s.format === "int-or-string") return { type: "leaf", wire: "intstr" };
  if (s.type === "integer") return { type: "leaf", wire: s.format === "int64" ? "int64" : "int32" };
  if (s.type === "boolean") return { type: "leaf", wire: "bool" };
  return LEAF;
}

/** The known-fields schema of the schema named `name`, or undefined when there is none. */
function namedFieldsSchema(name: string | undefined): FieldSchema | undefined {
  if (name === undefined || !allSchemas()[name]) return undefined;
  return convert({ $ref: `#/components/schemas/${name}` });
}

/** ObjectMeta. */
export const objectMeta: FieldSchema = namedFieldsSchema(
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
) ?? FREE;

/** The known-fields schema of a kind (core/v1 first), or undefined for kinds without one. */
export function knownFieldsSchema(kindName: string): FieldSchema | undefined {
  return namedFieldsSchema(kindSchemaName(kindName));
}

/**
 * Known-fields schemas of the kinds declared under core/api/groups: apiVersion, kind, the full
 * ObjectMeta and the kind's declared top-level fields (their insides are not described yet),
 * so strict field validation catches misspelt top-level fields such as `rule:` for `rules:`.
 */
import { KIND_DECLARATIONS } from "../../api/groups/declared_resources.ts";
import { type FieldSchema, FREE, LEAF, obj } from "./field_schema.ts";
import { objectMeta } from "./known_fields.ts";

const cache = new Map<string, FieldSchema>();

/** The known-fields schema of a declared kind (by kind name), or undefined. */
export function declaredFieldsSchema(kind: string): FieldSchema | undefined {
  const hit = cache.get(kind);
  if (hit) return hit;
  const decl = KIND_DECLARATIONS.find((d) => d.info.kind === kind);
  if (decl === undefined) return undefined;
  const fields: Record<string, FieldSchema> = {
    apiVersion: LEAF,
    kind: LEAF,
    metadata: objectMeta,
  };
  for (const f of decl.fields) fields[f] = FREE;
  const schema = obj(fields);
  cache.set(kind, schema);
  return schema;
}

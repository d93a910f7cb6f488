/**
 * Kubernetes' patch strategies of the kinds k8sm serves: which lists merge by which key
 * (`x-kubernetes-patch-merge-key`, from `@mergeKey` on the type declarations), which primitive
 * lists merge as sets (`@listType set`), which maps are atomic (`@mapType atomic`). Derived
 * from the generated OpenAPI schemas; strategic merge patch and server-side apply both read it.
 */
import { type OpenApiSchema, REF_PREFIX, refName } from "../../api/schema/openapi_schema.ts";
import { allSchemas, kindSchemaName } from "../../api/schema/schema_registry.ts";

/** How the fields of one object type merge. */
export interface MergeSchema {
  /** Fields that are not atomic: lists merged by key, sets, nested objects. */
  fields?: Record<string, MergeField>;
  /** For a map of objects (string → object), how each value merges. */
  values?: MergeSchema;
}

/** How one field merges. A field absent from a schema merges as a map or replaces as a value. */
export interface MergeField {
  /** A list of objects merged item by item on this key (e.g. containers by "name"). */
  mergeKey?: string;
  /** A list of primitives merged as a set (e.g. metadata.finalizers). */
  set?: boolean;
  /**
   * Server-side apply only: the map is owned and replaced whole (`+mapType=atomic`, e.g. a
   * Service selector). Strategic merge patch still merges such maps key by key, as Kubernetes does.
   */
  atomic?: boolean;
  /** The schema of the nested object, or of each item of a merged list. */
  schema?: MergeSchema;
}

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const byName = new Map<string, MergeSchema | undefined>();

/** How the fields of the object (or map values) `s` describes merge; undefined if plainly. */
function mergeSchemaOf(s: OpenApiSchema): MergeSchema | undefined {
  const name = refName(s);
  if (name !== undefined) {
    if (byName.has(name)) return byName.get(name);
    byName.set(name, undefined); // a schema reaching itself merges plainly below that point
    const target = allSchemas()[name];
    const out = target ? mergeSchemaOf(target) : undefined;
    byName.set(name, out);
    return out;
  }
  if (s.properties) {
    const fields: Record<string, MergeField> = {};
    for (const [key, p] of Object.entries(s.properties)) {
      const f = mergeFieldOf(p);
      if (f) fields[key] = f;
    }
    return Object.keys(fields).length ? { fields } : undefined;
  }
  const values = s.additionalProperties && mergeSchemaOf(s.additionalProperties);
  return values ? { values } : undefined;
}

/** How one property merges, from its list and map extensions; undefined if plainly. */
function mergeFieldOf(p: OpenApiSchema): MergeField | undefined {
  const out: MergeField = {};
  if (p.type === "array") {
    const key = p["x-kubernetes-patch-merge-key"];
    if (key !== undefined) {
      out.mergeKey = key;
      const items = p.items && mergeSchemaOf(p.items);
      if (items) out.schema = items;
    } else if (p["x-kubernetes-list-type"] === "set") out.set = true;
  } else {
    if (p["x-kubernetes-map-type"] === "atomic") out.atomic = true;
    const inner = mergeSchemaOf(p);
    if (inner) out.schema = inner;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The merge schema of a kind (core/v1 first), derived from its generated OpenAPI schema; kinds
 * without one get plain metadata merging only.
 */
export function mergeSchemaFor(kind: string): MergeSchema {
  const name = kindSchemaName(kind);
  const derived = name === undefined ? undefined : mergeSchemaOf({ $ref: REF_PREFIX + name });
  return derived ??
    { fields: { metadata: { schema: mergeSchemaOf({ $ref: REF_PREFIX + META }) } } };
}

/** The field's merge description within `schema`, or undefined for a plain field. */
export function fieldOf(schema: MergeSchema | undefined, name: string): MergeField | undefined {
  return schema?.fields?.[name];
}

/** The schema for a nested object value of `name` in `schema` (handles maps of objects). */
export function childSchema(
  schema: MergeSchema | undefined,
  name: string,
): MergeSchema | undefined {
  return schema?.fields?.[name]?.schema ?? schema?.values;
}

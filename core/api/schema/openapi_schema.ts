/**
 * The OpenAPI v3 schema objects k8sm publishes (the subset Kubernetes uses), and the shape of
 * the generated schema file `openapi_schemas.json`.
 */

/** One OpenAPI v3 schema object, with the Kubernetes extensions k8sm emits. */
export interface OpenApiSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema;
  enum?: string[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  $ref?: string;
  default?: unknown;
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string }[];
  "x-kubernetes-list-type"?: "atomic" | "map" | "set";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
}

/** A served kind and the name of its schema. */
export interface KindSchemaEntry {
  group: string;
  version: string;
  kind: string;
  /** The schema's name under components.schemas (`io.k8s.api.core.v1.Pod`). */
  schema: string;
}

/** The generated file: every schema by name, and which schema each served kind has. */
export interface GeneratedSchemas {
  /** Schemas by their Kubernetes name (`io.k8s.api.core.v1.PodSpec`). */
  schemas: Record<string, OpenApiSchema>;
  /** Every root kind (served kinds, subresource kinds, extra bodies) with its schema. */
  kinds: KindSchemaEntry[];
}

/** The prefix of a local schema reference. */
export const REF_PREFIX = "#/components/schemas/";

/** The schema name a `$ref` (or an `allOf: [{$ref}]` wrapper) points at, if any. */
export function refName(s: OpenApiSchema): string | undefined {
  const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0].$ref : undefined);
  return ref?.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

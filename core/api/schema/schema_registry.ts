/**
 * The generated OpenAPI schemas at runtime: each kind's schema, and the closure of schemas a
 * set of kinds reaches (what one group-version's OpenAPI document must carry). The data is
 * `openapi_schemas.json`, written by `deno task schemas` from the type declarations.
 *
 * To give a new kind a schema: declare its interface (named like the kind, extending
 * KubeObject) with a doc comment on every property, serve the kind (core/api/kinds.ts or a
 * declaration under core/api/groups/), run `deno task schemas`, and commit the JSON with it.
 */
import generated from "./openapi_schemas.json" with { type: "json" };
import {
  type GeneratedSchemas,
  type KindSchemaEntry,
  type OpenApiSchema,
  refName,
} from "./openapi_schema.ts";

const DATA = generated as unknown as GeneratedSchemas;

/** Every generated schema by name. */
export function allSchemas(): Readonly<Record<string, OpenApiSchema>> {
  return DATA.schemas;
}

/** Every kind that has a schema. */
export function kindSchemaEntries(): readonly KindSchemaEntry[] {
  return DATA.kinds;
}

/** The schema name of a kind (core first when `group` is not given), or undefined. */
export function kindSchemaName(kind: string, group?: string, version?: string): string | undefined {
  return DATA.kinds.find((k) =>
    k.kind === kind && (group === undefined || k.group === group) &&
    (version === undefined || k.version === version)
  )?.schema;
}

/** The schema a property or item points at, following `$ref` and `allOf: [{$ref}]`. */
export function resolveSchema(s: OpenApiSchema): OpenApiSchema {
  const name = refName(s);
  return name === undefined ? s : DATA.schemas[name] ?? s;
}

/** Every schema name referenced (directly) by `s`. */
function refsOf(s: OpenApiSchema, out: string[]): void {
  const name = refName(s);
  if (name !== undefined) out.push(name);
  for (const p of Object.values(s.properties ?? {})) refsOf(p, out);
  if (s.items) refsOf(s.items, out);
  if (s.additionalProperties) refsOf(s.additionalProperties, out);
}

/** The named schemas `names` reach (themselves included), sorted by name. */
export function schemaClosure(names: string[]): Record<string, OpenApiSchema> {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const n = queue.shift()!;
    if (seen.has(n) || !DATA.schemas[n]) continue;
    seen.add(n);
    refsOf(DATA.schemas[n], queue);
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, DATA.schemas[n]]));
}

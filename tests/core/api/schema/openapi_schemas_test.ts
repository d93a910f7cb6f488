/**
 * The generated OpenAPI schemas: current with the type declarations, one for every served kind,
 * a description on every schema and property, and strict field validation accepting every field
 * they declare.
 */
import assert from "node:assert/strict";
import { RESOURCES } from "../../../../core/api/kinds.ts";
import { generateFromSources, SCHEMA_FILE } from "../../../../core/api/schema/write_schemas.ts";
import {
  allSchemas,
  kindSchemaName,
  resolveSchema,
} from "../../../../core/api/schema/schema_registry.ts";
import type { OpenApiSchema } from "../../../../core/api/schema/openapi_schema.ts";
import { refName } from "../../../../core/api/schema/openapi_schema.ts";
import { findUnknownFields } from "../../../../core/apiserver/field_validation.ts";

Deno.test("openapi schemas: openapi_schemas.json is what `deno task schemas` generates now", async () => {
  const fresh = await generateFromSources();
  const stored = JSON.parse(await Deno.readTextFile(SCHEMA_FILE));
  assert.deepEqual(
    stored,
    JSON.parse(JSON.stringify(fresh)),
    `${SCHEMA_FILE} is stale: run \`deno task schemas\` and commit the result`,
  );
});

Deno.test("openapi schemas: every served kind and subresource kind has a schema", () => {
  const missing: string[] = [];
  for (const r of RESOURCES) {
    if (!kindSchemaName(r.kind, r.group, r.version)) {
      missing.push(`${r.group}/${r.version} ${r.kind}`);
    }
    for (const sub of Object.values(r.subresources)) {
      if (!kindSchemaName(sub.kind)) missing.push(`${r.resource}/${sub.kind}`);
    }
  }
  assert.deepEqual(
    missing,
    [],
    "declare an interface named like each kind, then run deno task schemas",
  );
});

function undescribed(name: string, s: OpenApiSchema, path: string, out: string[]): void {
  for (const [key, p] of Object.entries(s.properties ?? {})) {
    if (!p.description) out.push(`${name} ${path}${key}`);
    for (const inner of [p, p.items, p.additionalProperties]) {
      if (inner?.properties) undescribed(name, inner, `${path}${key}.`, out);
    }
  }
}

Deno.test("openapi schemas: every schema and every property has a description", () => {
  const out: string[] = [];
  for (const [name, s] of Object.entries(allSchemas())) {
    if (!s.description) out.push(`${name} (the type)`);
    undescribed(name, s, "", out);
  }
  assert.deepEqual(out, [], "write a one-line doc comment on each, then run deno task schemas");
});

/** A value using every field the schema declares (one item per list, one key per map). */
function exampleOf(s: OpenApiSchema, seen: string[] = []): unknown {
  const name = refName(s);
  if (name?.endsWith(".IntOrString")) return 8080;
  if (name !== undefined && seen.includes(name)) return undefined;
  const r = resolveSchema(s);
  const inside = name === undefined ? seen : [...seen, name];
  if (r["x-kubernetes-preserve-unknown-fields"]) return { free: "form" };
  if (r.properties) {
    return Object.fromEntries(
      Object.entries(r.properties).map(([k, v]) => [k, exampleOf(v, inside)]),
    );
  }
  if (r.type === "array") return [exampleOf(r.items ?? {}, inside)];
  if (r.additionalProperties) return { key: exampleOf(r.additionalProperties, inside) };
  if (r.type === "integer") return 1;
  if (r.type === "boolean") return true;
  return r.enum?.[0] ?? "text";
}

Deno.test("openapi schemas: strict field validation accepts every declared field of every kind", () => {
  for (const r of RESOURCES) {
    const name = kindSchemaName(r.kind, r.group, r.version);
    if (name === undefined) continue;
    const example = exampleOf({ $ref: `#/components/schemas/${name}` });
    assert.deepEqual(findUnknownFields(r.kind, example), [], r.kind);
  }
});

Deno.test("openapi schemas: merge keys and list types for strategic merge and apply", () => {
  const s = allSchemas();
  const containers = s["io.k8s.api.core.v1.PodSpec"].properties!.containers;
  assert.equal(containers["x-kubernetes-patch-merge-key"], "name");
  assert.equal(containers["x-kubernetes-patch-strategy"], "merge");
  assert.equal(containers["x-kubernetes-list-type"], "map");
  assert.deepEqual(containers["x-kubernetes-list-map-keys"], ["name"]);
  const ports = s["io.k8s.api.core.v1.Container"].properties!.ports;
  assert.deepEqual(ports["x-kubernetes-list-map-keys"], ["containerPort", "protocol"]);
  const finalizers = s["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties!.finalizers;
  assert.equal(finalizers["x-kubernetes-list-type"], "set");
  const selector = s["io.k8s.api.core.v1.ServiceSpec"].properties!.selector;
  assert.equal(selector["x-kubernetes-map-type"], "atomic");
});

Deno.test("openapi schemas: strict field validation finds unknown nested fields of group kinds", () => {
  assert.deepEqual(findUnknownFields("Role", { rules: [{ verbs: ["get"], verbz: ["x"] }] }), [
    "rules[0].verbz",
  ]);
  assert.deepEqual(findUnknownFields("Lease", { spec: { holderIdentity: "a", renew: 1 } }), [
    "spec.renew",
  ]);
  assert.deepEqual(
    findUnknownFields("Secret", { data: { k: "dg==" }, stringdata: {} }),
    ["stringdata"],
  );
});

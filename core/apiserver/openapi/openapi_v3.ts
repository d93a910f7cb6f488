/**
 * The OpenAPI v3 documents kubectl reads for validation and `kubectl explain`: the `/openapi/v3`
 * root and one document per group-version (`/openapi/v3/api/v1`,
 * `/openapi/v3/apis/rbac.authorization.k8s.io/v1`). PATCH operations carry each kind's
 * `x-kubernetes-group-version-kind` and a `fieldValidation` parameter, so kubectl hands
 * validation to the server; components hold the generated schemas (core/api/schema) of the
 * group-version's kinds and everything they reference. Deliberately no strategic-merge-patch
 * requestBody (see KUBECTL.md).
 */

import { groupVersionResources, type ResourceInfo, servedGroups } from "../../api/kinds.ts";
import { declarationOf } from "../../api/groups/declared_resources.ts";
import { kindSchemaName, schemaClosure } from "../../api/schema/schema_registry.ts";
import { packageOf } from "../../api/schema/schema_package.ts";
import type { OpenApiSchema } from "../../api/schema/openapi_schema.ts";

const queryParam = (name: string) => ({
  name,
  in: "query",
  schema: { type: "string", uniqueItems: true },
});
const WRITE_PARAMS = [
  queryParam("dryRun"),
  queryParam("fieldManager"),
  queryParam("fieldValidation"),
];

/** "api/v1" or "apis/GROUP/VERSION": the group-version's path under /openapi/v3. */
function gvPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

function pathsFor(r: ResourceInfo): Record<string, unknown> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const root = `/${gvPath(r.group, r.version)}`;
  const base = r.namespaced
    ? `${root}/namespaces/{namespace}/${r.resource}`
    : `${root}/${r.resource}`;
  const collection: Record<string, unknown> = {};
  if (r.verbs.includes("create")) {
    collection.post = {
      "x-kubernetes-group-version-kind": gvk,
      parameters: WRITE_PARAMS,
      responses: {},
    };
  }
  if (r.verbs.includes("list")) collection.get = { responses: {} };
  const out: Record<string, unknown> = { [base]: collection };
  if (r.verbs.includes("get")) {
    out[`${base}/{name}`] = {
      get: { responses: {} },
      put: { "x-kubernetes-group-version-kind": gvk, parameters: WRITE_PARAMS, responses: {} },
      patch: {
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": gvk,
        parameters: [...WRITE_PARAMS, queryParam("force")],
        responses: {},
      },
    };
  }
  return out;
}

/**
 * The schema of a kind without a generated one yet (a kind added before `deno task schemas`
 * ran): its declared top-level fields, free-form.
 */
function fallbackSchema(r: ResourceInfo): OpenApiSchema {
  const free: OpenApiSchema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  const fields = declarationOf(r)?.fields ?? ["spec", "status"];
  return {
    type: "object",
    "x-kubernetes-group-version-kind": [{ group: r.group, version: r.version, kind: r.kind }],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...Object.fromEntries(fields.map((f) => [f, free])),
    },
  };
}

/** The schema name of a kind, as Kubernetes names it (`io.k8s.api.rbac.v1.Role`). */
function schemaName(r: ResourceInfo): string {
  return kindSchemaName(r.kind, r.group, r.version) ?? `${packageOf(r.group, r.version)}.${r.kind}`;
}

/**
 * The schemas of a group-version's document: its kinds, the kinds their subresources speak,
 * and everything those reach.
 */
function componentSchemas(served: ResourceInfo[]): Record<string, OpenApiSchema> {
  const names = served.flatMap((r) => [
    schemaName(r),
    ...Object.values(r.subresources).flatMap((sub) => kindSchemaName(sub.kind) ?? []),
  ]);
  const schemas = schemaClosure(names);
  for (const r of served) schemas[schemaName(r)] ??= fallbackSchema(r);
  return schemas;
}

const cache = new Map<string, { doc: Record<string, unknown>; hash: string }>();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
    .toUpperCase();
}

/** The `/openapi/v3/api/v1` document and its content hash (stable for a build). */
export async function openApiV3CoreDocument(): Promise<
  { doc: Record<string, unknown>; hash: string }
> {
  return (await openApiV3Document("", "v1")) as { doc: Record<string, unknown>; hash: string };
}

/**
 * The document of one group-version and its content hash (stable for a build), or undefined
 * when the group-version is not served.
 */
export async function openApiV3Document(
  group: string,
  version: string,
): Promise<{ doc: Record<string, unknown>; hash: string } | undefined> {
  const id = gvPath(group, version);
  const hit = cache.get(id);
  if (hit) return hit;
  const served = groupVersionResources(group, version).filter((r) => r.verbs.includes("get"));
  if (served.length === 0) return undefined;
  const doc = {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.32.4" },
    paths: Object.assign({}, ...served.map(pathsFor)),
    components: {
      schemas: componentSchemas(served),
    },
  };
  const entry = { doc, hash: await sha256Hex(JSON.stringify(doc)) };
  cache.set(id, entry);
  return entry;
}

/** Every served group-version as [group, version], core first. */
function groupVersions(): [string, string][] {
  return [
    ["", "v1"],
    ...servedGroups().flatMap((g) => g.versions.map((v): [string, string] => [g.group, v])),
  ];
}

/** The `/openapi/v3` root: where each group-version's document lives. */
export async function openApiV3Root(): Promise<Record<string, unknown>> {
  const paths: Record<string, unknown> = {};
  for (const [group, version] of groupVersions()) {
    const d = await openApiV3Document(group, version);
    if (d === undefined) continue;
    const id = gvPath(group, version);
    paths[id] = { serverRelativeURL: `/openapi/v3/${id}?hash=${d.hash}` };
  }
  return { paths };
}

/**
 * Answers a GET under `/openapi/v3`: the JSON body, or undefined for other paths (→ 404).
 * `/openapi/v2` is an empty document (openapi_v2.ts): kubectl reads every schema from v3.
 */
export async function serveOpenApi(path: string): Promise<Record<string, unknown> | undefined> {
  const p = path.endsWith("/") ? path.slice(0, -1) : path;
  if (p === "/openapi/v3") return await openApiV3Root();
  const segs = p.split("/");
  if (segs[3] === "api" && segs.length === 5) return (await openApiV3Document("", segs[4]))?.doc;
  if (segs[3] === "apis" && segs.length === 6) {
    return (await openApiV3Document(segs[4], segs[5]))?.doc;
  }
  return undefined;
}

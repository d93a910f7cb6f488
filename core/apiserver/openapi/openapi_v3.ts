/**
 * The OpenAPI v3 documents kubectl reads before create/apply: the `/openapi/v3` root and the
 * minimal `/openapi/v3/api/v1` document whose PATCH operations carry each kind's
 * `x-kubernetes-group-version-kind` and a `fieldValidation` parameter, so kubectl hands
 * validation to the server. Deliberately no strategic-merge-patch requestBody (see KUBECTL.md).
 */

import { type ResourceInfo, RESOURCES } from "../../api/kinds.ts";

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

function pathsFor(r: ResourceInfo): Record<string, unknown> {
  const gvk = { group: "", version: "v1", kind: r.kind };
  const base = r.namespaced
    ? `/api/v1/namespaces/{namespace}/${r.resource}`
    : `/api/v1/${r.resource}`;
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

function schemaFor(r: ResourceInfo): Record<string, unknown> {
  const o = { type: "object" };
  return {
    type: "object",
    "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: r.kind }],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: o,
      spec: o,
      status: o,
    },
  };
}

let cached: { doc: Record<string, unknown>; hash: string } | undefined;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
    .toUpperCase();
}

/** The `/openapi/v3/api/v1` document and its content hash (stable for a build). */
export async function openApiV3CoreDocument(): Promise<
  { doc: Record<string, unknown>; hash: string }
> {
  if (cached) return cached;
  const served = RESOURCES.filter((r) => r.verbs.includes("get"));
  const doc = {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.32.4" },
    paths: Object.assign({}, ...served.map(pathsFor)),
    components: {
      schemas: Object.fromEntries(
        served.map((r) => [`io.k8s.api.core.v1.${r.kind}`, schemaFor(r)]),
      ),
    },
  };
  cached = { doc, hash: await sha256Hex(JSON.stringify(doc)) };
  return cached;
}

/** The `/openapi/v3` root: where each group-version's document lives. */
export async function openApiV3Root(): Promise<Record<string, unknown>> {
  const { hash } = await openApiV3CoreDocument();
  return { paths: { "api/v1": { serverRelativeURL: `/openapi/v3/api/v1?hash=${hash}` } } };
}

/**
 * Answers a GET under `/openapi/v3`: the JSON body, or undefined for other paths (→ 404).
 * `/openapi/v2` is deliberately not served: kubectl tolerates its 404 once v3 exists.
 */
export async function serveOpenApi(path: string): Promise<Record<string, unknown> | undefined> {
  const p = path.endsWith("/") ? path.slice(0, -1) : path;
  if (p === "/openapi/v3") return await openApiV3Root();
  if (p === "/openapi/v3/api/v1") return (await openApiV3CoreDocument()).doc;
  return undefined;
}

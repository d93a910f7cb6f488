import assert from "node:assert/strict";
import { serveOpenApi } from "../../../../core/apiserver/openapi/openapi_v3.ts";

type Op = {
  "x-kubernetes-group-version-kind"?: unknown;
  parameters?: { name: string }[];
  requestBody?: unknown;
};

Deno.test("openapi v3: root points at api/v1 with a hash, and the document exists", async () => {
  const root = await serveOpenApi("/openapi/v3");
  const paths = root?.paths as Record<string, { serverRelativeURL: string }>;
  assert.match(paths["api/v1"].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{64}$/);
  assert.ok(await serveOpenApi("/openapi/v3/api/v1"));
  assert.equal(await serveOpenApi("/openapi/v2"), undefined);
  assert.equal(await serveOpenApi("/openapi/v3/apis/nosuch.example.com/v1"), undefined);
});

Deno.test("openapi v3: every kind has a PATCH with its GVK and fieldValidation, no SMP body", async () => {
  const doc = await serveOpenApi("/openapi/v3/api/v1");
  const paths = doc?.paths as Record<string, Record<string, Op>>;
  const kinds = [
    "Pod",
    "Service",
    "Endpoints",
    "ReplicationController",
    "Node",
    "Namespace",
    "Event",
  ];
  for (const kind of kinds) {
    const patch = Object.values(paths).map((p) => p.patch).find((op) =>
      op && JSON.stringify(op["x-kubernetes-group-version-kind"]) ===
        JSON.stringify({ group: "", version: "v1", kind })
    );
    assert.ok(patch, `a PATCH for ${kind}`);
    assert.ok(patch.parameters?.some((p) => p.name === "fieldValidation"));
    assert.equal(patch.requestBody, undefined);
  }
  assert.ok(paths["/api/v1/namespaces/{namespace}/pods/{name}"]);
  assert.ok(paths["/api/v1/nodes/{name}"]);
});

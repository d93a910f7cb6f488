import assert from "node:assert/strict";
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  expired,
  internal,
  invalid,
  isApiError,
  methodNotAllowed,
  notFound,
  requestEntityTooLarge,
  unauthorized,
  unsupportedMediaType,
} from "../../../core/api/status.ts";

Deno.test("NotFound has Kubernetes' exact shape and key order", () => {
  const e = notFound("pods", "x");
  assert.ok(e instanceof ApiError);
  assert.equal(
    JSON.stringify(e.status),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" ' +
      'not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}',
  );
  assert.equal(e.code, 404);
  assert.equal(e.reason, "NotFound");
  assert.ok(isApiError(e, 404));
  assert.ok(!isApiError(e, 409));
});

Deno.test("AlreadyExists names the resource and the group when there is one", () => {
  assert.deepEqual(alreadyExists("pods", "a").status.details, { name: "a", kind: "pods" });
  const g = alreadyExists("deployments", "d", "apps");
  assert.deepEqual(g.status.details, { name: "d", group: "apps", kind: "deployments" });
  assert.equal(g.message, 'deployments.apps "d" already exists');
  assert.equal(g.code, 409);
});

Deno.test("Conflict carries the optimistic-concurrency message", () => {
  const e = conflict("pods", "x");
  assert.equal(e.code, 409);
  assert.equal(e.reason, "Conflict");
  assert.equal(
    e.message,
    'Operation cannot be fulfilled on pods "x": the object has been modified; please apply ' +
      "your changes to the latest version and try again",
  );
});

Deno.test("Invalid is 422 with the Kind, causes per field and Kubernetes' joined message", () => {
  const one = invalid("Pod", "bad", [
    { type: "FieldValueRequired", field: "spec.containers", message: "Required value" },
  ]);
  assert.equal(one.code, 422);
  assert.equal(one.message, 'Pod "bad" is invalid: spec.containers: Required value');
  assert.deepEqual(one.status.details, {
    name: "bad",
    kind: "Pod",
    causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.containers" }],
  });
  const two = invalid("Pod", "bad", [
    { type: "FieldValueRequired", field: "spec.containers", message: "Required value" },
    { type: "FieldValueInvalid", field: "metadata.name", message: 'Invalid value: "A"' },
  ]);
  assert.equal(
    two.message,
    'Pod "bad" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "A"]',
  );
});

Deno.test("the other builders use the right codes and reasons", () => {
  const cases: [ApiError, number, string][] = [
    [badRequest("x"), 400, "BadRequest"],
    [unauthorized(), 401, "Unauthorized"],
    [methodNotAllowed("PUT", "/api/v1/pods"), 405, "MethodNotAllowed"],
    [expired("too old resource version: 1 (5)"), 410, "Expired"],
    [requestEntityTooLarge(3 * 1024 * 1024), 413, "RequestEntityTooLarge"],
    [unsupportedMediaType("text/x", ["application/json"]), 415, "UnsupportedMediaType"],
    [internal(new Error("boom")), 500, "InternalError"],
  ];
  for (const [e, code, reason] of cases) {
    assert.equal(e.code, code);
    assert.equal(e.reason, reason);
    assert.equal(e.status.status, "Failure");
    assert.equal(e.status.code, code);
  }
  assert.match(requestEntityTooLarge(3 * 1024 * 1024).message, /3 MiB/);
  assert.match(internal(new Error("boom")).message, /boom/);
});

import assert from "node:assert/strict";
import {
  fieldDuplicate,
  type FieldError,
  fieldErrorText,
  fieldForbidden,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
  formatBadValue,
} from "../../../core/api/field_error.ts";

Deno.test("field errors print like Kubernetes' field.Error bodies", () => {
  const cases: [FieldError, string][] = [
    [fieldRequired("spec.containers"), "spec.containers: Required value"],
    [
      fieldRequired("metadata.name", "name or generateName is required"),
      "metadata.name: Required value: name or generateName is required",
    ],
    [
      fieldInvalid("spec.replicas", -1, "must be greater than or equal to 0"),
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ],
    [fieldInvalid("a", 'q"x', "bad"), 'a: Invalid value: "q\\"x": bad'],
    [
      fieldNotSupported("p", "X", ["A", "B"]),
      'p: Unsupported value: "X": supported values: "A", "B"',
    ],
    [fieldDuplicate("n", "main"), 'n: Duplicate value: "main"'],
    [fieldForbidden("spec", "nope"), "spec: Forbidden: nope"],
    [
      fieldTooLong("metadata.annotations", 262144),
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ],
    [fieldNotFound("v", "data"), 'v: Not found: "data"'],
  ];
  for (const [err, want] of cases) assert.equal(fieldErrorText(err), want);
  assert.equal(formatBadValue({ b: "2", a: "1" }), 'map[string]string{"a":"1", "b":"2"}');
  assert.equal(formatBadValue(["x", "y"]), '[]string{"x", "y"}');
  assert.equal(formatBadValue(null), "null");
  assert.equal(formatBadValue(true), "true");
  assert.equal(formatBadValue({ a: 1 }), '{"a":1}');
});

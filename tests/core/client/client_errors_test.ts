import assert from "node:assert/strict";
import { fieldInvalid, fieldRequired } from "../../../core/api/field_error.ts";
import { invalid, notFound } from "../../../core/api/status.ts";
import {
  apiErrorFromBody,
  describeError,
  ServerUnreachableError,
} from "../../../core/client/client_errors.ts";

Deno.test("describeError: one Invalid cause stays on one line, as kubectl prints it", () => {
  const e = invalid("Pod", "bad", [fieldRequired("spec.containers")]);
  assert.equal(describeError(e), 'The Pod "bad" is invalid: spec.containers: Required value');
});

Deno.test("describeError: several Invalid causes become kubectl's bulleted list", () => {
  // kubectl writes "invalid: " before the list; k8sm leaves out the trailing blank.
  const e = invalid("Pod", "bad", [
    fieldRequired("spec.containers"),
    fieldInvalid("metadata.name", "Bad_Name", "must be lower case"),
  ]);
  assert.equal(
    describeError(e),
    'The Pod "bad" is invalid:\n' +
      "* spec.containers: Required value\n" +
      '* metadata.name: Invalid value: "Bad_Name": must be lower case',
  );
});

Deno.test("describeError: other answers use the server's message; non-Status bodies are named", () => {
  assert.equal(describeError(notFound("pods", "x")), 'pods "x" not found');
  const e = apiErrorFromBody(502, "<html>bad gateway</html>", "Bad Gateway");
  assert.equal(describeError(e), "the server answered 502 Bad Gateway: <html>bad gateway</html>");
  const down = new ServerUnreachableError("http://h:1", "connection refused");
  assert.match(
    describeError(down),
    /cannot reach the API server at http:\/\/h:1 \(connection refused\)/,
  );
});

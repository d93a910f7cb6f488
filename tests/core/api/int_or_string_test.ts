import assert from "node:assert/strict";
import { intOrStringFromLoose, isIntOrString } from "../../../core/api/int_or_string.ts";

Deno.test("IntOrString helpers", () => {
  assert.equal(isIntOrString(80), true);
  assert.equal(isIntOrString("http"), true);
  assert.equal(isIntOrString(1.5), false);
  assert.equal(isIntOrString(null), false);
  assert.equal(intOrStringFromLoose("8081"), 8081);
  assert.equal(intOrStringFromLoose("http"), "http");
  assert.equal(intOrStringFromLoose(80), 80);
  assert.equal(intOrStringFromLoose({}), undefined);
});

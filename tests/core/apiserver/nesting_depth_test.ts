import assert from "node:assert/strict";
import {
  jsonNestingDepth,
  MAX_NESTING_DEPTH,
  yamlNestingDepth,
} from "../../../core/apiserver/nesting_depth.ts";

Deno.test("jsonNestingDepth counts brackets outside strings and stops past the limit", () => {
  assert.equal(jsonNestingDepth('{"a":[1,{"b":2}]}'), 3);
  assert.equal(jsonNestingDepth('{"a":"[[[[\\"[[[["}'), 1);
  assert.equal(jsonNestingDepth("1"), 0);
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  assert.equal(jsonNestingDepth(deep), MAX_NESTING_DEPTH + 1);
});

Deno.test("yamlNestingDepth bounds block, sequence and flow nesting from above", () => {
  const doc = "a:\n  b:\n    - c: [1, {d: 2}]\n";
  const depth = yamlNestingDepth(doc);
  assert.ok(depth >= 5 && depth < 20, `depth ${depth}`);
  assert.ok(yamlNestingDepth("x: " + "[".repeat(600)) > MAX_NESTING_DEPTH);
  assert.ok(yamlNestingDepth("- ".repeat(600) + "1") > MAX_NESTING_DEPTH);
  assert.ok(yamlNestingDepth('x: "[[[[" # [[[[\ny: it\'s [fine]\n') < 10);
});

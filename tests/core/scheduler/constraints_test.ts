import assert from "node:assert/strict";
import {
  parseConstraints,
  type Site,
  violatedConstraint,
} from "../../../core/scheduler/constraints.ts";

const site = (hostname: string, rack: string): Site => ({ hostname, attributes: { rack } });
const a = site("a", "r1"), b = site("b", "r2"), c = site("c", "r3"), d = site("d", "r1");
const all = [a, b, c, d];
const ok = (text: string, cand: Site, placed: Site[]) =>
  violatedConstraint(parseConstraints(text), cand, placed, all) === undefined;

Deno.test("UNIQUE refuses a used value", () => {
  assert.ok(ok('[["hostname","UNIQUE"]]', a, [b]));
  assert.ok(!ok('[["hostname","UNIQUE"]]', a, [a]));
  assert.ok(!ok('[["rack","UNIQUE"]]', d, [a]));
});

Deno.test("CLUSTER pins to a value, or to the first placed one", () => {
  assert.ok(ok('[["rack","CLUSTER","r1"]]', d, []));
  assert.ok(!ok('[["rack","CLUSTER","r1"]]', b, []));
  assert.ok(ok('[["rack","CLUSTER"]]', d, [a]));
  assert.ok(!ok('[["rack","CLUSTER"]]', b, [a]));
});

Deno.test("LIKE and UNLIKE match whole values", () => {
  assert.ok(ok('[["rack","LIKE","r[12]"]]', b, []));
  assert.ok(!ok('[["rack","LIKE","r[12]"]]', c, []));
  assert.ok(!ok('[["rack","LIKE","r"]]', a, []), "partial match is not a match");
  assert.ok(!ok('[["rack","UNLIKE","r3"]]', c, []));
  assert.ok(ok('[["rack","UNLIKE","r3"]]', a, []));
  assert.ok(ok('[["zone","UNLIKE","x"]]', a, []), "UNLIKE accepts a missing attribute");
  assert.ok(!ok('[["zone","LIKE","x"]]', a, []), "LIKE refuses a missing attribute");
});

Deno.test("MAX_PER caps members per value", () => {
  assert.ok(ok('[["hostname","MAX_PER","2"]]', a, [a]));
  assert.ok(!ok('[["hostname","MAX_PER","2"]]', a, [a, a]));
});

Deno.test("GROUP_BY keeps values even", () => {
  assert.ok(ok('[["rack","GROUP_BY","3"]]', a, []));
  assert.ok(!ok('[["rack","GROUP_BY","3"]]', d, [a]), "r1 has one, r2 and r3 none");
  assert.ok(ok('[["rack","GROUP_BY","3"]]', b, [a]));
  assert.ok(ok('[["rack","GROUP_BY","3"]]', d, [a, b, c]));
});

Deno.test("bad annotations are refused with the entry named", () => {
  assert.throws(() => parseConstraints("nope"), /not JSON/);
  assert.throws(() => parseConstraints('[["rack","NEAR"]]'), /unknown operator "NEAR"/);
  assert.throws(() => parseConstraints('[["rack","MAX_PER"]]'), /MAX_PER needs a value/);
  assert.throws(() => parseConstraints('[["rack","MAX_PER","x"]]'), /positive whole number/);
  assert.throws(() => parseConstraints('[["rack","LIKE","("]]'), /not a valid regular expression/);
  assert.throws(() => parseConstraints('{"a":1}'), /JSON array/);
});

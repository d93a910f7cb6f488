import assert from "node:assert/strict";
import {
  labelsMatchSet,
  parseLabelSelector,
  SelectorError,
  selectorFromSet,
} from "../../../core/api/label_selector.ts";

const labels = { app: "web", tier: "front", env: "prod", n: "5", empty: "" };

Deno.test("label selector: matching table", () => {
  const cases: [string, boolean][] = [
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app=db", false],
    ["app!=db", true],
    ["app!=web", false],
    ["missing!=x", true],
    ["app in (web,db)", true],
    ["app in (db)", false],
    ["app notin (db, cache)", true],
    ["app notin (web)", false],
    ["missing notin (web)", true],
    ["app", true],
    ["missing", false],
    ["!missing", true],
    ["!app", false],
    ["app=web,tier=front", true],
    ["app=web,tier=back", false],
    ["  app = web ,  tier in ( front , back ) ", true],
    ["empty=", true],
    ["empty", true],
    ["app=", false],
    ["n>3", true],
    ["n<3", false],
    ["app>3", false],
    ["example.com/role", false],
    ["env in (prod),!missing,app", true],
    ["word=in", false],
    ["word notin (in, notin)", true],
    ["in", false],
    ["!notin", true],
  ];
  for (const [text, want] of cases) {
    assert.equal(parseLabelSelector(text).matches(labels), want, text);
  }
});

Deno.test("label selector: empty and canonical text", () => {
  assert.equal(parseLabelSelector("").empty(), true);
  assert.equal(parseLabelSelector(" ").empty(), true);
  assert.equal(parseLabelSelector("a=b").empty(), false);
  assert.equal(
    parseLabelSelector("z=1, a in (y, x), !m, k, q!=2").toString(),
    "a in (x,y),k,!m,q!=2,z=1",
  );
  assert.equal(parseLabelSelector("x == y").toString(), "x==y");
  assert.equal(parseLabelSelector("a").matches(undefined), false);
  assert.equal(parseLabelSelector("!a").matches(undefined), true);
});

Deno.test("label selector: syntax errors name the bad token", () => {
  const cases: [string, RegExp][] = [
    ["a=b=c", /found '=', expected: ',' or 'end of string'/],
    ["a in (x", /found '', expected: ',' or '\)'/],
    ["a in x", /found 'x', expected: '\('/],
    ["a b", /found 'b', expected: \[!= == < = > in notin\]/],
    ["!", /found '', expected: identifier/],
    [",a", /found ',', expected: !, identifier, or 'end of string'/],
    ["a,", /found '', expected: identifier after ','/],
    ["a=(", /found '\(', expected: identifier/],
    ["a in ()", /values set can't be empty/],
    ["a>b", /the value must be an integer/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseLabelSelector(text), (e: unknown) => {
      assert.ok(e instanceof SelectorError, text);
      assert.match(e.message, re, text);
      return true;
    });
  }
});

Deno.test("label selector: invalid keys and values are rejected with Kubernetes' words", () => {
  assert.throws(
    () => parseLabelSelector("-bad=x"),
    /unable to parse requirement: key: Invalid value: "-bad": name part must consist of alphanumeric characters/,
  );
  assert.throws(
    () => parseLabelSelector("a=b c"),
    /found 'c', expected: ',' or 'end of string'/,
  );
  assert.throws(
    () => parseLabelSelector("a=-x-"),
    /values\[0\]\[a\]: Invalid value: "-x-": a valid label must be an empty string/,
  );
  assert.throws(() => parseLabelSelector(`a=${"x".repeat(64)}`), /must be no more than 63/);
  assert.throws(() => parseLabelSelector("/a=x"), /prefix part must be non-empty/);
  assert.throws(() => parseLabelSelector("a/b/c=x"), /a qualified name must consist/);
  assert.equal(
    parseLabelSelector("example.com/role=db").matches({ "example.com/role": "db" }),
    true,
  );
});

Deno.test("selectorFromSet matches supersets and sorts its text", () => {
  const s = selectorFromSet({ name: "nginx", app: "x" });
  assert.equal(s.toString(), "app=x,name=nginx");
  assert.equal(s.matches({ name: "nginx", app: "x", extra: "1" }), true);
  assert.equal(s.matches({ name: "nginx" }), false);
  assert.equal(selectorFromSet(undefined).empty(), true);
  assert.equal(selectorFromSet({}).matches({}), true);
  assert.equal(labelsMatchSet({ a: "1" }, { a: "1", b: "2" }), true);
  assert.equal(labelsMatchSet({ a: "1" }, undefined), false);
});

Deno.test("label selector: arbitrary text parses or throws SelectorError, never anything else", () => {
  const alphabet = [
    "a",
    "b",
    "=",
    "!",
    "(",
    ")",
    ",",
    " ",
    "in",
    "notin",
    "<",
    ">",
    "/",
    ".",
    "-",
    "_",
    "1",
  ];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let text = "";
    for (let j = rand(12); j > 0; j--) text += alphabet[rand(alphabet.length)];
    try {
      const s = parseLabelSelector(text);
      assert.equal(typeof s.matches({ a: "b" }), "boolean");
      assert.deepEqual(parseLabelSelector(s.toString()).toString(), s.toString(), text);
    } catch (e) {
      assert.ok(e instanceof SelectorError, `${JSON.stringify(text)}: ${e}`);
    }
  }
});

import assert from "node:assert/strict";
import { formatResourcesText, parseResourcesText } from "../../../core/mesos/mod.ts";

Deno.test("parses scalars, ranges and sets", () => {
  assert.deepEqual(parseResourcesText("cpus:4;mem:8192;ports:[31000-32000];disks:{a,b}"), [
    { name: "cpus", type: "SCALAR", scalar: { value: 4 } },
    { name: "mem", type: "SCALAR", scalar: { value: 8192 } },
    { name: "ports", type: "RANGES", ranges: { range: [{ begin: "31000", end: "32000" }] } },
    { name: "disks", type: "SET", set: { item: ["a", "b"] } },
  ]);
});

Deno.test("reserved roles become static reservations; duplicates add up", () => {
  assert.deepEqual(parseResourcesText(" cpus(web):2 ; cpus:1; cpus(web):0.5;"), [
    {
      name: "cpus",
      type: "SCALAR",
      scalar: { value: 2.5 },
      reservations: [{ type: "STATIC", role: "web" }],
    },
    { name: "cpus", type: "SCALAR", scalar: { value: 1 } },
  ]);
  assert.deepEqual(parseResourcesText("cpus(*):1"), [{
    name: "cpus",
    type: "SCALAR",
    scalar: { value: 1 },
  }]);
  assert.deepEqual(parseResourcesText("mem:1", { defaultRole: "r" })[0].reservations, [
    { type: "STATIC", role: "r" },
  ]);
});

Deno.test("range lists are sorted and coalesced", () => {
  assert.deepEqual(parseResourcesText("ports:[33000-33001, 31000-31999,32000-32000]")[0].ranges, {
    range: [{ begin: "31000", end: "32000" }, { begin: "33000", end: "33001" }],
  });
});

Deno.test("errors name the bad token", () => {
  assert.throws(() => parseResourcesText("cpus:4;mem"), /expected "name:value".* in "mem"/);
  assert.throws(() => parseResourcesText("cpus:four"), /value "four" .* in "cpus:four"/);
  assert.throws(() => parseResourcesText("cpus:-1"), /value "-1"/);
  assert.throws(() => parseResourcesText("ports:[32000-31000]"), /begin greater than end/);
  assert.throws(() => parseResourcesText("ports:[31000-x]"), /bad range "31000-x"/);
  assert.throws(() => parseResourcesText("ports:[1-2"), /unterminated/);
  assert.throws(() => parseResourcesText("cp us:1"), /bad resource name "cp us"/);
  assert.throws(() => parseResourcesText("cpus(a b):1"), /bad role "a b"/);
});

Deno.test("accepts the JSON form and formats back to text", () => {
  const rs = parseResourcesText(
    '[{"name":"cpus","type":"SCALAR","scalar":{"value":2}},' +
      '{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1,"end":3}]}}]',
  );
  assert.deepEqual(rs[1].ranges, { range: [{ begin: "1", end: "3" }] });
  assert.equal(formatResourcesText(rs), "cpus:2;ports:[1-3]");
  assert.equal(formatResourcesText(parseResourcesText("cpus(web):0.5")), "cpus(web):0.5");
  assert.throws(() => parseResourcesText("[{]"), /Invalid resources JSON/);
});

Deno.test("JSON resources: an object instead of an array, and a non-number scalar, are named", () => {
  assert.throws(
    () => parseResourcesText('{"name":"cpus"}'),
    /Invalid resources JSON: expected an array of Resource objects, e\.g\. \[\{"name":"cpus"/,
  );
  assert.throws(
    () => parseResourcesText('[{"name":"cpus","type":"SCALAR","scalar":{"value":"abc"}}]'),
    /Invalid resources JSON: resource 0 \("cpus"\) has the scalar value "abc", which is not a number/,
  );
});

/** Agent resources from the host and the `--attributes` text. */
import assert from "node:assert/strict";
import {
  agentResources,
  defaultPortRange,
  parseAttributesText,
} from "../../../../core/mesos/local/host_resources.ts";
import { scalarOf } from "../../../../core/mesos/resource_query.ts";

Deno.test("agents on one host get disjoint port ranges, [31000-32000] first", () => {
  assert.deepEqual(defaultPortRange(0, 1), { begin: 31000, end: 32000 });
  for (const count of [3, 10, 100]) {
    const ranges = Array.from({ length: count }, (_, i) => defaultPortRange(i, count));
    for (let i = 1; i < count; i++) assert.ok(ranges[i].begin > ranges[i - 1].end);
    assert.ok(ranges[count - 1].end <= 65535);
  }
});

Deno.test("--resources fills in what it leaves out from the host", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const rs = agentResources("cpus:3;mem:1024", dir, 1, 3);
    assert.equal(scalarOf(rs, "cpus"), 3);
    assert.equal(scalarOf(rs, "mem"), 1024);
    assert.ok(scalarOf(rs, "disk") >= 1024, "disk from the host");
    const ports = rs.find((r) => r.name === "ports")!.ranges!.range![0];
    assert.deepEqual([Number(ports.begin), Number(ports.end)], [32001, 33001]);
    const defaults = agentResources(undefined, dir, 0, 1);
    assert.equal(scalarOf(defaults, "cpus"), navigator.hardwareConcurrency);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("--attributes text: TEXT, SCALAR, RANGES and SET values", () => {
  assert.deepEqual(parseAttributesText("rack:r1; zone:a;slots:4;band:[1-3];tags:{x,y}"), [
    { name: "rack", type: "TEXT", text: { value: "r1" } },
    { name: "zone", type: "TEXT", text: { value: "a" } },
    { name: "slots", type: "SCALAR", scalar: { value: 4 } },
    { name: "band", type: "RANGES", ranges: { range: [{ begin: "1", end: "3" }] } },
    { name: "tags", type: "SET", set: { item: ["x", "y"] } },
  ]);
  assert.deepEqual(parseAttributesText(""), []);
  assert.throws(() => parseAttributesText("rack"), /expected name:value/);
});

Deno.test("ports given to several agents of one host are split into disjoint shares", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ports = (i: number, n: number, text = "ports:[37000-37199]") =>
      agentResources(text, dir, i, n).find((r) => r.name === "ports")?.ranges?.range
        ?.map((x) => ({ begin: Number(x.begin), end: Number(x.end) }));
    assert.deepEqual(ports(0, 1), [{ begin: 37000, end: 37199 }], "one agent keeps them all");
    assert.deepEqual(ports(0, 2), [{ begin: 37000, end: 37099 }]);
    assert.deepEqual(ports(1, 2), [{ begin: 37100, end: 37199 }]);
    assert.deepEqual(ports(1, 3, "ports:[100-104,200-205]"), [{ begin: 103, end: 104 }, {
      begin: 200,
      end: 200,
    }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

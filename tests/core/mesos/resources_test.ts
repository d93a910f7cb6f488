import assert from "node:assert/strict";
import {
  addResources,
  containsResources,
  cpus,
  findPort,
  mem,
  type MesosResource,
  portRanges,
  resourceRole,
  subtractResources,
  takePorts,
  takeScalar,
} from "../../../core/mesos/mod.ts";

const alloc = { allocation_info: { role: "k8s" } };
const scalar = (name: string, value: number, extra: Partial<MesosResource> = alloc) => ({
  name,
  type: "SCALAR" as const,
  scalar: { value },
  ...extra,
});
const ports = (ranges: [number, number][], extra: Partial<MesosResource> = alloc) => ({
  name: "ports",
  type: "RANGES" as const,
  ranges: { range: ranges.map(([b, e]) => ({ begin: String(b), end: String(e) })) },
  ...extra,
});

const OFFER: MesosResource[] = [
  scalar("cpus", 3.75),
  scalar("mem", 14848),
  ports([[31000, 31099], [31200, 32000]]),
];

Deno.test("scalars use Mesos' 3-decimal fixed point", () => {
  const sum = addResources([scalar("cpus", 0.1)], [scalar("cpus", 0.2)]);
  assert.deepEqual(sum, [scalar("cpus", 0.3)]);
  assert.deepEqual(addResources([scalar("cpus", 0.0001)], []), []);
  const left = subtractResources([scalar("cpus", 1)], [scalar("cpus", 0.7)]);
  assert.deepEqual(left, [scalar("cpus", 0.3)]);
  assert.equal(containsResources([scalar("cpus", 0.3)], [scalar("cpus", 0.1 + 0.2)]), true);
});

Deno.test("ranges merge on add and split on subtract, bounds stay decimal strings", () => {
  const merged = addResources([ports([[1, 5]])], [ports([[6, 9], [20, 20]])]);
  assert.deepEqual(merged, [ports([[1, 9], [20, 20]])]);
  const split = subtractResources(merged, [ports([[3, 4], [20, 20]])]);
  assert.deepEqual(split, [ports([[1, 2], [5, 9]])]);
  assert.equal(containsResources(split, [ports([[5, 9]])]), true);
  assert.equal(containsResources(split, [ports([[2, 5]])]), false);
});

Deno.test("sets add, subtract and contain by item", () => {
  const set = (items: string[]) => ({ name: "disks", type: "SET" as const, set: { item: items } });
  assert.deepEqual(addResources([set(["a"])], [set(["b", "a"])]), [set(["a", "b"])]);
  assert.deepEqual(subtractResources([set(["a", "b"])], [set(["a"])]), [set(["b"])]);
  assert.equal(containsResources([set(["a"])], [set(["a", "c"])]), false);
});

Deno.test("roles and allocation_info are kept apart and kept as offered", () => {
  const other = { allocation_info: { role: "other" } };
  const rs = addResources([scalar("cpus", 1)], [scalar("cpus", 2, other)]);
  assert.equal(rs.length, 2);
  assert.equal(containsResources(rs, [scalar("cpus", 2)]), false);
  assert.equal(containsResources(rs, [scalar("cpus", 2, other)]), true);
  const reserved = scalar("cpus", 1, { role: "web", ...alloc });
  assert.equal(resourceRole(reserved), "web");
  assert.equal(
    resourceRole(scalar("cpus", 1, { reservations: [{ role: "a" }, { role: "a/b" }] })),
    "a/b",
  );
  assert.equal(containsResources([scalar("cpus", 5)], [reserved]), false);
  // role "*" is the default, so it matches an unset role.
  assert.equal(
    containsResources([scalar("cpus", 1, { role: "*", ...alloc })], [scalar("cpus", 1)]),
    true,
  );
});

Deno.test("subtracting more than available names the resource", () => {
  assert.throws(
    () => subtractResources(OFFER, [scalar("mem", 20000)]),
    /Cannot subtract mem:20000: only mem:14848 is available/,
  );
  assert.throws(() => subtractResources(OFFER, [scalar("gpus", 1)]), /only none/);
});

Deno.test("queries: cpus, mem, merged port ranges", () => {
  assert.equal(cpus(OFFER), 3.75);
  assert.equal(mem(OFFER), 14848);
  assert.deepEqual(portRanges(OFFER), [{ begin: 31000, end: 31099 }, { begin: 31200, end: 32000 }]);
});

Deno.test("takeScalar carves pieces that keep their source's metadata", () => {
  const two = [scalar("cpus", 0.5), scalar("cpus", 1, { allocation_info: { role: "x" } })];
  assert.deepEqual(takeScalar(two, "cpus", 0.75), [
    scalar("cpus", 0.5),
    scalar("cpus", 0.25, { allocation_info: { role: "x" } }),
  ]);
  assert.equal(takeScalar(two, "cpus", 2), undefined);
});

Deno.test("takePorts picks the lowest free ports; findPort finds a specific one", () => {
  const got = takePorts(OFFER, 3, new Set([31001]));
  assert.deepEqual(got?.ports, [31000, 31002, 31003]);
  assert.deepEqual(got?.resources, [ports([[31000, 31000], [31002, 31003]])]);
  assert.equal(containsResources(OFFER, got!.resources), true);
  assert.equal(takePorts(OFFER, 10_000), undefined);
  assert.deepEqual(findPort(OFFER, 31500), ports([[31500, 31500]]));
  assert.equal(findPort(OFFER, 31150), undefined);
});

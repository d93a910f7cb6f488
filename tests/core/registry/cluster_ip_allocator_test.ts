import assert from "node:assert/strict";
import {
  ClusterIpAllocator,
  formatIPv4,
  parseIPv4,
} from "../../../core/registry/cluster_ip_allocator.ts";

Deno.test("IPv4 text round-trips", () => {
  assert.equal(parseIPv4("10.10.10.1"), 0x0a0a0a01);
  assert.equal(formatIPv4(0xc0a80001), "192.168.0.1");
  assert.equal(parseIPv4("256.1.1.1"), undefined);
  assert.equal(parseIPv4("x"), undefined);
});

Deno.test("ClusterIpAllocator uses host addresses of the CIDR only", () => {
  const a = new ClusterIpAllocator("10.0.0.0/30");
  const got = [a.allocate(), a.allocate()].sort();
  assert.deepEqual(got, ["10.0.0.1", "10.0.0.2"]);
  assert.equal(a.allocate(), undefined);
  assert.equal(a.claim("10.0.0.3"), "outOfRange", "broadcast address");
  assert.equal(a.claim("10.0.0.0"), "outOfRange", "network address");
  assert.equal(a.claim("10.0.0.1"), "taken");
  a.release("10.0.0.1");
  assert.equal(a.claim("10.0.0.1"), "ok");
  const b = new ClusterIpAllocator("10.10.10.77/24");
  b.markUsed("10.10.10.1");
  assert.equal(b.claim("10.10.10.1"), "taken");
  assert.equal(b.used, 1);
  assert.throws(() => new ClusterIpAllocator("10.0.0.0"), /--portal-net "10\.0\.0\.0"/);
  assert.throws(() => new ClusterIpAllocator("10.0.0.0/31"), /between \/8 and \/30/);
});

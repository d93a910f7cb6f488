import assert from "node:assert/strict";
import { hostPortOf, podHostPorts } from "../../../core/executor/host_ports.ts";

Deno.test("hostPortOf: declared hostPort, then the scheduler's mapping, else none", () => {
  assert.equal(hostPortOf({ containerPort: 80, hostPort: 8080 }, {}), 8080);
  assert.equal(hostPortOf({ containerPort: 80 }, { hostPorts: { "80": 31001 } }), 31001);
  assert.equal(
    hostPortOf({ containerPort: 53, protocol: "UDP" }, { hostPorts: { "53/UDP": 31002 } }),
    31002,
  );
  assert.equal(hostPortOf({ containerPort: 80, hostPort: 0 }, {}), undefined);
});

Deno.test("podHostPorts lists every bound port of every container", () => {
  const ports = podHostPorts({
    metadata: {},
    spec: {
      containers: [
        { name: "a", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] },
        { name: "b", ports: [{ containerPort: 90, protocol: "udp" }] },
      ],
    },
  }, { hostPorts: { "90/UDP": 31090 } });
  assert.deepEqual(ports.map((p) => [p.containerName, p.containerPort, p.protocol, p.hostPort]), [
    ["a", 80, "TCP", 8080],
    ["b", 90, "UDP", 31090],
  ]);
});

import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import {
  chargedResources,
  DEFAULT_RESOURCES,
  fixedHostPorts,
  podDemand,
} from "../../../core/scheduler/pod_resources.ts";

function pod(containers: NonNullable<Pod["spec"]>["containers"], extra: Partial<Pod> = {}): Pod {
  return { metadata: { name: "p", namespace: "default" }, spec: { containers }, ...extra };
}

Deno.test("requests win over limits; defaults fill containers with neither", () => {
  const d = podDemand(pod([
    { name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "1" } } },
    { name: "b", resources: { limits: { cpu: "500m", memory: "1Gi" } } },
    { name: "c" },
  ]));
  assert.equal(d.cpus, 0.76);
  assert.equal(d.memMb, 64 + 1024 + 16);
});

Deno.test("a best-effort container is charged 0.01 cpu and 16 MiB, so 30 pods fit 2 cores", () => {
  assert.deepEqual(DEFAULT_RESOURCES, { containerCpus: 0.01, containerMemMb: 16 });
  const pods = Array.from({ length: 30 }, () => pod([{ name: "web" }]));
  const charged = chargedResources(pods);
  assert.deepEqual(charged, { cpus: 0.3, memMb: 480 });
  const executorShare = 0.25;
  assert.ok(charged.cpus + executorShare <= 2);
});

Deno.test("chargedResources sums requests and the best-effort charge like podDemand", () => {
  const pods = [
    pod([{ name: "a", resources: { requests: { cpu: "100m", memory: "32Mi" } } }]),
    pod([{ name: "b" }, { name: "c" }]),
  ];
  assert.deepEqual(chargedResources(pods), { cpus: 0.12, memMb: 64 });
  assert.deepEqual(chargedResources(pods, { containerCpus: 0.5, containerMemMb: 100 }), {
    cpus: 1.1,
    memMb: 232,
  });
});

Deno.test("custom defaults apply per container", () => {
  const d = podDemand(pod([{ name: "a" }, { name: "b" }]), {
    containerCpus: 0.1,
    containerMemMb: 32,
  });
  assert.equal(d.cpus, 0.2);
  assert.equal(d.memMb, 64);
});

Deno.test("fixed host ports are kept; hostPort 0 maps only with wildcard or the process runtime", () => {
  const p = pod([{
    name: "a",
    ports: [{ containerPort: 80, hostPort: 31080 }, { containerPort: 53, protocol: "UDP" }],
  }]);
  const plain = podDemand(p);
  assert.deepEqual(fixedHostPorts(plain), [31080]);
  assert.equal(plain.mappedPorts.length, 0);
  const wildcard = podDemand({
    ...p,
    metadata: { ...p.metadata, annotations: { "k8s.mesosphere.io/portMapping": "wildcard" } },
  });
  assert.deepEqual(wildcard.mappedPorts, [{ containerPort: 53, protocol: "UDP", hostPort: 0 }]);
  assert.equal(podDemand(p, undefined, true).mappedPorts.length, 1);
});

Deno.test("a bad quantity is an error naming the container", () => {
  assert.throws(
    () => podDemand(pod([{ name: "web", resources: { requests: { cpu: "lots" } } }])),
    /container "web" has cpu "lots"/,
  );
});

Deno.test("nodeSelector and a user-set nodeName are carried", () => {
  const d = podDemand({
    metadata: { name: "p" },
    spec: { containers: [{ name: "a" }], nodeSelector: { disk: "ssd" }, nodeName: "n1" },
  });
  assert.deepEqual(d.nodeSelector, { disk: "ssd" });
  assert.equal(d.pinnedHost, "n1");
});

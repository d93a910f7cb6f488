import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { fixedHostPorts, podDemand } from "../../../core/scheduler/pod_resources.ts";

function pod(containers: NonNullable<Pod["spec"]>["containers"], extra: Partial<Pod> = {}): Pod {
  return { metadata: { name: "p", namespace: "default" }, spec: { containers }, ...extra };
}

Deno.test("requests win over limits; defaults fill containers with neither", () => {
  const d = podDemand(pod([
    { name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "1" } } },
    { name: "b", resources: { limits: { cpu: "500m", memory: "1Gi" } } },
    { name: "c" },
  ]));
  assert.equal(d.cpus, 0.25 + 0.5 + 0.25);
  assert.equal(d.memMb, 64 + 1024 + 64);
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

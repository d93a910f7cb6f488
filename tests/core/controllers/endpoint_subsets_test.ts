import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import type { Service } from "../../../core/api/types/service.ts";
import { endpointSubsets, resolvePodPort } from "../../../core/controllers/endpoint_subsets.ts";

function runningPod(name: string, ports: Pod["spec"], ready = true): Pod {
  return {
    metadata: { name, namespace: "default", uid: name },
    spec: ports,
    status: {
      phase: "Running",
      podIP: `10.0.0.${name.length}`,
      hostIP: "192.168.0.1",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    },
  };
}

Deno.test("named target ports resolve per pod, numeric ones default to the service port", () => {
  const a = runningPod("a", {
    containers: [{ name: "c", ports: [{ name: "web", containerPort: 8080 }] }],
  });
  const b = runningPod("bb", {
    containers: [{ name: "c", ports: [{ name: "web", containerPort: 9090 }] }],
  });
  const svc: Service = {
    metadata: { name: "s" },
    spec: { selector: { x: "y" }, ports: [{ name: "p", port: 80, targetPort: "web" }] },
  };
  assert.deepEqual(resolvePodPort(a, svc.spec!.ports![0]), { ip: "10.0.0.1", port: 8080 });
  const subsets = endpointSubsets(svc, [a, b]);
  assert.equal(subsets.length, 2);
  assert.deepEqual(subsets.map((s) => s.ports?.[0].port).sort(), [8080, 9090]);
  const plain: Service = { metadata: { name: "s" }, spec: { ports: [{ port: 7000 }] } };
  assert.deepEqual(resolvePodPort(a, plain.spec!.ports![0]), { ip: "10.0.0.1", port: 7000 });
  const missing: Service = {
    metadata: { name: "s" },
    spec: { ports: [{ port: 80, targetPort: "nope" }] },
  };
  assert.equal(resolvePodPort(a, missing.spec!.ports![0]), undefined);
});

Deno.test("terminating and finished pods are left out; publishNotReadyAddresses lists all as ready", () => {
  const spec = { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] };
  const ok = runningPod("ok", spec, false);
  const gone = {
    ...runningPod("gone", spec),
    metadata: { name: "gone", deletionTimestamp: "2026-01-01T00:00:00Z" },
  };
  const done: Pod = {
    ...runningPod("done", spec),
    status: { phase: "Succeeded", podIP: "10.0.0.9" },
  };
  const svc: Service = { metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } };
  const subsets = endpointSubsets(svc, [ok, gone, done]);
  assert.equal(subsets.length, 1);
  assert.equal(subsets[0].addresses, undefined);
  assert.deepEqual(subsets[0].notReadyAddresses?.map((a) => a.targetRef?.name), ["ok"]);
  const publish = endpointSubsets(
    { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } },
    [ok],
  );
  assert.deepEqual(publish[0].addresses?.map((a) => a.targetRef?.name), ["ok"]);
});

import assert from "node:assert/strict";
import { renderDescribe } from "../../../cli/output/describe_printer.ts";
import { findResource } from "../../../core/api/kinds.ts";
import type { KubeObject } from "../../../core/api/object.ts";

function info(name: string) {
  const i = findResource(name);
  assert.ok(i, `resource ${name} is known`);
  return i;
}

function line(text: string, key: string): string {
  const found = text.split("\n").find((l) => l.trimStart().startsWith(`${key}:`));
  assert.ok(found, `describe shows "${key}:"\n${text}`);
  return found.trim();
}

const failingPod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-1",
    namespace: "default",
    annotations: { "k8s.mesosphere.io/hostPorts": JSON.stringify({ "80/TCP": 31005 }) },
  },
  spec: {
    nodeName: "node-a",
    containers: [{ name: "web", image: "example.invalid/web:1", ports: [{ containerPort: 80 }] }],
  },
  status: {
    phase: "Pending",
    containerStatuses: [{
      name: "web",
      ready: false,
      restartCount: 0,
      state: {
        waiting: {
          reason: "ErrImagePull",
          message: 'Failed to pull image "example.invalid/web:1": no such host',
        },
      },
    }],
  },
};

Deno.test("describe pod: shows the waiting reason and message, and the mapped host port", () => {
  const text = renderDescribe({ info: info("pods"), object: failingPod, events: [] });
  assert.match(line(text, "Reason"), /^Reason:\s+ErrImagePull$/);
  assert.match(
    line(text, "Message"),
    /^Message:\s+Failed to pull image "example.invalid\/web:1": no such host$/,
  );
  assert.match(line(text, "Host Port"), /^Host Port:\s+31005\/TCP$/);
});

Deno.test("describe pod: a declared hostPort is shown, and no mapping means 0", () => {
  const pod: KubeObject = {
    ...failingPod,
    metadata: { name: "web-2", namespace: "default" },
    spec: {
      containers: [{
        name: "web",
        image: "x:1",
        ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, protocol: "UDP" }],
      }],
    },
  };
  const text = renderDescribe({ info: info("pods"), object: pod, events: [] });
  assert.match(line(text, "Host Port"), /^Host Port:\s+8080\/TCP, 0\/UDP$/);
});

Deno.test("describe node: Allocated resources are the Mesos charge of its pods", () => {
  const node: KubeObject = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "node-a" },
    status: { allocatable: { cpu: "2", memory: "2Gi" } },
  };
  const pods: KubeObject[] = Array.from({ length: 30 }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `be-${i}`, namespace: "default" },
    spec: { nodeName: "node-a", containers: [{ name: "c", image: "x:1" }] },
    status: { phase: "Running" },
  }));
  const text = renderDescribe({ info: info("nodes"), object: node, events: [], pods });
  const rows = text.split("\n").map((l) => l.trim().split(/\s{2,}/));
  // 30 × 0.01 cpu + the executor's 0.25 = 550m of 2; 30 × 16 MiB + 128 MiB = 608Mi of 2048.
  assert.deepEqual(rows.find((r) => r[0] === "cpu"), ["cpu", "550m (28%)"]);
  assert.deepEqual(rows.find((r) => r[0] === "memory"), ["memory", "608Mi (30%)"]);
});

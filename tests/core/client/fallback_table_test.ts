import assert from "node:assert/strict";
import type { KubeObject } from "../../../core/api/object.ts";
import { fallbackTable } from "../../../core/client/fallback_table.ts";
import { cellText, tableText } from "../../../core/client/meta_table.ts";

const NOW = Date.parse("2026-01-01T01:00:00Z");
const created = "2026-01-01T00:00:00Z";

function rows(resource: string, items: KubeObject[], wide = false): string[][] {
  const t = tableText(fallbackTable(resource, items, "9", NOW), { wide });
  return [t.header, ...t.rows];
}

Deno.test("fallback table: pods with kubectl's columns, status reasons and wide columns", () => {
  const pod: KubeObject = {
    metadata: { name: "p", creationTimestamp: created },
    spec: { nodeName: "n1", containers: [{ name: "a" }, { name: "b" }] },
    status: {
      phase: "Running",
      podIP: "10.1.0.2",
      containerStatuses: [
        { name: "a", ready: true, restartCount: 2, state: { running: {} } },
        {
          name: "b",
          ready: false,
          restartCount: 1,
          state: { waiting: { reason: "CrashLoopBackOff" } },
        },
      ],
    },
  };
  assert.deepEqual(rows("pods", [pod]), [
    ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
    ["p", "1/2", "CrashLoopBackOff", "3", "60m"],
  ]);
  assert.deepEqual(rows("pods", [pod], true)[1].slice(5), ["10.1.0.2", "n1", "<none>", "<none>"]);
  const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: created } };
  assert.equal(rows("pods", [terminating])[1][2], "Terminating");
});

Deno.test("fallback table: services, endpoints, rcs, nodes, namespaces, events, and unknown kinds", () => {
  const svc = {
    metadata: { name: "web", creationTimestamp: created },
    spec: {
      type: "NodePort",
      clusterIP: "10.10.10.5",
      ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }],
    },
  };
  assert.deepEqual(rows("services", [svc])[1], [
    "web",
    "NodePort",
    "10.10.10.5",
    "<none>",
    "80:30080/TCP",
    "60m",
  ]);
  const ep = {
    metadata: { name: "web" },
    subsets: [{
      addresses: [{ ip: "1.1.1.1" }, { ip: "2.2.2.2" }],
      ports: [{ port: 80 }, { port: 81 }],
    }],
  };
  // kubectl lists port by port, each over every address.
  assert.equal(rows("endpoints", [ep])[1][1], "1.1.1.1:80,2.2.2.2:80,1.1.1.1:81 + 1 more...");
  const rc = {
    metadata: { name: "r", creationTimestamp: created },
    spec: {
      replicas: 3,
      selector: { app: "web" },
      template: { spec: { containers: [{ name: "c", image: "img" }] } },
    },
    status: { replicas: 2, readyReplicas: 1 },
  };
  assert.deepEqual(rows("replicationcontrollers", [rc], true)[1], [
    "r",
    "3",
    "2",
    "1",
    "60m",
    "c",
    "img",
    "app=web",
  ]);
  const node = {
    metadata: { name: "n1", creationTimestamp: created },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: "Ready", status: "True" }],
      nodeInfo: { kubeletVersion: "v1.32.0" },
    },
  };
  assert.deepEqual(rows("nodes", [node])[1], [
    "n1",
    "Ready,SchedulingDisabled",
    "<none>",
    "60m",
    "v1.32.0",
  ]);
  assert.deepEqual(
    rows("namespaces", [{
      metadata: { name: "team", creationTimestamp: created },
      status: { phase: "Active" },
    }])[1],
    [
      "team",
      "Active",
      "60m",
    ],
  );
  const ev = {
    metadata: { name: "e" },
    involvedObject: { kind: "Pod", name: "p" },
    reason: "Scheduled",
    message: "assigned",
    type: "Normal",
    lastTimestamp: "2026-01-01T00:59:30Z",
  };
  assert.deepEqual(rows("events", [ev])[1], ["30s", "Normal", "Scheduled", "pod/p", "assigned"]);
  assert.deepEqual(rows("widgets", [{ metadata: { name: "w", creationTimestamp: created } }]), [[
    "NAME",
    "AGE",
  ], [
    "w",
    "60m",
  ]]);
  assert.equal(cellText(null), "<none>");
});

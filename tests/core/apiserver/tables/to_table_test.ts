import assert from "node:assert/strict";
import type { KubeObject } from "../../../../core/api/object.ts";
import {
  acceptsTable,
  parseIncludeObject,
  tableWatchEvent,
  toTable,
} from "../../../../core/apiserver/tables/to_table.ts";

const NOW = Date.parse("2026-11-25T09:21:43Z");
const created = "2026-11-25T08:21:43Z";

function pod(
  name: string,
  status: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: "u-" + name,
      creationTimestamp: created,
      labels: { app: name },
    },
    spec: { containers: [{ name: "c", image: "nginx" }], nodeName: "mesos-agent-1" },
    status,
    ...extra,
  };
}

const running = {
  state: { running: { startedAt: created } },
  ready: true,
  restartCount: 0,
  name: "c",
};

Deno.test("tables: pods match the sample shape (cells, wide columns, PartialObjectMetadata)", () => {
  const p = pod("nginx", {
    phase: "Running",
    podIP: "10.1.0.5",
    podIPs: [{ ip: "10.1.0.5" }],
    containerStatuses: [running],
  });
  const t = toTable("pods", [p], { resourceVersion: "110", now: NOW });
  assert.equal(t.kind, "Table");
  assert.equal(t.apiVersion, "meta.k8s.io/v1");
  assert.deepEqual(t.metadata, { resourceVersion: "110" });
  assert.deepEqual(t.columnDefinitions?.map((c) => [c.name, c.priority]), [
    ["Name", 0],
    ["Ready", 0],
    ["Status", 0],
    ["Restarts", 0],
    ["Age", 0],
    ["IP", 1],
    ["Node", 1],
    ["Nominated Node", 1],
    ["Readiness Gates", 1],
  ]);
  assert.equal(t.columnDefinitions?.[0].format, "name");
  assert.deepEqual(t.rows[0].cells, [
    "nginx",
    "1/1",
    "Running",
    "0",
    "60m",
    "10.1.0.5",
    "mesos-agent-1",
    "<none>",
    "<none>",
  ]);
  assert.deepEqual(t.rows[0].object, {
    kind: "PartialObjectMetadata",
    apiVersion: "meta.k8s.io/v1",
    metadata: p.metadata,
  });
});

Deno.test("tables: pod status reasons follow kubectl", () => {
  const cell = (p: KubeObject) => toTable("pods", [p], { now: NOW }).rows[0].cells.slice(1, 4);
  assert.deepEqual(cell(pod("a", { phase: "Pending" })), ["0/1", "Pending", "0"]);
  assert.deepEqual(
    cell(pod("b", {
      phase: "Running",
      containerStatuses: [{
        name: "c",
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { exitCode: 1, finishedAt: "2026-11-25T09:18:43Z" } },
      }],
    })),
    ["0/1", "CrashLoopBackOff", "4 (3m ago)"],
  );
  assert.deepEqual(
    cell(pod("c", {
      phase: "Succeeded",
      containerStatuses: [{
        name: "c",
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed" } },
      }],
    })),
    ["0/1", "Completed", "0"],
  );
  assert.deepEqual(
    cell(pod("d", {
      phase: "Failed",
      containerStatuses: [{
        name: "c",
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 3 } },
      }],
    })),
    ["0/1", "ExitCode:3", "0"],
  );
  const deleting = pod("e", { phase: "Running", containerStatuses: [running] });
  deleting.metadata.deletionTimestamp = created;
  assert.deepEqual(cell(deleting), ["1/1", "Terminating", "0"]);
  const init = pod("f", {
    phase: "Pending",
    initContainerStatuses: [{
      name: "i",
      ready: false,
      restartCount: 0,
      state: { waiting: { reason: "PodInitializing" } },
    }],
  });
  (init.spec as { initContainers: unknown[] }).initContainers = [{ name: "i" }];
  assert.deepEqual(cell(init), ["0/1", "Init:0/1", "0"]);
  const failed = toTable("pods", [pod("g", { phase: "Failed" })], { now: NOW }).rows[0];
  assert.equal(failed.conditions?.[0].type, "Completed");
});

Deno.test("tables: services, endpoints, rc, nodes, namespaces, events", () => {
  const meta = (name: string) => ({ name, creationTimestamp: created });
  const svc = toTable("services", [{
    metadata: meta("web"),
    spec: {
      type: "ClusterIP",
      clusterIP: "10.10.10.3",
      ports: [{ port: 80, protocol: "TCP" }, { port: 30, nodePort: 30001, protocol: "UDP" }],
      selector: { b: "2", a: "1" },
    },
  }], { now: NOW });
  assert.deepEqual(svc.rows[0].cells, [
    "web",
    "ClusterIP",
    "10.10.10.3",
    "<none>",
    "80/TCP,30:30001/UDP",
    "60m",
    "a=1,b=2",
  ]);
  const ep = toTable("endpoints", [
    {
      metadata: meta("web"),
      subsets: [{
        addresses: [{ ip: "1.1.1.1" }, { ip: "2.2.2.2" }],
        ports: [{ port: 80 }, { port: 81 }],
      }],
    },
    { metadata: meta("none") },
  ], { now: NOW });
  assert.deepEqual(ep.rows[0].cells, [
    "web",
    "1.1.1.1:80,2.2.2.2:80,1.1.1.1:81 + 1 more...",
    "60m",
  ]);
  assert.deepEqual(ep.rows[1].cells, ["none", "<none>", "60m"]);
  const rc = toTable("replicationcontrollers", [{
    metadata: meta("r"),
    spec: {
      replicas: 3,
      selector: { app: "r" },
      template: { spec: { containers: [{ name: "a", image: "i1" }, { name: "b", image: "i2" }] } },
    },
    status: { replicas: 2, readyReplicas: 1 },
  }], { now: NOW });
  assert.deepEqual(rc.rows[0].cells, ["r", 3, 2, 1, "60m", "a,b", "i1,i2", "app=r"]);
  const node = toTable("nodes", [{
    metadata: { ...meta("agent-1"), labels: { "node-role.kubernetes.io/worker": "" } },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: "Ready", status: "True" }],
      addresses: [{ type: "InternalIP", address: "10.0.0.2" }],
      nodeInfo: {
        kubeletVersion: "v1.32.4",
        osImage: "Debian",
        kernelVersion: "6.1",
        containerRuntimeVersion: "docker://1",
      },
    },
  }], { now: NOW });
  assert.deepEqual(node.rows[0].cells, [
    "agent-1",
    "Ready,SchedulingDisabled",
    "worker",
    "60m",
    "v1.32.4",
    "10.0.0.2",
    "<none>",
    "Debian",
    "6.1",
    "docker://1",
  ]);
  const ns = toTable("namespaces", [{ metadata: meta("default"), status: { phase: "Active" } }], {
    now: NOW,
  });
  assert.deepEqual(ns.rows[0].cells, ["default", "Active", "60m"]);
  const ev = toTable("events", [{
    metadata: meta("nginx.1"),
    involvedObject: { kind: "Pod", name: "nginx" },
    reason: "Scheduled",
    message: " assigned ",
    type: "Normal",
    source: { component: "scheduler" },
    firstTimestamp: "2026-11-25T09:16:43Z",
    lastTimestamp: "2026-11-25T09:20:43Z",
  }], { now: NOW });
  assert.deepEqual(ev.rows[0].cells.slice(0, 4), ["60s", "Normal", "Scheduled", "pod/nginx"]);
  assert.equal(ev.rows[0].cells[6], "assigned");
  assert.equal(ev.rows[0].cells[8], 1);
  assert.deepEqual(ev.columnDefinitions?.filter((c) => c.priority === 0).map((c) => c.name), [
    "Last Seen",
    "Type",
    "Reason",
    "Object",
    "Message",
  ]);
});

Deno.test("tables: includeObject, versions and Accept parsing", () => {
  const p = pod("x", { phase: "Running" });
  assert.equal(toTable("pods", [p], { includeObject: "None" }).rows[0].object, undefined);
  assert.deepEqual(toTable("pods", [p], { includeObject: "Object" }).rows[0].object, p);
  const beta = toTable("pods", [p], { version: "v1beta1" });
  assert.equal(beta.apiVersion, "meta.k8s.io/v1beta1");
  assert.equal(beta.rows[0].object?.apiVersion, "meta.k8s.io/v1beta1");
  assert.equal(toTable("widgets", [p], { now: NOW }).rows[0].cells.length, 2);
  assert.equal(parseIncludeObject(null), "Metadata");
  assert.throws(() => parseIncludeObject("All"), /includeObject "All"/);
  const kubectl =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  assert.equal(acceptsTable(kubectl), "v1");
  assert.equal(acceptsTable("application/json;as=Table;v=v1beta1;g=meta.k8s.io"), "v1beta1");
  assert.equal(acceptsTable("application/json"), undefined);
  assert.equal(acceptsTable(null), undefined);
});

Deno.test("tables: watch events are one-row tables, headers only first", () => {
  const p = pod("x", { phase: "Running" });
  p.metadata.resourceVersion = "7";
  const first = tableWatchEvent("pods", { type: "ADDED", object: p }, true);
  const next = tableWatchEvent("pods", { type: "DELETED", object: p }, false);
  const t1 = first.object as ReturnType<typeof toTable>;
  const t2 = next.object as ReturnType<typeof toTable>;
  assert.equal(first.type, "ADDED");
  assert.ok(t1.columnDefinitions);
  assert.equal(t1.rows.length, 1);
  assert.equal(t2.columnDefinitions, undefined);
  assert.deepEqual(t2.metadata, { resourceVersion: "7" });
  const err = { type: "ERROR", object: { kind: "Status", code: 410 } };
  assert.deepEqual(tableWatchEvent("pods", err, false), err);
});

import assert from "node:assert/strict";
import { applyDefaults, imageTag } from "../../../core/api/defaults.ts";
import type { KubeObject } from "../../../core/api/object.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import type { Service } from "../../../core/api/types/service.ts";
import type { ReplicationController } from "../../../core/api/types/replication_controller.ts";

function pod(spec: Record<string, unknown>): Pod {
  const p: KubeObject = { kind: "Pod", apiVersion: "v1", metadata: { name: "p" }, spec };
  return p as Pod;
}

Deno.test("pod defaults: spec, containers, ports, probes, env", () => {
  const p = pod({
    containers: [{
      name: "web",
      image: "nginx",
      ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
      env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      resources: { limits: { cpu: "500m" } },
    }],
  });
  applyDefaults(p);
  const spec = p.spec!;
  assert.equal(spec.restartPolicy, "Always");
  assert.equal(spec.dnsPolicy, "ClusterFirst");
  assert.equal(spec.schedulerName, "default-scheduler");
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  const c = spec.containers[0];
  assert.equal(c.imagePullPolicy, "Always");
  assert.equal(c.terminationMessagePath, "/dev/termination-log");
  assert.equal(c.terminationMessagePolicy, "File");
  assert.equal(c.ports![0].protocol, "TCP");
  assert.equal(c.ports![0].hostPort, undefined);
  assert.deepEqual(c.livenessProbe, {
    httpGet: { port: 80, path: "/", scheme: "HTTP" },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.equal(c.readinessProbe!.periodSeconds, 5);
  assert.equal(c.env![0].valueFrom!.fieldRef!.apiVersion, "v1");
  assert.deepEqual(c.resources, { limits: { cpu: "500m" }, requests: { cpu: "500m" } });
});

Deno.test("pod defaults keep given values and handle hostNetwork and volumes", () => {
  const p = pod({
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 0,
    hostNetwork: true,
    volumes: [{ name: "scratch" }, { name: "h", hostPath: { path: "/tmp" } }],
    containers: [{ name: "a", image: "busybox:1.36", ports: [{ containerPort: 8080 }] }],
  });
  applyDefaults(p);
  assert.equal(p.spec!.restartPolicy, "Never");
  assert.equal(p.spec!.terminationGracePeriodSeconds, 0);
  assert.equal(p.spec!.containers[0].imagePullPolicy, "IfNotPresent");
  assert.equal(p.spec!.containers[0].ports![0].hostPort, 8080);
  assert.deepEqual(p.spec!.volumes![0], { name: "scratch", emptyDir: {} });
  assert.equal(p.spec!.volumes![1].emptyDir, undefined);
});

Deno.test("imageTag: latest, explicit tag, registry port, digest", () => {
  const cases: [string, string][] = [
    ["nginx", "latest"],
    ["nginx:latest", "latest"],
    ["nginx:1.25", "1.25"],
    ["localhost:5000/nginx", "latest"],
    ["localhost:5000/nginx:v2", "v2"],
    ["nginx@sha256:abcd", ""],
  ];
  for (const [image, tag] of cases) assert.equal(imageTag(image), tag, image);
});

Deno.test("service defaults: type, affinity, protocol, targetPort", () => {
  const s: Service = {
    kind: "Service",
    metadata: { name: "s" },
    spec: { ports: [{ port: 80 }, { port: 443, targetPort: "https", protocol: "UDP" }] },
  };
  applyDefaults(s);
  assert.equal(s.spec!.type, "ClusterIP");
  assert.equal(s.spec!.sessionAffinity, "None");
  assert.equal(s.spec!.internalTrafficPolicy, "Cluster");
  assert.equal(s.spec!.ipFamilyPolicy, "SingleStack");
  assert.deepEqual(s.spec!.ipFamilies, ["IPv4"]);
  assert.deepEqual(s.spec!.ports, [
    { port: 80, protocol: "TCP", targetPort: 80 },
    { port: 443, targetPort: "https", protocol: "UDP" },
  ]);
  const np: Service = {
    kind: "Service",
    metadata: { name: "n" },
    spec: { type: "NodePort", sessionAffinity: "ClientIP", clusterIP: "10.0.0.1", ports: [] },
  };
  applyDefaults(np);
  assert.equal(np.spec!.externalTrafficPolicy, "Cluster");
  assert.equal(np.spec!.sessionAffinityConfig!.clientIP!.timeoutSeconds, 10800);
  assert.deepEqual(np.spec!.clusterIPs, ["10.0.0.1"]);
});

Deno.test("replication controller defaults: replicas, selector and labels from template", () => {
  const rc: ReplicationController = {
    kind: "ReplicationController",
    metadata: { name: "rc" },
    spec: {
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "busybox" }] },
      },
    },
  };
  applyDefaults(rc);
  assert.equal(rc.spec!.replicas, 1);
  assert.deepEqual(rc.spec!.selector, { app: "web" });
  assert.deepEqual(rc.metadata.labels, { app: "web" });
  assert.equal(rc.spec!.template!.spec!.restartPolicy, "Always");
  assert.equal(rc.spec!.template!.spec!.containers[0].imagePullPolicy, "Always");
  const zero: ReplicationController = {
    kind: "ReplicationController",
    metadata: { name: "z", labels: { own: "x" } },
    spec: { replicas: 0, selector: { a: "b" }, template: { metadata: { labels: { a: "b" } } } },
  };
  applyDefaults(zero);
  assert.equal(zero.spec!.replicas, 0);
  assert.deepEqual(zero.spec!.selector, { a: "b" });
  assert.deepEqual(zero.metadata.labels, { own: "x" });
});

Deno.test("namespace, node and endpoints defaults; wrong shapes are left alone", () => {
  const ns: KubeObject = { kind: "Namespace", metadata: { name: "team" } };
  applyDefaults(ns);
  assert.deepEqual(ns.status, { phase: "Active" });
  assert.equal(ns.metadata.labels!["kubernetes.io/metadata.name"], "team");
  const node: KubeObject = {
    kind: "Node",
    metadata: { name: "n" },
    status: { capacity: { cpu: "2", memory: "1Gi" } },
  };
  applyDefaults(node);
  assert.deepEqual((node.status as { allocatable: unknown }).allocatable, {
    cpu: "2",
    memory: "1Gi",
  });
  const ep: KubeObject = {
    kind: "Endpoints",
    metadata: { name: "e" },
    subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
  };
  applyDefaults(ep);
  assert.deepEqual(ep.subsets, [{
    addresses: [{ ip: "10.0.0.1" }],
    ports: [{ port: 80, protocol: "TCP" }],
  }]);
  const bad = { kind: "Pod", metadata: { name: "b" }, spec: { containers: "nope" } } as KubeObject;
  applyDefaults(bad);
  assert.equal((bad.spec as { containers: unknown }).containers, "nope");
  const badSvc = { kind: "Service", metadata: { name: "b" }, spec: 5 } as KubeObject;
  applyDefaults(badSvc);
  assert.equal(badSvc.spec, 5);
});

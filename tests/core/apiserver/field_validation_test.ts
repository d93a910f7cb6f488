import assert from "node:assert/strict";
import {
  checkFieldValidation,
  findUnknownFields,
  parseFieldValidation,
} from "../../../core/apiserver/field_validation.ts";

const fullPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web",
    namespace: "default",
    creationTimestamp: null,
    labels: { app: "web" },
    annotations: { "a/b": "c" },
    ownerReferences: [{ apiVersion: "v1", kind: "ReplicationController", name: "r", uid: "u" }],
  },
  spec: {
    containers: [{
      name: "main",
      image: "nginx",
      command: ["sh"],
      args: ["-c", "x"],
      ports: [{ name: "http", containerPort: 80, hostPort: 0, protocol: "TCP" }],
      env: [{ name: "A", value: "1" }, {
        name: "NODE",
        valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
      }],
      resources: { limits: { cpu: "1", memory: "64Mi" }, requests: { cpu: "250m" } },
      volumeMounts: [{ name: "data", mountPath: "/d", readOnly: true }],
      livenessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 3 },
      readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
      lifecycle: { preStop: { exec: { command: ["stop"] } } },
      securityContext: { capabilities: { add: ["NET_ADMIN"] }, runAsUser: 1000 },
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    }],
    volumes: [{ name: "data", emptyDir: {} }, { name: "h", hostPath: { path: "/tmp" } }],
    restartPolicy: "Always",
    dnsPolicy: "ClusterFirst",
    nodeSelector: { disk: "ssd" },
    tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "a", operator: "In", values: ["b"] }] }],
        },
      },
    },
    terminationGracePeriodSeconds: 30,
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }],
    hostIP: "10.0.0.1",
    podIP: "10.1.0.5",
    podIPs: [{ ip: "10.1.0.5" }],
    startTime: "2026-01-01T00:00:00Z",
    containerStatuses: [{
      name: "main",
      ready: true,
      restartCount: 0,
      image: "nginx",
      imageID: "",
      containerID: "docker://x",
      started: true,
      state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
      lastState: {},
    }],
    qosClass: "Burstable",
  },
};

Deno.test("field validation: a complete pod has no unknown fields", () => {
  assert.deepEqual(findUnknownFields("Pod", fullPod), []);
  assert.deepEqual(findUnknownFields("Pod", { ...fullPod, status: {} }), []);
});

Deno.test("field validation: unknown fields are reported with Kubernetes paths", () => {
  const bad = structuredClone(fullPod) as Record<string, unknown> & typeof fullPod;
  (bad.spec as Record<string, unknown>).x = 1;
  (bad.spec.containers[0] as Record<string, unknown>).imagex = "y";
  (bad.spec.containers[0].ports[0] as Record<string, unknown>).port = 1;
  (bad.metadata as Record<string, unknown>).labelz = {};
  bad.top = true;
  assert.deepEqual(findUnknownFields("Pod", bad).sort(), [
    "metadata.labelz",
    "spec.containers[0].imagex",
    "spec.containers[0].ports[0].port",
    "spec.x",
    "top",
  ]);
});

Deno.test("field validation: other kinds", () => {
  const rc = {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "r" },
    spec: {
      replicas: 2,
      selector: { app: "a" },
      template: {
        metadata: { labels: { app: "a" } },
        spec: { containers: [{ name: "c", imagee: "i" }] },
      },
    },
  };
  assert.deepEqual(findUnknownFields("ReplicationController", rc), [
    "spec.template.spec.containers[0].imagee",
  ]);
  const svc = {
    metadata: { name: "s" },
    spec: {
      ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
      selector: { a: "b" },
      foo: 1,
    },
  };
  assert.deepEqual(findUnknownFields("Service", svc), ["spec.foo"]);
  assert.deepEqual(findUnknownFields("Scale", { spec: { replicas: 3 } }), []);
  assert.deepEqual(findUnknownFields("NoSuchKind", { x: 1 }), []);
});

Deno.test("field validation: modes", () => {
  assert.equal(parseFieldValidation(null), "Warn");
  assert.equal(parseFieldValidation("strict"), "Strict");
  assert.throws(() => parseFieldValidation("Loose"), /fieldValidation "Loose" is not supported/);
  const body = { metadata: { name: "p" }, spec: { x: 1, containers: [] } };
  assert.deepEqual(checkFieldValidation("Ignore", "Pod", body), { warnings: [] });
  assert.deepEqual(checkFieldValidation("Warn", "Pod", body), {
    warnings: ['299 - "unknown field \\"spec.x\\""'],
  });
  const strict = checkFieldValidation("Strict", "Pod", body);
  assert.equal(
    strict.error,
    'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x"',
  );
  assert.deepEqual(checkFieldValidation("Strict", "Pod", fullPod), { warnings: [] });
});

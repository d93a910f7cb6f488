import assert from "node:assert/strict";
import {
  V1BETA1_ID_ANNOTATION,
  v1beta1Resource,
  v1beta1ToV1,
  v1ListToV1beta1,
  v1ToV1beta1,
} from "../../../../core/api/v1beta1/convert.ts";
import { applyDefaults } from "../../../../core/api/defaults.ts";
import { validateObject } from "../../../../core/api/validation.ts";
import { isRecord, type JsonRecord } from "../../../../core/api/json_value.ts";
import type { KubeObject } from "../../../../core/api/object.ts";

const FIXTURES = "../../../_fixtures/";

async function fixture(name: string): Promise<JsonRecord> {
  const url = new URL(`${FIXTURES}v1beta1/${name}`, import.meta.url);
  return JSON.parse(await Deno.readTextFile(url));
}

/** The JSON list the seed README prints after `curl …/api/v1beta1/<resource>`. */
async function seedListing(resource: string): Promise<JsonRecord> {
  const readme = await Deno.readTextFile(
    new URL(`${FIXTURES}seed/kubernetes-mesos-README.md`, import.meta.url),
  );
  const at = readme.indexOf(`curl -L \${KUBERNETES_MASTER}/api/v1beta1/${resource}\n`);
  const start = readme.indexOf("```json\n", at) + "```json\n".length;
  return JSON.parse(readme.slice(start, readme.indexOf("\n```", start)));
}

/** Stores the object as the apiserver would: defaults, uid, timestamp, resourceVersion. */
function store(obj: KubeObject, uid: string, created: string, rv: string): KubeObject {
  applyDefaults(obj);
  obj.metadata = { ...obj.metadata, uid, creationTimestamp: created, resourceVersion: rv };
  return obj;
}

function withoutKeys(obj: JsonRecord, ...keys: string[]): JsonRecord {
  const copy = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}

Deno.test("v1beta1 pod fixture → v1: names, labels, containers, probe port, restart policy", async () => {
  const pod = v1beta1ToV1("pods", await fixture("pod-nginx.json"));
  assert.equal(pod.kind, "Pod");
  assert.equal(pod.apiVersion, "v1");
  assert.deepEqual(pod.metadata, {
    name: "nginx-id-01",
    namespace: "default",
    labels: { name: "foo" },
  });
  assert.deepEqual(pod.spec, {
    containers: [{
      name: "nginx-01",
      image: "dockerfile/nginx",
      ports: [{ containerPort: 80, hostPort: 31000, protocol: "TCP" }],
      livenessProbe: { httpGet: { path: "/index.html", port: 8081 }, initialDelaySeconds: 30 },
    }],
    restartPolicy: "Always",
  });
  applyDefaults(pod);
  assert.deepEqual(validateObject(pod), []);
});

Deno.test("v1 pod → the seed README's v1beta1 list item", async () => {
  const pod = store(
    v1beta1ToV1("pods", await fixture("pod-nginx.json")),
    "ba48b2b2-55a7-11e4-8ec3-08002766f5aa",
    "2014-10-17T02:46:00Z",
    "12",
  );
  pod.status = { phase: "Pending" };
  const list = v1ListToV1beta1("pods", {
    kind: "PodList",
    apiVersion: "v1",
    metadata: {},
    items: [pod],
  });
  const seed = await seedListing("pods");
  assert.deepEqual(withoutKeys(list, "items"), withoutKeys(seed, "items"));
  const item = (list.items as JsonRecord[])[0];
  const seedItem = (seed.items as JsonRecord[])[0];
  assert.equal(item.resourceVersion, 12);
  assert.equal(item.namespace, "default");
  assert.equal(item.uid, "ba48b2b2-55a7-11e4-8ec3-08002766f5aa");
  const current = withoutKeys(seedItem.currentState as JsonRecord, "info");
  assert.deepEqual(withoutKeys(item, "resourceVersion", "namespace", "uid"), {
    ...seedItem,
    currentState: current,
  });
  pod.status = { phase: "Running", hostIP: "10.132.189.242", podIP: "172.17.0.13" };
  pod.spec = { ...pod.spec as JsonRecord, nodeName: "10.132.189.242" };
  const running = v1ToV1beta1("pods", pod);
  assert.equal((running.currentState as JsonRecord).status, "Running");
  assert.equal((running.currentState as JsonRecord).host, "10.132.189.242");
  assert.equal((running.currentState as JsonRecord).podIP, "172.17.0.13");
  assert.equal((running.desiredState as JsonRecord).host, "10.132.189.242");
  for (const [phase, word] of [["Succeeded", "Terminated"], ["Failed", "Terminated"]]) {
    pod.status = { phase };
    assert.equal((v1ToV1beta1("pods", pod).currentState as JsonRecord).status, word);
  }
});

Deno.test("v1beta1 replication controller fixture ⇄ v1 matches the seed README listing", async () => {
  const rc = v1beta1ToV1("replicationControllers", await fixture("controller-nginx.json"));
  assert.deepEqual(rc.metadata, {
    name: "nginxController",
    namespace: "default",
    labels: { name: "nginx" },
    annotations: { [V1BETA1_ID_ANNOTATION]: "nginxController" },
  });
  const spec = rc.spec as JsonRecord;
  assert.equal(spec.replicas, 2);
  assert.deepEqual(spec.selector, { name: "nginx" });
  assert.deepEqual((spec.template as JsonRecord).metadata, { labels: { name: "nginx" } });
  applyDefaults(rc);
  // The seed's id has capitals, which today's Kubernetes rejects; the annotation allows them.
  assert.deepEqual(validateObject(rc), []);
  const plain = structuredClone(rc);
  delete plain.metadata.annotations;
  assert.deepEqual(validateObject(plain).map((e) => e.field), ["metadata.name"]);
  assert.deepEqual(validateObject(plain, undefined, { legacyV1beta1: true }), []);
  plain.metadata.name = "bad name";
  assert.equal(validateObject(plain, undefined, { legacyV1beta1: true }).length, 1);
  store(rc, "u-1", "2014-10-17T11:10:29Z", "3");
  rc.status = { replicas: 2 };
  const list = v1ListToV1beta1("replicationControllers", {
    kind: "ReplicationControllerList",
    apiVersion: "v1",
    metadata: { resourceVersion: "7" },
    items: [rc],
  });
  const seed = await seedListing("replicationControllers");
  const items = list.items as JsonRecord[];
  assert.deepEqual(
    { ...list, items: items.map((i) => withoutKeys(i, "namespace", "uid")) },
    seed,
  );
});

Deno.test("v1beta1 service fixture ⇄ v1", async () => {
  const svc = v1beta1ToV1("services", await fixture("service-nginx.json"));
  assert.deepEqual(svc.metadata, {
    name: "nginx-service",
    namespace: "default",
    labels: { name: "nginx" },
  });
  assert.deepEqual(svc.spec, {
    ports: [{ port: 8000, protocol: "TCP", targetPort: 80 }],
    selector: { name: "nginx" },
  });
  store(svc, "u-2", "2014-10-17T11:10:29Z", "9");
  assert.deepEqual(validateObject(svc), []);
  (svc.spec as JsonRecord).clusterIP = "10.10.10.3";
  const back = v1ToV1beta1("services", svc);
  const original = await fixture("service-nginx.json");
  for (const [k, v] of Object.entries(original)) assert.deepEqual(back[k], v, k);
  assert.equal(back.portalIP, "10.10.10.3");
  assert.equal(back.protocol, "TCP");
  assert.equal(back.resourceVersion, 9);
  const named = v1beta1ToV1("services", {
    id: "db",
    port: 5432,
    containerPort: "pg",
    protocol: "UDP",
    portalIP: "10.10.10.9",
    createExternalLoadBalancer: true,
  });
  assert.deepEqual(named.spec, {
    ports: [{ port: 5432, protocol: "UDP", targetPort: "pg" }],
    clusterIP: "10.10.10.9",
  });
  const multi = v1ToV1beta1("services", {
    kind: "Service",
    metadata: { name: "m" },
    spec: { ports: [{ name: "a", port: 1, targetPort: 2 }, { name: "b", port: 3 }] },
  });
  assert.equal(multi.port, 1);
  assert.equal(multi.containerPort, 2);
  assert.deepEqual(multi.ports, [
    { name: "a", port: 1, protocol: "TCP", containerPort: 2 },
    { name: "b", port: 3, protocol: "TCP", containerPort: 3 },
  ]);
});

Deno.test("minions ⇄ nodes: capacity units, hostIP, conditions", () => {
  const node: KubeObject = {
    kind: "Node",
    apiVersion: "v1",
    metadata: { name: "agent-1", labels: { rack: "r1" }, resourceVersion: "4" },
    spec: {},
    status: {
      capacity: { cpu: "2", memory: "4Gi" },
      addresses: [{ type: "InternalIP", address: "10.0.0.7" }],
      conditions: [{ type: "Ready", status: "True", reason: "AgentOffered" }],
    },
  };
  const minion = v1ToV1beta1("minions", node);
  assert.equal(minion.id, "agent-1");
  assert.equal(minion.kind, "Minion");
  assert.equal(minion.hostIP, "10.0.0.7");
  assert.equal(minion.namespace, undefined);
  assert.deepEqual(minion.resources, { capacity: { cpu: 2000, memory: 4294967296 } });
  assert.deepEqual(minion.status, {
    conditions: [{ kind: "Ready", status: "Full", reason: "AgentOffered" }],
    hostIP: "10.0.0.7",
  });
  const back = v1beta1ToV1("minions", minion);
  assert.equal(back.metadata.namespace, undefined);
  assert.deepEqual(back.metadata.labels, { rack: "r1" });
  const status = back.status as JsonRecord;
  assert.deepEqual(status.capacity, { cpu: "2", memory: "4Gi" });
  assert.deepEqual(status.addresses, [{ type: "InternalIP", address: "10.0.0.7" }]);
  assert.deepEqual(status.conditions, [{ type: "Ready", status: "True", reason: "AgentOffered" }]);
  applyDefaults(back);
  assert.deepEqual(validateObject(back), []);
});

Deno.test("v1 pod → v1beta1 → v1 keeps volumes, env, mounts, probes and policies", () => {
  for (const restartPolicy of ["Always", "OnFailure", "Never"]) {
    const pod: KubeObject = {
      kind: "Pod",
      apiVersion: "v1",
      metadata: { name: "p", namespace: "team", labels: { a: "b" } },
      spec: {
        restartPolicy,
        nodeSelector: { disk: "ssd" },
        volumes: [{ name: "scratch", emptyDir: {} }, { name: "host", hostPath: { path: "/tmp" } }],
        containers: [{
          name: "c",
          image: "busybox:1.36",
          command: ["sh", "-c", "sleep 1"],
          env: [{ name: "A", value: "1" }],
          volumeMounts: [{ name: "scratch", mountPath: "/s" }],
          ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
          livenessProbe: { tcpSocket: { port: "http" }, initialDelaySeconds: 5 },
          readinessProbe: { exec: { command: ["true"] } },
          resources: { limits: { cpu: "250m", memory: "64Mi" } },
        }],
      },
    };
    const expected = structuredClone(pod);
    const back = v1beta1ToV1("pods", v1ToV1beta1("pods", pod));
    assert.deepEqual(back.metadata, expected.metadata);
    const c = (back.spec as { containers: JsonRecord[] }).containers[0];
    assert.deepEqual(c.resources, { limits: { cpu: "250m", memory: "67108864" } });
    delete c.resources;
    const want = structuredClone(expected.spec) as { containers: JsonRecord[] };
    delete want.containers[0].resources;
    assert.deepEqual(back.spec, want, restartPolicy);
  }
});

Deno.test("v1beta1 conversion tolerates wrong shapes and resolves URL segments", () => {
  for (
    const body of [{}, { id: 5 }, { desiredState: 3 }, {
      desiredState: { manifest: { containers: "x" } },
    }]
  ) {
    for (const r of ["pods", "replicationControllers", "services", "minions"] as const) {
      const obj = v1beta1ToV1(r, body);
      assert.ok(isRecord(obj.metadata));
      applyDefaults(obj);
      assert.ok(validateObject(obj).length > 0, `${r} ${JSON.stringify(body)}`);
      assert.ok(isRecord(v1ToV1beta1(r, obj)));
    }
  }
  assert.equal(v1beta1Resource("replicationcontrollers"), "replicationControllers");
  assert.equal(v1beta1Resource("minions"), "minions");
  assert.equal(v1beta1Resource("events"), undefined);
});

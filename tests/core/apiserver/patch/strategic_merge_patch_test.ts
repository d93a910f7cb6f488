import assert from "node:assert/strict";
import { PatchError } from "../../../../core/apiserver/patch/patch_error.ts";
import { applyStrategicMergePatch } from "../../../../core/apiserver/patch/strategic_merge_patch.ts";

const pod = () => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a"] },
  spec: {
    containers: [
      {
        name: "main",
        image: "nginx",
        ports: [{ containerPort: 8080, protocol: "TCP" }],
        env: [{ name: "A", value: "1" }, { name: "B", value: "2" }],
      },
      { name: "side", image: "busybox" },
    ],
    volumes: [{ name: "data", emptyDir: {} }],
    tolerations: [{ key: "x", operator: "Exists" }],
  },
});

Deno.test("smp: kubectl's apply patch replaces a container port and relabels", () => {
  const patch = {
    metadata: {
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
      labels: { tier: "web" },
    },
    spec: {
      "$setElementOrder/containers": [{ name: "main" }],
      containers: [{
        name: "main",
        ports: [{ containerPort: 9090 }, { $patch: "delete", containerPort: 8080 }],
      }],
    },
  };
  const original = pod();
  const out = applyStrategicMergePatch(original, patch, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(out.metadata.labels, { app: "web", tier: "web" });
  assert.deepEqual(out.spec.containers[0].ports, [{ containerPort: 9090 }]);
  assert.equal(out.spec.containers[0].image, "nginx");
  assert.equal(out.spec.containers.length, 2, "the container not in the patch stays");
  assert.deepEqual(original, pod(), "the target is not modified");
});

Deno.test("smp: env merges by name, null deletes, new items append", () => {
  const out = applyStrategicMergePatch(pod(), {
    spec: {
      containers: [{ name: "main", env: [{ name: "B", value: "3" }, { name: "C", value: "4" }] }],
    },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(out.spec.containers[0].env, [
    { name: "A", value: "1" },
    { name: "B", value: "3" },
    { name: "C", value: "4" },
  ]);
  const out2 = applyStrategicMergePatch(pod(), { metadata: { labels: { app: null } } }, "Pod");
  assert.deepEqual((out2 as ReturnType<typeof pod>).metadata.labels, {});
});

Deno.test("smp: $patch replace and delete on lists and maps", () => {
  const p = pod();
  const replaced = applyStrategicMergePatch(p, {
    spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(replaced.spec.containers, [{ name: "only", image: "x" }]);
  const deleted = applyStrategicMergePatch(p, {
    spec: { containers: [{ name: "side", $patch: "delete" }] },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(deleted.spec.containers.map((c) => c.name), ["main"]);
  const mapReplace = applyStrategicMergePatch(p, {
    metadata: { labels: { $patch: "replace", only: "x" } },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(mapReplace.metadata.labels, { only: "x" });
  const mapDelete = applyStrategicMergePatch(
    p,
    { metadata: { labels: { $patch: "delete" } } },
    "Pod",
  );
  assert.equal((mapDelete as ReturnType<typeof pod>).metadata.labels, undefined);
});

Deno.test("smp: atomic lists (tolerations) replace; finalizers merge as a set", () => {
  const out = applyStrategicMergePatch(pod(), {
    metadata: { finalizers: ["b", "a"], "$deleteFromPrimitiveList/finalizers": [] },
    spec: { tolerations: [{ key: "y", operator: "Exists" }] },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(out.spec.tolerations, [{ key: "y", operator: "Exists" }]);
  assert.deepEqual(out.metadata.finalizers, ["a", "b"]);
  const removed = applyStrategicMergePatch(pod(), {
    metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(removed.metadata.finalizers, []);
});

Deno.test("smp: $setElementOrder reorders merged items", () => {
  const out = applyStrategicMergePatch(pod(), {
    spec: {
      "$setElementOrder/containers": [{ name: "side" }, { name: "main" }],
      containers: [{ name: "main", image: "nginx:2" }],
    },
  }, "Pod") as ReturnType<typeof pod>;
  assert.deepEqual(out.spec.containers.map((c) => [c.name, c.image]), [
    ["side", "busybox"],
    ["main", "nginx:2"],
  ]);
});

Deno.test("smp: $retainKeys drops volume source fields not retained", () => {
  const out = applyStrategicMergePatch(pod(), {
    spec: {
      volumes: [{ name: "data", $retainKeys: ["name", "hostPath"], hostPath: { path: "/d" } }],
    },
  }, "Pod") as { spec: { volumes: unknown[] } };
  assert.deepEqual(out.spec.volumes, [{ name: "data", hostPath: { path: "/d" } }]);
});

Deno.test("smp: services merge ports by port; maps merge key by key", () => {
  const svc = {
    spec: {
      selector: { app: "a", tier: "b" },
      ports: [{ port: 80, targetPort: 8080 }, { port: 443 }],
    },
  };
  const out = applyStrategicMergePatch(svc, {
    spec: { selector: { app: "z" }, ports: [{ port: 80, targetPort: 9090 }] },
  }, "Service");
  assert.deepEqual(out, {
    spec: {
      selector: { app: "z", tier: "b" },
      ports: [{ port: 80, targetPort: 9090 }, { port: 443 }],
    },
  });
});

Deno.test("smp: rc template containers merge by name", () => {
  const rc = {
    spec: { replicas: 1, template: { spec: { containers: [{ name: "a", image: "1" }] } } },
  };
  const out = applyStrategicMergePatch(rc, {
    spec: { template: { spec: { containers: [{ name: "b", image: "2" }] } } },
  }, "ReplicationController");
  assert.deepEqual(out, {
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: "a", image: "1" }, { name: "b", image: "2" }] } },
    },
  });
});

Deno.test("smp: malformed patches are PatchErrors", () => {
  assert.throws(() => applyStrategicMergePatch(pod(), [1], "Pod"), PatchError);
  assert.throws(
    () => applyStrategicMergePatch(pod(), { spec: { containers: [{ image: "x" }] } }, "Pod"),
    /lacks its merge key "name"/,
  );
  assert.throws(
    () => applyStrategicMergePatch(pod(), { spec: { $patch: "explode" } }, "Pod"),
    /unknown \$patch directive "explode" at spec/,
  );
});

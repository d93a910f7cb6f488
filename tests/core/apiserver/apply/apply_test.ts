import assert from "node:assert/strict";
import type { KubeObject } from "../../../../core/api/object.ts";
import { isApiError } from "../../../../core/api/status.ts";
import { serverSideApply } from "../../../../core/apiserver/apply/apply.ts";
import { recordUpdate } from "../../../../core/apiserver/apply/managed_fields.ts";

const T = "2026-11-25T10:00:00Z";

function svcConfig(ports: number[], labels: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default", labels },
    spec: { selector: { app: "web" }, ports: ports.map((port) => ({ port, targetPort: port })) },
  };
}

/** What the store would do: server metadata, defaults. */
function persist(obj: KubeObject, rv: string): KubeObject {
  const o = structuredClone(obj);
  o.metadata.uid ??= "uid-1";
  o.metadata.resourceVersion = rv;
  const spec = o.spec as { ports?: { protocol?: string }[] };
  for (const p of spec.ports ?? []) p.protocol ??= "TCP";
  return o;
}

function portsOf(o: KubeObject): number[] {
  return (o.spec as { ports: { port: number }[] }).ports.map((p) => p.port);
}

Deno.test("apply: creates with an Apply entry; FieldsV1 shape like Kubernetes", () => {
  const created = serverSideApply(undefined, svcConfig([80], { app: "web" }), {
    manager: "kubectl",
    kind: "Service",
    force: false,
    time: T,
  });
  assert.deepEqual(created.metadata.managedFields, [{
    manager: "kubectl",
    operation: "Apply",
    apiVersion: "v1",
    time: T,
    fieldsType: "FieldsV1",
    fieldsV1: {
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:ports": { 'k:{"port":80}': { ".": {}, "f:port": {}, "f:targetPort": {} } },
        "f:selector": {},
      },
    },
  }]);
});

Deno.test("apply: re-apply removes a port and a label the manager stopped applying", () => {
  const opts = { manager: "kubectl", kind: "Service", force: false, time: T };
  let live = persist(
    serverSideApply(undefined, svcConfig([80, 8080], { app: "web", old: "x" }), opts),
    "1",
  );
  live = persist(
    serverSideApply(live, svcConfig([80, 9090], { app: "web", tier: "b" }), opts),
    "2",
  );
  assert.deepEqual(portsOf(live), [80, 9090]);
  assert.deepEqual(live.metadata.labels, { app: "web", tier: "b" });
  assert.equal(live.metadata.uid, "uid-1");
  assert.equal(live.metadata.managedFields?.length, 1);
});

Deno.test("apply: a field owned by another manager with another value conflicts; force takes it", () => {
  const created = persist(
    recordUpdate(undefined, svcConfig([80], { app: "web" }), {
      manager: "kubectl-create",
      kind: "Service",
      time: T,
    }),
    "1",
  );
  // Same values: shared ownership, no conflict.
  const shared = persist(
    serverSideApply(created, svcConfig([80], { app: "web" }), {
      manager: "mgr2",
      kind: "Service",
      force: false,
      time: T,
    }),
    "2",
  );
  assert.deepEqual(shared.metadata.managedFields?.map((m) => [m.manager, m.operation]), [
    ["kubectl-create", "Update"],
    ["mgr2", "Apply"],
  ]);
  // A different value conflicts.
  const changed = svcConfig([80], { app: "other" });
  assert.throws(
    () =>
      serverSideApply(
        shared,
        changed,
        { manager: "mgr2", kind: "Service", force: false, time: T },
        "services",
      ),
    (e: unknown) => {
      assert.ok(isApiError(e, 409));
      assert.equal(e.status.reason, "Conflict");
      assert.deepEqual(e.status.details?.causes, [{
        reason: "FieldManagerConflict",
        message: 'conflict with "kubectl-create" using v1',
        field: ".metadata.labels.app",
      }]);
      assert.match(
        e.message,
        /^Apply failed with 1 conflict: conflict with "kubectl-create" using v1: \.metadata\.labels\.app$/,
      );
      return true;
    },
  );
  const forced = serverSideApply(shared, changed, {
    manager: "mgr2",
    kind: "Service",
    force: true,
    time: T,
  });
  assert.deepEqual(forced.metadata.labels, { app: "other" });
  const create = forced.metadata.managedFields?.find((m) => m.manager === "kubectl-create");
  assert.equal(JSON.stringify(create?.fieldsV1).includes("f:app"), false, "ownership moved");
});

Deno.test("apply: fields another manager still owns survive when the applier drops them", () => {
  const opts = { manager: "a", kind: "Service", force: false, time: T };
  let live = persist(
    serverSideApply(undefined, svcConfig([80], { app: "web", shared: "1" }), opts),
    "1",
  );
  live = persist(
    serverSideApply(live, svcConfig([80], { shared: "1" }), { ...opts, manager: "b" }),
    "2",
  );
  live = serverSideApply(live, svcConfig([80], { app: "web" }), opts);
  assert.deepEqual(live.metadata.labels, { app: "web", shared: "1" });
});

Deno.test("apply: rc template containers merge by name and ports by containerPort", () => {
  const rc = (port: number, image: string): KubeObject => ({
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "r" },
    spec: {
      replicas: 1,
      selector: { app: "r" },
      template: {
        metadata: { labels: { app: "r" } },
        spec: { containers: [{ name: "main", image, ports: [{ containerPort: port }] }] },
      },
    },
  });
  const opts = { manager: "kubectl", kind: "ReplicationController", force: false, time: T };
  let live = serverSideApply(undefined, rc(8080, "nginx"), opts);
  const c =
    (live.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
      .containers;
  c[0].imagePullPolicy = "IfNotPresent"; // a default nobody applied
  live = persist(live, "1");
  live = serverSideApply(live, rc(9090, "nginx:2"), opts);
  const containers =
    (live.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
      .containers;
  assert.equal(containers.length, 1);
  assert.deepEqual(containers[0].ports, [{ containerPort: 9090 }]);
  assert.equal(containers[0].image, "nginx:2");
  assert.equal(containers[0].imagePullPolicy, "IfNotPresent");
});

Deno.test("managed fields: updates record their manager and take fields from others", () => {
  const v1 = recordUpdate(undefined, svcConfig([80], { app: "web" }), {
    manager: "kubectl-create",
    kind: "Service",
    time: T,
  });
  assert.deepEqual(v1.metadata.managedFields?.map((m) => [m.manager, m.operation]), [[
    "kubectl-create",
    "Update",
  ]]);
  const v2 = structuredClone(v1);
  v2.metadata.labels = { app: "web", tier: "x" };
  recordUpdate(v1, v2, { manager: "kubectl-label", kind: "Service", time: T });
  assert.deepEqual(v2.metadata.managedFields?.map((m) => m.manager), [
    "kubectl-create",
    "kubectl-label",
  ]);
  assert.deepEqual(v2.metadata.managedFields?.[1].fieldsV1, {
    "f:metadata": { "f:labels": { "f:tier": {} } },
  });
  const v3 = structuredClone(v2);
  v3.metadata.labels = { app: "web" };
  recordUpdate(v2, v3, { manager: "kubectl-label", kind: "Service", time: T });
  assert.deepEqual(
    v3.metadata.managedFields?.map((m) => m.manager),
    ["kubectl-create"],
    "a manager owning nothing is dropped",
  );
  const status = structuredClone(v3);
  (status as Record<string, unknown>).status = { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } };
  recordUpdate(v3, status, { manager: "proxy", kind: "Service", subresource: "status", time: T });
  const entry = status.metadata.managedFields?.find((m) => m.manager === "proxy");
  assert.equal(entry?.subresource, "status");
  assert.deepEqual(Object.keys(entry?.fieldsV1 ?? {}), ["f:status"]);
});

Deno.test("apply: several conflicts are listed per manager", () => {
  const live = persist(
    recordUpdate(undefined, svcConfig([80], { app: "web", tier: "a" }), {
      manager: "kubectl-create",
      kind: "Service",
      time: T,
    }),
    "1",
  );
  assert.throws(
    () =>
      serverSideApply(live, svcConfig([80], { app: "x", tier: "b" }), {
        manager: "m",
        kind: "Service",
        force: false,
        time: T,
      }),
    (e: unknown) => {
      assert.ok(isApiError(e, 409));
      assert.equal(
        e.message,
        'Apply failed with 2 conflicts: conflicts with "kubectl-create" using v1:\n' +
          "- .metadata.labels.app\n- .metadata.labels.tier",
      );
      assert.equal(e.status.details?.causes?.length, 2);
      return true;
    },
  );
});

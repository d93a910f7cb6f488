/**
 * RegistrySet's bootstrapObjects: created at start when absent, an operator's changes kept,
 * objects annotated rbac.authorization.kubernetes.io/autoupdate=true reconciled on start.
 */
import assert from "node:assert/strict";
import type { KubeObject } from "../../../core/api/object.ts";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { RegistrySet } from "../../../core/registry/registry_set.ts";

const RBAC_V1 = "rbac.authorization.k8s.io/v1";
const ROLES = "rbac.authorization.k8s.io/clusterroles";

function clusterRole(name: string, verbs: string[], autoupdate: boolean): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: "ClusterRole",
    metadata: {
      name,
      annotations: { "rbac.authorization.kubernetes.io/autoupdate": String(autoupdate) },
    },
    rules: [{ verbs, apiGroups: [""], resources: ["pods"] }],
  };
}

const verbsOf = (o: KubeObject) => (o.rules as { verbs: string[] }[])[0].verbs;

Deno.test("bootstrap objects are created when absent, of any group", async () => {
  const store = new MemoryStore();
  const sa: KubeObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "k8sm-scheduler", namespace: "kube-system" },
  };
  try {
    const set = await RegistrySet.open({
      store,
      bootstrapObjects: [clusterRole("viewer", ["get"], true), sa],
    });
    try {
      assert.deepEqual(verbsOf(await set.must(ROLES).get("", "viewer")), ["get"]);
      const got = await set.must("serviceaccounts").get("kube-system", "k8sm-scheduler");
      assert.equal(got.metadata.namespace, "kube-system");
    } finally {
      await set.close();
    }
  } finally {
    await store.close();
  }
});

Deno.test("on restart, operator changes are kept unless the object says autoupdate", async () => {
  const store = new MemoryStore();
  const given = [clusterRole("auto", ["get"], true), clusterRole("manual", ["get"], false)];
  try {
    const first = await RegistrySet.open({ store, bootstrapObjects: given });
    for (const name of ["auto", "manual"]) {
      await first.must(ROLES).mutate("", name, (cur) => ({
        ...cur,
        rules: [{ verbs: ["get", "delete"], apiGroups: [""], resources: ["pods"] }],
      }), "update");
    }
    await first.close();
    const second = await RegistrySet.open({ store, bootstrapObjects: given });
    try {
      const auto = await second.must(ROLES).get("", "auto");
      assert.deepEqual(verbsOf(auto), ["get"], "autoupdate=true is reconciled");
      assert.deepEqual(verbsOf(await second.must(ROLES).get("", "manual")), ["get", "delete"]);
    } finally {
      await second.close();
    }
  } finally {
    await store.close();
  }
});

Deno.test("a bootstrap object of an unserved kind stops the start with a clear error", async () => {
  const store = new MemoryStore();
  try {
    await assert.rejects(
      RegistrySet.open({
        store,
        bootstrapObjects: [{ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "x" } }],
      }),
      /bootstrap object ResourceQuota x has apiVersion v1 and kind ResourceQuota, which this apiserver does not serve/,
    );
  } finally {
    await store.close();
  }
});

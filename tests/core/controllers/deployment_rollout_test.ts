/**
 * The RollingUpdate arithmetic: maxSurge rounds up and maxUnavailable down (never both 0), how
 * far the new ReplicaSet grows, and which old ReplicaSets shrink (unhealthy pods first, never
 * below replicas − maxUnavailable available).
 */
import assert from "node:assert/strict";
import type { Deployment, ReplicaSet } from "../../../core/api/types/apps.ts";
import {
  newReplicaSetReplicas,
  oldScaleDowns,
  surgeAndUnavailable,
} from "../../../core/controllers/deployment_rollout.ts";

function d(replicas: number, maxSurge: number | string, maxUnavailable: number | string) {
  return {
    metadata: { name: "d" },
    spec: {
      replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
    },
  } as Deployment;
}

function rs(name: string, replicas: number, available: number, revision: number): ReplicaSet {
  return {
    metadata: { name, annotations: { "deployment.kubernetes.io/revision": String(revision) } },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  };
}

Deno.test("rollout: percentages round surge up and unavailable down; both 0 becomes 1 unavailable", () => {
  assert.deepEqual(surgeAndUnavailable(d(10, "25%", "25%")), { surge: 3, unavailable: 2 });
  assert.deepEqual(surgeAndUnavailable(d(3, "25%", "25%")), { surge: 1, unavailable: 0 });
  assert.deepEqual(surgeAndUnavailable(d(4, 0, 0)), { surge: 0, unavailable: 1 });
  assert.deepEqual(surgeAndUnavailable(d(2, 1, 5)), { surge: 1, unavailable: 2 });
});

Deno.test("rollout: the new ReplicaSet grows up to replicas + maxSurge pods in all", () => {
  const dep = d(6, 1, 1);
  const old = rs("old", 6, 6, 1);
  assert.equal(newReplicaSetReplicas(dep, [old, rs("new", 0, 0, 2)], 0), 1);
  assert.equal(newReplicaSetReplicas(dep, [rs("old", 5, 5, 1), rs("new", 1, 0, 2)], 1), 2);
  assert.equal(newReplicaSetReplicas(dep, [rs("old", 0, 0, 1), rs("new", 8, 8, 2)], 8), 6);
});

Deno.test("rollout: old ReplicaSets shrink within maxUnavailable, unhealthy pods first", () => {
  const dep = d(6, 1, 1);
  // 6 old available, 1 new not yet available: only 1 old pod may go (7 − 5 − 1).
  assert.deepEqual(
    [...oldScaleDowns(dep, rs("new", 1, 0, 2), [rs("old", 6, 6, 1)])],
    [["old", 5]],
  );
  // The new pod became available: one more may go.
  assert.deepEqual(
    [...oldScaleDowns(dep, rs("new", 2, 1, 2), [rs("old", 5, 5, 1)])],
    [["old", 4]],
  );
  // Unavailable old pods are removed first, even beyond the availability budget.
  assert.deepEqual(
    [...oldScaleDowns(dep, rs("new", 1, 0, 2), [rs("old", 6, 3, 1)])],
    [["old", 5]],
  );
  // Nothing to spare: no scale-down.
  assert.equal(oldScaleDowns(d(6, 0, 1), rs("new", 1, 0, 2), [rs("old", 5, 5, 1)]).size, 0);
});

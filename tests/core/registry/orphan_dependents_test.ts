/**
 * Orphan deletion through HTTP: deleting a ReplicationController with propagationPolicy
 * Orphan (body or query) takes its ownerReference off its pods; other policies leave them.
 */
import assert from "node:assert/strict";
import {
  jsonBody,
  startTestApiServer,
  type TestApiServer,
  testPod,
} from "../../_helpers/apiserver.ts";

const NS = "/api/v1/namespaces/default";

interface Meta {
  uid?: string;
  ownerReferences?: { uid: string; name: string }[];
}

async function rcWithPods(s: TestApiServer, name: string, pods: string[]): Promise<string> {
  const rc = await s.json(
    `${NS}/replicationcontrollers`,
    jsonBody("POST", {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { app: name },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: "main", image: "busybox" }] },
        },
      },
    }),
  );
  assert.equal(rc.status, 201);
  const uid = (rc.body.metadata as Meta).uid ?? "";
  for (const p of pods) {
    const pod = testPod(p, { app: name });
    const metadata = pod.metadata as Record<string, unknown>;
    metadata.ownerReferences = [
      { apiVersion: "v1", kind: "ReplicationController", name, uid, controller: true },
      { apiVersion: "v1", kind: "ConfigMap", name: "other", uid: "other-uid" },
    ];
    assert.equal((await s.json(`${NS}/pods`, jsonBody("POST", pod))).status, 201);
  }
  return uid;
}

async function ownersOf(s: TestApiServer, pod: string): Promise<string[]> {
  const r = await s.json(`${NS}/pods/${pod}`);
  assert.equal(r.status, 200);
  return ((r.body.metadata as Meta).ownerReferences ?? []).map((o) => o.uid);
}

Deno.test("orphan delete: body and query propagationPolicy=Orphan take the owner off its pods", async () => {
  const s = await startTestApiServer();
  try {
    const uidA = await rcWithPods(s, "a", ["a-1", "a-2"]);
    const uidB = await rcWithPods(s, "b", ["b-1"]);
    const del = await s.json(
      `${NS}/replicationcontrollers/a`,
      jsonBody("DELETE", { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Orphan" }),
    );
    assert.equal(del.status, 200);
    assert.equal((await s.json(`${NS}/replicationcontrollers/a`)).status, 404);
    assert.deepEqual(await ownersOf(s, "a-1"), ["other-uid"]);
    assert.deepEqual(await ownersOf(s, "a-2"), ["other-uid"]);
    assert.deepEqual(await ownersOf(s, "b-1"), [uidB, "other-uid"]);
    assert.notEqual(uidA, uidB);

    const q = await s.json(`${NS}/replicationcontrollers/b?propagationPolicy=Orphan`, {
      method: "DELETE",
    });
    assert.equal(q.status, 200);
    assert.deepEqual(await ownersOf(s, "b-1"), ["other-uid"]);
  } finally {
    await s.stop();
  }
});

Deno.test("orphan delete: Background keeps the ownerReferences; unknown policies are refused", async () => {
  const s = await startTestApiServer();
  try {
    const uid = await rcWithPods(s, "c", ["c-1"]);
    const bad = await s.json(`${NS}/replicationcontrollers/c?propagationPolicy=Sideways`, {
      method: "DELETE",
    });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /Orphan, Background, Foreground/);
    assert.equal((await s.json(`${NS}/replicationcontrollers/c`)).status, 200);

    const del = await s.json(
      `${NS}/replicationcontrollers/c`,
      jsonBody("DELETE", { propagationPolicy: "Background" }),
    );
    assert.equal(del.status, 200);
    assert.deepEqual(await ownersOf(s, "c-1"), [uid, "other-uid"]);
  } finally {
    await s.stop();
  }
});

import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import type { ReplicationController } from "../../../core/api/types/replication_controller.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";

const RCS = { resource: "replicationcontrollers", namespace: "default" };

function rc(
  name: string,
  replicas: number,
  labels: Record<string, string> = { app: name },
): ReplicationController {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: {
      replicas,
      selector: labels,
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "web", image: "busybox", ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

async function scale(env: ControllerEnv, name: string, replicas: number): Promise<void> {
  await env.client.patch({ ...RCS, name }, { spec: { replicas } }, "merge");
}

async function waitPods(env: ControllerEnv, selector: string, n: number): Promise<Pod[]> {
  return await waitFor(async () => {
    const pods = (await env.pods(selector)).filter((p) => !p.metadata.deletionTimestamp);
    return pods.length === n ? pods : undefined;
  }, { what: `${n} pods matching ${selector}`, timeoutMs: 15_000 });
}

Deno.test("replication manager creates owned pods, writes status and scales both ways", async () => {
  const env = await startControllerEnv();
  try {
    const created = await env.client.create<ReplicationController>(
      RCS,
      rc("nginx-controller", 3, { name: "nginx" }),
    );
    const pods = await waitPods(env, "name=nginx", 3);
    for (const p of pods) {
      assert.match(p.metadata.name ?? "", /^nginx-controller-[a-z0-9]+$/);
      const ref = p.metadata.ownerReferences?.[0];
      assert.equal(ref?.kind, "ReplicationController");
      assert.equal(ref?.uid, created.metadata.uid);
      assert.equal(ref?.controller, true);
    }
    const st = await waitFor(async () => {
      const r = await env.client.get<ReplicationController>({ ...RCS, name: "nginx-controller" });
      return r.status?.replicas === 3 ? r.status : undefined;
    }, { what: "status.replicas 3" });
    assert.equal(st.observedGeneration, created.metadata.generation);
    assert.equal(st.readyReplicas, 0);
    const events = await waitFor(async () => {
      const l = await env.client.list<
        { metadata: object; reason?: string; involvedObject?: { name?: string } }
      >(
        { resource: "events", namespace: "default" },
      );
      const mine = l.items.filter((e) =>
        e.reason === "SuccessfulCreate" && e.involvedObject?.name === "nginx-controller"
      );
      return mine.length === 3 ? mine : undefined;
    }, { what: "3 SuccessfulCreate events" });
    assert.equal(events.length, 3);
    await scale(env, "nginx-controller", 5);
    await waitPods(env, "name=nginx", 5);
    await scale(env, "nginx-controller", 1);
    await waitPods(env, "name=nginx", 1);
    const after = await waitFor(async () => {
      const r = await env.client.get<ReplicationController>({ ...RCS, name: "nginx-controller" });
      return r.status?.replicas === 1 && r.status.observedGeneration === r.metadata.generation
        ? r
        : undefined;
    }, { what: "status after scale down" });
    assert.equal(after.status?.replicas, 1);
  } finally {
    await env.stop();
  }
});

Deno.test("replication manager never over-creates: exactly `replicas` pods are ever made", async () => {
  const env = await startControllerEnv();
  const seen = new Set<string>();
  const abort = new AbortController();
  const watching = (async () => {
    for await (
      const ev of env.client.watch<Pod>({ resource: "pods", namespace: "default" }, {
        labelSelector: "app=burst",
      }, abort.signal)
    ) {
      if (ev.type === "ADDED") seen.add(ev.object.metadata.name ?? "");
    }
  })();
  try {
    await env.client.create(RCS, rc("burst", 40));
    await waitPods(env, "app=burst", 40);
    await waitFor(() => env.cm.replication?.queueLength === 0, { what: "an idle queue" });
    await waitFor(async () => {
      const r = await env.client.get<ReplicationController>({ ...RCS, name: "burst" });
      return r.status?.replicas === 40;
    }, { what: "status.replicas 40" });
    assert.equal((await env.pods("app=burst")).length, 40);
    await waitFor(() => seen.size === 40, { what: "40 ADDED events" });
    assert.equal(seen.size, 40);
  } finally {
    abort.abort();
    await watching.catch(() => {});
    await env.stop();
  }
});

Deno.test("surplus pods are deleted unscheduled first, then not ready, keeping ready ones", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(RCS, rc("pick", 3));
    const pods = await waitPods(env, "app=pick", 3);
    const [ready, notReady, unscheduled] = pods.map((p) => p.metadata.name ?? "");
    await env.runPod(ready, { ready: true });
    await env.runPod(notReady, { ready: false });
    await waitFor(async () => {
      const r = await env.client.get<ReplicationController>({ ...RCS, name: "pick" });
      return r.status?.readyReplicas === 1;
    }, { what: "readyReplicas 1" });
    await scale(env, "pick", 2);
    const two = await waitPods(env, "app=pick", 2);
    assert.deepEqual(two.map((p) => p.metadata.name).sort(), [ready, notReady].sort());
    assert.ok(!two.some((p) => p.metadata.name === unscheduled));
    await scale(env, "pick", 1);
    const one = await waitPods(env, "app=pick", 1);
    assert.equal(one[0].metadata.name, ready);
  } finally {
    await env.stop();
  }
});

Deno.test("orphans matching the selector are adopted; pods that stop matching are released", async () => {
  const env = await startControllerEnv();
  try {
    const orphan = await env.client.create<Pod>({ resource: "pods", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "orphan", labels: { app: "adopt" } },
      spec: { containers: [{ name: "web", image: "busybox" }] },
    });
    const owner = await env.client.create<ReplicationController>(RCS, rc("adopt", 2));
    const pods = await waitPods(env, "app=adopt", 2);
    const adopted = await waitFor(async () => {
      const p = await env.client.get<Pod>({
        resource: "pods",
        namespace: "default",
        name: "orphan",
      });
      return p.metadata.ownerReferences?.length ? p : undefined;
    }, { what: "the orphan adopted" });
    assert.equal(adopted.metadata.ownerReferences?.[0].uid, owner.metadata.uid);
    assert.equal(adopted.metadata.uid, orphan.metadata.uid);
    assert.ok(pods.some((p) => p.metadata.name === "orphan"));
    // Relabel it: it is released and replaced.
    await env.client.patch(
      { resource: "pods", namespace: "default", name: "orphan" },
      { metadata: { labels: { app: "elsewhere" } } },
      "merge",
    );
    const released = await waitFor(async () => {
      const p = await env.client.get<Pod>({
        resource: "pods",
        namespace: "default",
        name: "orphan",
      });
      return p.metadata.ownerReferences ? undefined : p;
    }, { what: "the pod released" });
    assert.equal(released.metadata.labels?.app, "elsewhere");
    const now = await waitPods(env, "app=adopt", 2);
    assert.ok(!now.some((p) => p.metadata.name === "orphan"));
  } finally {
    await env.stop();
  }
});

Deno.test("a Failed pod is replaced, and deleting the RC deletes its pods", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(RCS, rc("phoenix", 2));
    const pods = await waitPods(env, "app=phoenix", 2);
    const victim = pods[0];
    const ref = { resource: "pods", namespace: "default", name: victim.metadata.name };
    await env.client.update({ ...ref, subresource: "status" }, {
      ...victim,
      status: { phase: "Failed", reason: "TaskLost", message: "the Mesos task was lost" },
    });
    const replaced = await waitFor(async () => {
      const now = await env.pods("app=phoenix");
      return now.length === 2 && !now.some((p) => p.metadata.name === victim.metadata.name)
        ? now
        : undefined;
    }, { what: "the Failed pod replaced" });
    assert.equal(replaced.length, 2);
    await env.client.delete({ ...RCS, name: "phoenix" });
    await waitPods(env, "app=phoenix", 0);
    assert.deepEqual(await env.pods("app=phoenix"), []);
  } finally {
    await env.stop();
  }
});

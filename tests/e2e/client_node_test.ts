/**
 * Acceptance 2 of issue 3: @kubernetes/client-node 2.0.1 under Deno against a real apiserver
 * (memory store, free port): list, create, merge-patch and delete a pod; an informer sees add,
 * update and delete, and still sees them after an idle watch longer than client-node's watch
 * inactivity abort, which the server's newline heartbeat defeats. Both are scaled down (the
 * client's 30 s abort to 2 s, the server's 15 s heartbeat to 250 ms) so the test idles 5 s, not
 * 65; a control watch on a server with a slow heartbeat shows the shortened abort is real.
 */
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { startTestApiServer } from "../_helpers/apiserver.ts";

/** client-node's watch inactivity abort for these tests (its default is 30 s). */
const CLIENT_ABORT_MS = 2_000;
/** The server's idle-watch heartbeat (default 15 s), well inside CLIENT_ABORT_MS. */
const HEARTBEAT_MS = 250;
/** How long the informer's watch stays idle: over twice the client's abort. */
const IDLE_MS = 5_000;
const PODS = "/api/v1/namespaces/default/pods";

/** A client-node Watch whose inactivity abort is `ms` (its private requestTimeoutMs). */
function shortWatch(kc: k8s.KubeConfig, ms: number): k8s.Watch {
  return Object.assign(new k8s.Watch(kc), { requestTimeoutMs: ms });
}

function kubeConfig(server: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "t", server, skipTLSVerify: true }],
    users: [{ name: "u" }],
    contexts: [{ name: "t", cluster: "t", user: "u" }],
    currentContext: "t",
  });
  return kc;
}

function pod(name: string): k8s.V1Pod {
  // No apiVersion/kind, as client-node users often write it: the server fills them in.
  return {
    metadata: { name, labels: { app: "cn" } },
    spec: { containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"] }] },
  };
}

/** Waits until `pred` holds, re-checking on every informer event, with a deadline. */
function waiter() {
  const listeners = new Set<() => void>();
  return {
    notify: () => listeners.forEach((l) => l()),
    until(pred: () => boolean, what: string, ms = 20_000): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
        }, ms);
        listeners.add(check);
      });
    },
  };
}

Deno.test({
  name: "client-node: CRUD, merge patch, and an informer that survives an idle watch",
  // undici (inside client-node) keeps pooled sockets and timers beyond our control.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestApiServer("memory", { heartbeatMs: HEARTBEAT_MS });
    const kc = kubeConfig(server.url);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const w = waiter();
    // What k8s.makeInformer builds, with the shortened inactivity abort.
    const informer = new k8s.ListWatch(
      PODS,
      shortWatch(kc, CLIENT_ABORT_MS),
      () => core.listNamespacedPod({ namespace: "default" }),
      false,
    );
    const record = (type: string) => (obj: k8s.V1Pod) => {
      events.push(`${type} ${obj.metadata?.name} ${obj.metadata?.labels?.stage ?? "-"}`);
      w.notify();
    };
    informer.on("add", record("add"));
    informer.on("update", record("update"));
    informer.on("delete", record("delete"));
    informer.on("error", (err: unknown) => {
      events.push(`error ${String(err)}`);
      w.notify();
    });
    try {
      const empty = await core.listNamespacedPod({ namespace: "default" });
      assert.equal(empty.items.length, 0);
      await informer.start();

      const roundTrip = async (name: string) => {
        const created = await core.createNamespacedPod({ namespace: "default", body: pod(name) });
        assert.equal(created.metadata?.name, name);
        assert.ok(created.metadata?.creationTimestamp instanceof Date);
        const listed = await core.listNamespacedPod({
          namespace: "default",
          labelSelector: "app=cn",
        });
        assert.deepEqual(listed.items.map((p) => p.metadata?.name), [name]);
        await w.until(() => events.includes(`add ${name} -`), `the informer's add of ${name}`);

        const patched = await core.patchNamespacedPod(
          { namespace: "default", name, body: { metadata: { labels: { stage: "patched" } } } },
          k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
        );
        assert.equal(patched.metadata?.labels?.stage, "patched");
        assert.equal(patched.metadata?.labels?.app, "cn");
        await w.until(
          () => events.includes(`update ${name} patched`),
          `the informer's update of ${name}`,
        );

        await core.deleteNamespacedPod({ namespace: "default", name, gracePeriodSeconds: 0 });
        await w.until(
          () => events.some((e) => e.startsWith(`delete ${name}`)),
          `the informer's delete of ${name}`,
        );
        const after = await core.listNamespacedPod({ namespace: "default" });
        assert.equal(after.items.length, 0);
      };

      await roundTrip("cn-1");
      // Idle for longer than client-node's watch inactivity abort (twice over). The idle time
      // is the scenario itself, not a wait for something to happen.
      await new Promise((r) => setTimeout(r, IDLE_MS));
      await roundTrip("cn-2");
      assert.deepEqual(events.filter((e) => e.startsWith("error")), []);
    } finally {
      await informer.stop();
      await server.stop();
    }
  },
});

Deno.test({
  name: "client-node: without heartbeats inside it, the shortened inactivity abort ends a watch",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Under Deno the aborted watch never calls `done`: it just stops delivering events. So
    // the proof is a pod created after the abort whose ADDED event never comes.
    const server = await startTestApiServer("memory", { heartbeatMs: 60_000 });
    try {
      const seen: string[] = [];
      const watch = shortWatch(kubeConfig(server.url), CLIENT_ABORT_MS);
      await watch.watch(PODS, {}, (type: string) => seen.push(type), () => {});
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const created = await server.json(PODS, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiVersion: "v1", kind: "Pod", ...pod("late") }),
      });
      assert.equal(created.status, 201);
      // A live watch delivers the event within milliseconds (the test above waits on it).
      await new Promise((r) => setTimeout(r, 2_000));
      assert.deepEqual(seen, [], "the watch was aborted for inactivity before the pod came");
    } finally {
      await server.stop();
    }
  },
});

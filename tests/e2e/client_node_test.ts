/**
 * Acceptance 2 of issue 3: @kubernetes/client-node 2.0.1 under Deno against a real apiserver
 * (memory store, free port): list, create, merge-patch and delete a pod; an informer sees add,
 * update and delete, and still sees them after more than 60 s of idle watch (longer than
 * client-node's 30 s inactivity abort, which the server's 15 s newline heartbeat defeats).
 */
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { startTestApiServer } from "../_helpers/apiserver.ts";

const IDLE_MS = 65_000;

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
  name: "client-node: CRUD, merge patch, and an informer that survives 60 s idle",
  // undici (inside client-node) keeps pooled sockets and timers beyond our control.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestApiServer("memory");
    const kc = kubeConfig(server.url);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const w = waiter();
    const informer = k8s.makeInformer(
      kc,
      "/api/v1/namespaces/default/pods",
      () => core.listNamespacedPod({ namespace: "default" }),
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
      // Idle for longer than client-node's 30 s watch inactivity abort (twice over).
      await new Promise((r) => setTimeout(r, IDLE_MS));
      await roundTrip("cn-2");
      assert.deepEqual(events.filter((e) => e.startsWith("error")), []);
    } finally {
      await informer.stop();
      await server.stop();
    }
  },
});

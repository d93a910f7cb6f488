/**
 * Real kubectl against Deployments (apiserver + controller-manager, a fake kubelet making pods
 * Ready): create deployment, rollout status/history/undo/pause/resume/restart, set image,
 * scale, the kube table columns, and delete with and without --cascade=orphan.
 */
import assert from "node:assert/strict";
import type { Deployment, ReplicaSet } from "../../core/api/types/apps.ts";
import { waitFor } from "../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../_helpers/controller_env.ts";
import { startFakeKubelet } from "../_helpers/fake_kubelet.ts";
import { requires } from "../_helpers/requirements.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

const DEPLOY = { resource: "deployments", namespace: "default", groupVersion: "apps/v1" };
const RS = { resource: "replicasets", namespace: "default", groupVersion: "apps/v1" };

async function images(env: ControllerEnv, app: string): Promise<string[]> {
  const pods = (await env.pods(`app=${app}`)).filter((p) => !p.metadata.deletionTimestamp);
  return pods.map((p) => p.spec?.containers[0].image ?? "").sort();
}

async function podsWithImage(env: ControllerEnv, app: string, image: string, n: number) {
  await waitFor(async () => {
    const now = await images(env, app);
    return now.length === n && now.every((i) => i === image);
  }, { what: `${n} ${app} pods of ${image}`, timeoutMs: 30_000 });
}

Deno.test({
  name:
    "kubectl: create deployment, rollout status/history/undo/pause/resume/restart, set image, scale",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    const kubelet = await startFakeKubelet(env.client);
    const kubectl = await KubectlRunner.create(env.api.url);
    const status = () => kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s");
    try {
      assert.match(
        await kubectl.ok("create", "deployment", "web", "--image=busybox:1", "--replicas=3"),
        /deployment.apps\/web created/,
      );
      assert.match(await status(), /deployment "web" successfully rolled out/);
      const table = await kubectl.ok("get", "deployment", "web");
      assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
      assert.match(table, /\nweb\s+3\/3\s+3\s+3\s+/);
      assert.match(await kubectl.ok("get", "rs"), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n/);

      assert.match(
        await kubectl.ok("set", "image", "deployment/web", "busybox=busybox:2"),
        /image updated/,
      );
      assert.match(await status(), /successfully rolled out/);
      await podsWithImage(env, "web", "busybox:2", 3);
      const history = await kubectl.ok("rollout", "history", "deployment/web");
      assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

      assert.match(await kubectl.ok("rollout", "undo", "deployment/web"), /rolled back/);
      assert.match(await status(), /successfully rolled out/);
      await podsWithImage(env, "web", "busybox:1", 3);

      assert.match(await kubectl.ok("scale", "deployment", "web", "--replicas=5"), /scaled/);
      await podsWithImage(env, "web", "busybox:1", 5);

      assert.match(await kubectl.ok("rollout", "pause", "deployment/web"), /paused/);
      await kubectl.ok("set", "image", "deployment/web", "busybox=busybox:3");
      await waitFor(async () => {
        const d = await env.client.get<Deployment>({ ...DEPLOY, name: "web" });
        return (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
      }, { what: "the paused change observed" });
      const rss = (await env.client.list<ReplicaSet>(RS)).items;
      assert.ok(
        !rss.some((r) => r.spec?.template?.spec?.containers[0].image === "busybox:3"),
        "a paused deployment does not roll out",
      );
      assert.match(await kubectl.ok("rollout", "resume", "deployment/web"), /resumed/);
      assert.match(await status(), /successfully rolled out/);
      await podsWithImage(env, "web", "busybox:3", 5);

      const before = (await env.client.list<ReplicaSet>(RS)).items.length;
      assert.match(await kubectl.ok("rollout", "restart", "deployment/web"), /restarted/);
      assert.match(await status(), /successfully rolled out/);
      assert.equal((await env.client.list<ReplicaSet>(RS)).items.length, before + 1);
    } finally {
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

Deno.test({
  name: "kubectl: delete deployment removes its ReplicaSets and pods; --cascade=orphan keeps them",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    const kubelet = await startFakeKubelet(env.client);
    const kubectl = await KubectlRunner.create(env.api.url);
    try {
      await kubectl.ok("create", "deployment", "gone", "--image=busybox", "--replicas=2");
      await kubectl.ok("create", "deployment", "keep", "--image=busybox", "--replicas=2");
      await kubectl.ok("rollout", "status", "deployment/gone", "--timeout=60s");
      await kubectl.ok("rollout", "status", "deployment/keep", "--timeout=60s");
      await kubectl.ok("delete", "deployment", "gone");
      await kubectl.ok("delete", "deployment", "keep", "--cascade=orphan");
      await waitFor(async () => (await env.pods("app=gone")).length === 0, {
        what: "the gone pods collected",
        timeoutMs: 20_000,
      });
      const rss = (await env.client.list<ReplicaSet>(RS)).items;
      assert.deepEqual(rss.map((r) => r.metadata.labels?.app), ["keep"]);
      assert.equal(rss[0].metadata.ownerReferences, undefined);
      assert.equal((await env.pods("app=keep")).length, 2);
      const foreground = await kubectl.run(
        "delete",
        "rs",
        rss[0].metadata.name ?? "",
        "--cascade=foreground",
      );
      assert.equal(foreground.code, 0, foreground.stderr);
      await waitFor(async () => (await env.pods("app=keep")).length === 0, {
        what: "the keep pods deleted in the foreground",
      });
    } finally {
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

Deno.test({
  name:
    "kubectl: rollout undo --to-revision reuses that ReplicaSet (history 1,3,4) and annotate change-cause shows in history",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    const kubelet = await startFakeKubelet(env.client);
    const kubectl = await KubectlRunner.create(env.api.url);
    const status = () => kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s");
    try {
      await kubectl.ok("create", "deployment", "web", "--image=busybox:1", "--replicas=2");
      await status();
      for (const tag of ["2", "3"]) {
        await kubectl.ok("set", "image", "deployment/web", `busybox=busybox:${tag}`);
        await status();
      }
      await kubectl.ok("annotate", "deployment/web", "kubernetes.io/change-cause=moved to 3");
      await waitFor(async () => {
        const history = await kubectl.ok("rollout", "history", "deployment/web");
        return /\n3\s+moved to 3\n/.test(history);
      }, { what: "the change-cause of revision 3 in rollout history" });

      assert.match(
        await kubectl.ok("rollout", "undo", "deployment/web", "--to-revision=2"),
        /rolled back/,
      );
      await status();
      await podsWithImage(env, "web", "busybox:2", 2);
      const rss = (await env.client.list<ReplicaSet>(RS)).items;
      assert.equal(rss.length, 3, "undo reuses the revision-2 ReplicaSet");
      const history = await kubectl.ok("rollout", "history", "deployment/web");
      const revisions = [...history.matchAll(/^(\d+)\s/gm)].map((m) => m[1]);
      assert.deepEqual(revisions, ["1", "3", "4"]);
    } finally {
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

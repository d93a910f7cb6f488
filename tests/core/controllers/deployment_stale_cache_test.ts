/**
 * The Deployment controller whose ReplicaSet informer has not shown the ReplicaSet it created:
 * creating it again answers AlreadyExists, and the controller must take that ReplicaSet (the
 * API says it is its own, with the same template) rather than count a hash collision and
 * create a second new ReplicaSet beside it (two new ReplicaSets would each get the surge pod).
 */
import assert from "node:assert/strict";
import type { Deployment, ReplicaSet } from "../../../core/api/types/apps.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { Informer, objectKey } from "../../../core/client/informer.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { DeploymentController } from "../../../core/controllers/deployment_controller.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

const DEPLOY = { resource: "deployments", namespace: "default", groupVersion: "apps/v1" };
const RS = { resource: "replicasets", namespace: "default", groupVersion: "apps/v1" };

Deno.test("deployment: a new ReplicaSet the informer has not shown yet is not taken for a hash collision", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const deployments = new Informer<Deployment>(client, { ref: DEPLOY });
  // An informer that lags forever: its selector matches none of the ReplicaSets.
  const replicaSets = new Informer<ReplicaSet>(client, { ref: RS, labelSelector: "lagging=yes" });
  const pods = new Informer<Pod>(client, { ref: { resource: "pods", namespace: "default" } });
  const controller = new DeploymentController({ client, deployments, replicaSets, pods });
  for (const i of [deployments, replicaSets, pods]) i.start();
  try {
    await Promise.all([deployments, replicaSets, pods].map((i) => i.waitForSync()));
    const created = await client.create<Deployment>(DEPLOY, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: "web" } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "main", image: "busybox" }] },
        },
      },
    });
    const key = objectKey(created);
    // Each sync sees the Deployment as the API last wrote it (this controller writes it too).
    const caughtUp = async () => {
      const now = await client.get<Deployment>({ ...DEPLOY, name: "web" });
      await waitFor(
        () => deployments.get(key)?.metadata.resourceVersion === now.metadata.resourceVersion,
        { what: `the deployment informer at resourceVersion ${now.metadata.resourceVersion}` },
      );
    };
    for (let i = 0; i < 3; i++) {
      await caughtUp();
      await controller.sync(key);
    }
    const rss = (await client.list<ReplicaSet>(RS)).items;
    assert.deepEqual(rss.map((rs) => rs.spec?.replicas), [6], "one ReplicaSet of 6");
    const d = await client.get<Deployment>({ ...DEPLOY, name: "web" });
    assert.equal(d.status?.collisionCount, undefined, "no hash collision counted");
    assert.equal(d.metadata.annotations?.["deployment.kubernetes.io/revision"], "1");
  } finally {
    await controller.stop();
    for (const i of [deployments, replicaSets, pods]) await i.stop();
    client.close();
    await api.stop();
  }
});

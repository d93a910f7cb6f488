/**
 * Deployment benchmark (`deno run -A tests/bench/deployment_bench.ts [replicas]`, default
 * 500): a Deployment of that many replicas is created, then rolled to a new template
 * (RollingUpdate 25%/25%). Reports the time until every replica is Ready and the rollout's
 * time, and their ratio. The apiserver (sqlite, in this process) and the controller-manager
 * are real; pods are made Running and Ready by a fake kubelet through the API, so the figures
 * measure the controllers and the apiserver, not Mesos or process start-up.
 */
import { figure } from "./figures.ts";
import { startControllerManager } from "../../core/controllers/controller_manager.ts";
import type { Deployment } from "../../core/api/types/apps.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { startFakeKubelet } from "../_helpers/fake_kubelet.ts";

const REPLICAS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 500);
const DEPLOY = { resource: "deployments", namespace: "default", groupVersion: "apps/v1" };

async function rolledOut(client: RestClient, image: string): Promise<void> {
  await waitFor(async () => {
    const d = await client.get<Deployment>({ ...DEPLOY, name: "bench" });
    const s = d.status ?? {};
    return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      s.updatedReplicas === REPLICAS && s.replicas === REPLICAS &&
      s.availableReplicas === REPLICAS &&
      d.spec?.template?.spec?.containers[0].image === image;
  }, { what: `${REPLICAS} replicas of ${image} ready`, timeoutMs: 600_000, intervalMs: 100 });
}

const api = await startTestApiServer("sqlite");
const client = new RestClient({ server: api.url });
const cm = startControllerManager({ api: { server: api.url } });
await cm.leading;
const kubelet = await startFakeKubelet(client);
try {
  const t0 = performance.now();
  await client.create(DEPLOY, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "bench" },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: "bench" } },
      template: {
        metadata: { labels: { app: "bench" } },
        spec: { containers: [{ name: "main", image: "busybox:1" }] },
      },
    },
  });
  await rolledOut(client, "busybox:1");
  const created = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await client.patch({ ...DEPLOY, name: "bench" }, {
    spec: { template: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
  }, "strategic");
  await rolledOut(client, "busybox:2");
  const rolled = (performance.now() - t1) / 1000;
  console.log(`deployment of ${REPLICAS}: all Ready after ${created.toFixed(1)} s`);
  console.log(`rollout to a new template: ${rolled.toFixed(1)} s`);
  console.log(`rollout / creation: ${(rolled / created).toFixed(2)} (budget ≤ 1.5)`);
  figure("deployment", "all Ready", created, "s");
  figure("deployment", "rollout", rolled, "s");
  figure("deployment", "rollout / creation", rolled / created, "ratio", "≤ 1.5");
} finally {
  await kubelet.stop();
  await cm.close();
  client.close();
  await api.stop();
}

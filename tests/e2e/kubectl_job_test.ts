/**
 * Real kubectl against Jobs and CronJobs (apiserver + controller-manager, a fake kubelet
 * letting pods succeed): create cronjob, create job --from=cronjob/NAME (owned by the CronJob,
 * run by the Job controller), wait --for=condition=complete, and the kube table columns.
 */
import assert from "node:assert/strict";
import type { Job } from "../../core/api/types/batch.ts";
import { startControllerEnv } from "../_helpers/controller_env.ts";
import { startFakeKubelet } from "../_helpers/fake_kubelet.ts";
import { requires } from "../_helpers/requirements.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

Deno.test({
  name: "kubectl: create cronjob, create job --from=cronjob, wait for completion, get columns",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    const kubelet = await startFakeKubelet(env.client, () => "Succeeded");
    const kubectl = await KubectlRunner.create(env.api.url);
    try {
      assert.match(
        await kubectl.ok(
          "create",
          "cronjob",
          "nightly",
          "--image=busybox",
          "--schedule=@daily",
          "--",
          "echo",
          "hi",
        ),
        /cronjob.batch\/nightly created/,
      );
      const cronTable = await kubectl.ok("get", "cronjobs");
      assert.match(
        cronTable,
        /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n/,
      );
      assert.match(cronTable, /\nnightly\s+@daily\s+<none>\s+False\s+0\s+<none>\s+/);
      assert.match(
        await kubectl.ok("create", "job", "manual", "--from=cronjob/nightly"),
        /job.batch\/manual created/,
      );
      const job = await env.client.get<Job>({
        resource: "jobs",
        namespace: "default",
        groupVersion: "batch/v1",
        name: "manual",
      });
      assert.equal(job.metadata.ownerReferences?.[0].kind, "CronJob");
      assert.equal(job.metadata.annotations?.["cronjob.kubernetes.io/instantiate"], "manual");
      assert.deepEqual(job.spec?.template?.spec?.containers[0].command, ["echo", "hi"]);
      await kubectl.ok("wait", "--for=condition=complete", "job/manual", "--timeout=60s");
      const table = await kubectl.ok("get", "jobs");
      assert.match(table, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
      assert.match(table, /\nmanual\s+Complete\s+1\/1\s+/);
    } finally {
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

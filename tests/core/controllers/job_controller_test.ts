/**
 * The Job and CronJob controllers against a real apiserver with a fake kubelet finishing pods:
 * completions 5 / parallelism 2 ends with exactly 5 succeeded pods and never more than 2 active;
 * an Indexed Job gives each pod its index (annotation, label, JOB_COMPLETION_INDEX, hostname);
 * a failing Job stops at backoffLimit with the Failed condition; a podFailurePolicy FailJob rule
 * fails it at the first matching pod; a finished Job with ttlSecondsAfterFinished 0 is deleted; a CronJob creates a
 * Job for its scheduled minute (injected clock).
 */
import assert from "node:assert/strict";
import type { CronJob, Job } from "../../../core/api/types/batch.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { isNotFound } from "../../../core/client/client_errors.ts";
import { Informer } from "../../../core/client/informer.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { type ControllerEnv, startControllerEnv } from "../../_helpers/controller_env.ts";
import { type PodOutcome, startFakeKubelet } from "../../_helpers/fake_kubelet.ts";

const JOBS = { resource: "jobs", namespace: "default", groupVersion: "batch/v1" };
const CRON_JOBS = { resource: "cronjobs", namespace: "default", groupVersion: "batch/v1" };

function job(name: string, spec: Job["spec"]): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: {
      ...spec,
      template: {
        metadata: { labels: { app: name } },
        spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox" }] },
      },
    },
  };
}

async function finished(env: ControllerEnv, name: string, type: string): Promise<Job> {
  return await waitFor(async () => {
    const j = await env.client.get<Job>({ ...JOBS, name });
    return j.status?.conditions?.some((c) => c.type === type && c.status === "True")
      ? j
      : undefined;
  }, { what: `job ${name} ${type}`, timeoutMs: 20_000 });
}

Deno.test("job: completions 5, parallelism 2 completes with 5 succeeded pods, never more than 2 active", async () => {
  const env = await startControllerEnv();
  // Pods stay Running until the test lets them succeed, so parallelism is observable.
  const release = new Set<string>();
  const kubelet = await startFakeKubelet(
    env.client,
    (p): PodOutcome => release.has(p.metadata.name ?? "") ? "Succeeded" : "Pending",
  );
  const watch = new Informer<Pod>(env.client, { ref: { resource: "pods", namespace: "default" } });
  let maxActive = 0;
  const sample = () => {
    const active = watch.list().filter((p) =>
      p.metadata.labels?.app === "five" && !p.metadata.deletionTimestamp &&
      p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed"
    );
    maxActive = Math.max(maxActive, active.length);
  };
  await watch.addHandlers({ onAdd: sample, onUpdate: sample, onDelete: sample });
  watch.start();
  try {
    await env.client.create(JOBS, job("five", { completions: 5, parallelism: 2 }));
    const poke = async () => {
      // Let every current pod succeed; the fake kubelet acts on the next pod event.
      for (const p of await env.pods("app=five")) {
        if (!release.has(p.metadata.name ?? "")) {
          release.add(p.metadata.name ?? "");
          await env.client.patch(
            { resource: "pods", namespace: "default", name: p.metadata.name },
            {
              metadata: { annotations: { "test/released": "yes" } },
            },
            "merge",
          );
        }
      }
    };
    const done = await waitFor(async () => {
      await poke();
      const j = await env.client.get<Job>({ ...JOBS, name: "five" });
      return j.status?.conditions?.some((c) => c.type === "Complete") ? j : undefined;
    }, { what: "job five complete", timeoutMs: 30_000, intervalMs: 100 });
    assert.equal(done.status?.succeeded, 5);
    assert.equal(done.status?.active, 0);
    const pods = await env.pods("app=five");
    assert.equal(pods.filter((p) => p.status?.phase === "Succeeded").length, 5);
    assert.equal(pods.length, 5);
    assert.ok(maxActive <= 2, `${maxActive} pods were active at once`);
    assert.ok(done.status?.completionTime);
  } finally {
    await watch.stop();
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("job: Indexed completion mode gives each pod its index", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client, () => "Succeeded");
  try {
    await env.client.create(
      JOBS,
      job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }),
    );
    const done = await finished(env, "idx", "Complete");
    assert.equal(done.status?.completedIndexes, "0-2");
    const pods = await env.pods("app=idx");
    const seen = pods.map((p) => {
      const i = p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"];
      assert.equal(p.metadata.labels?.["batch.kubernetes.io/job-completion-index"], i);
      const env = p.spec?.containers[0].env?.find((e) => e.name === "JOB_COMPLETION_INDEX");
      assert.equal(env?.value, i);
      assert.equal(p.spec?.hostname, `idx-${i}`);
      assert.match(p.metadata.name ?? "", new RegExp(`^idx-${i}-`));
      return i;
    }).sort();
    assert.deepEqual(seen, ["0", "1", "2"]);
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("job: failing pods stop at backoffLimit with the Failed condition; a FailJob rule ends it at the first match", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client, () => "Failed");
  try {
    await env.client.create(JOBS, job("fail", { backoffLimit: 2 }));
    const failed = await finished(env, "fail", "Failed");
    const cond = failed.status?.conditions?.find((c) => c.type === "Failed");
    assert.equal(cond?.reason, "BackoffLimitExceeded");
    assert.equal(failed.status?.failed, 3);
    assert.equal((await env.pods("app=fail")).length, 3);

    const byRule = job("rule", { backoffLimit: 5 });
    byRule.spec!.podFailurePolicy = {
      rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1] } }],
    };
    await env.client.create(JOBS, byRule);
    const byPolicy = await finished(env, "rule", "Failed");
    const why = byPolicy.status?.conditions?.find((c) => c.type === "Failed");
    assert.equal(why?.reason, "PodFailurePolicy");
    assert.match(why?.message ?? "", /failed with exit code 1 matching FailJob rule at index 0/);
    assert.equal((await env.pods("app=rule")).length, 1, "the first matching failure ends it");
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("job: ttlSecondsAfterFinished 0 deletes a finished Job", async () => {
  const env = await startControllerEnv();
  const kubelet = await startFakeKubelet(env.client, () => "Succeeded");
  try {
    await env.client.create(JOBS, job("ttl", { ttlSecondsAfterFinished: 0 }));
    await waitFor(async () => {
      try {
        await env.client.get({ ...JOBS, name: "ttl" });
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    }, { what: "the finished job deleted", timeoutMs: 20_000 });
    await waitFor(async () => (await env.pods("app=ttl")).length === 0, {
      what: "its pod collected",
    });
  } finally {
    await kubelet.stop();
    await env.stop();
  }
});

Deno.test("cronjob: a Job is created for the scheduled minute", async () => {
  const env = await startControllerEnv();
  try {
    const cj: CronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "tick" },
      spec: {
        schedule: "*/1 * * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox" }] },
            },
          },
        },
      },
    };
    const created = await env.client.create<CronJob>(CRON_JOBS, cj);
    const jobs = await waitFor(async () => {
      const list = (await env.client.list<Job>(JOBS)).items;
      return list.length > 0 ? list : undefined;
    }, { what: "a job of the cronjob", timeoutMs: 70_000, intervalMs: 250 });
    const j = jobs[0];
    assert.match(j.metadata.name ?? "", /^tick-[0-9]+$/);
    const minute = Number((j.metadata.name ?? "").split("-")[1]);
    assert.ok(minute * 60_000 > Date.parse(created.metadata.creationTimestamp ?? "") - 60_000);
    assert.equal(j.metadata.ownerReferences?.[0].kind, "CronJob");
    assert.equal(j.metadata.ownerReferences?.[0].uid, created.metadata.uid);
    const status = await waitFor(async () => {
      const c = await env.client.get<CronJob>({ ...CRON_JOBS, name: "tick" });
      return c.status?.lastScheduleTime ? c.status : undefined;
    }, { what: "lastScheduleTime" });
    assert.equal(Date.parse(status.lastScheduleTime ?? ""), minute * 60_000);
  } finally {
    await env.stop();
  }
});

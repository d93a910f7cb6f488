/**
 * Workload controllers on a real `k8sm up` with the process runtime and real kubectl: a
 * Deployment of 6 rolls a template change out with never more than maxUnavailable (1) ready
 * pods missing (sampled from a pod watch) and its ReplicaSets' replicas reaching but never
 * passing 6 + maxSurge (1) (sampled from a ReplicaSet watch), `rollout status|history|undo`
 * work; a Job of completions 5 / parallelism 2 ends with exactly 5 succeeded pods and never
 * more than 2 running; a failing Job stops at backoffLimit with the Failed condition; deleting
 * the Deployment removes its ReplicaSets and pods.
 */
import assert from "node:assert/strict";
import type { ReplicaSet } from "../../core/api/types/apps.ts";
import type { Job } from "../../core/api/types/batch.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { Informer } from "../../core/client/informer.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";
import { requires } from "../_helpers/requirements.ts";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "echo v1; exec sleep 3600"]
`;

function job(name: string, completions: number, parallelism: number, script: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: ${completions}
  parallelism: ${parallelism}
  backoffLimit: 1
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "${script}"]
`;
}

function ready(p: Pod): boolean {
  return !p.metadata.deletionTimestamp &&
    (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

Deno.test({
  name: "k8sm up: Deployment rolling update within maxUnavailable/maxSurge, rollout undo, Jobs",
  ...requires("kubectl"),
  fn: async () => {
    const up = await startUp(["--container-runtime", "process"]);
    const client = up.client();
    const names = new Set<string>();
    const pods = new Informer<Pod>(client, { ref: { resource: "pods", namespace: "default" } });
    const kubectl = async (...args: string[]) => {
      const out = await new Deno.Command("kubectl", {
        args: ["--kubeconfig", up.kubeconfig, "--cache-dir", `${up.home}/kcache`, ...args],
        env: { HOME: up.home, NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const d = new TextDecoder();
      if (!out.success) throw new Error(`kubectl ${args.join(" ")}: ${d.decode(out.stderr)}`);
      return d.decode(out.stdout);
    };
    const apply = async (name: string, text: string) => {
      await Deno.writeTextFile(`${up.home}/${name}.yaml`, text);
      await kubectl("apply", "-f", `${up.home}/${name}.yaml`);
    };
    // What maxSurge bounds, as in Kubernetes: the sum of the ReplicaSets' spec.replicas (the
    // deployment controller never raises the new one past replicas + maxSurge). Live pods are
    // not bounded so: an old ReplicaSet scaled down still has the pods it has yet to delete
    // when the new one, scaled up, creates its own (seen: 4 old + 4 new, replicas 3 + 4).
    const replicaSets = new Informer<ReplicaSet>(client, {
      ref: { resource: "replicasets", namespace: "default", groupVersion: "apps/v1" },
      labelSelector: "app=web",
    });
    let minReady = Infinity, maxReplicas = 0, maxJobRunning = 0, sampling = false;
    const sampleReplicas = () => {
      if (!sampling) return;
      const total = replicaSets.list().reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      maxReplicas = Math.max(maxReplicas, total);
    };
    const sample = (p: Pod) => {
      names.add(p.metadata.name ?? "");
      const all = pods.list();
      const web = all.filter((x) => x.metadata.labels?.app === "web");
      if (sampling) {
        minReady = Math.min(minReady, web.filter(ready).length);
      }
      const running = all.filter((x) =>
        x.metadata.labels?.app === "five" && x.status?.phase === "Running"
      );
      maxJobRunning = Math.max(maxJobRunning, running.length);
    };
    await pods.addHandlers({ onAdd: sample, onUpdate: (_o, p) => sample(p), onDelete: sample });
    await replicaSets.addHandlers({
      onAdd: sampleReplicas,
      onUpdate: sampleReplicas,
      onDelete: sampleReplicas,
    });
    pods.start();
    replicaSets.start();
    try {
      await apply("web", DEPLOYMENT);
      assert.match(
        await kubectl("rollout", "status", "deployment/web", "--timeout=120s"),
        /successfully rolled out/,
      );
      await waitFor(() => pods.list().filter(ready).length === 6, { what: "6 ready web pods" });
      await replicaSets.waitForSync();
      sampling = true;
      await kubectl("set", "image", "deployment/web", "main=busybox:v2");
      assert.match(
        await kubectl("rollout", "status", "deployment/web", "--timeout=180s"),
        /successfully rolled out/,
      );
      sampling = false;
      assert.ok(minReady >= 5, `ready web pods fell to ${minReady} (maxUnavailable 1)`);
      assert.ok(maxReplicas <= 7, `web ReplicaSets' replicas rose to ${maxReplicas} (maxSurge 1)`);
      assert.equal(maxReplicas, 7, "the rollout used its surge replica");
      const history = await kubectl("rollout", "history", "deployment/web");
      assert.match(history, /\n1\s+<none>\n2\s+<none>/);
      await kubectl("rollout", "undo", "deployment/web");
      await kubectl("rollout", "status", "deployment/web", "--timeout=180s");
      const image = await kubectl(
        "get",
        "deployment",
        "web",
        "-o",
        "jsonpath={.spec.template.spec.containers[0].image}",
      );
      assert.equal(image, "busybox");

      await apply("five", job("five", 5, 2, "echo done"));
      await kubectl("wait", "--for=condition=complete", "job/five", "--timeout=120s");
      const five = await client.get<Job>({
        resource: "jobs",
        namespace: "default",
        groupVersion: "batch/v1",
        name: "five",
      });
      assert.equal(five.status?.succeeded, 5);
      const finished = pods.list().filter((p) => p.metadata.labels?.app === "five");
      assert.equal(finished.filter((p) => p.status?.phase === "Succeeded").length, 5);
      assert.ok(maxJobRunning <= 2, `${maxJobRunning} job pods ran at once`);

      await apply("fails", job("fails", 1, 1, "exit 3"));
      await kubectl("wait", "--for=condition=failed", "job/fails", "--timeout=120s");
      const failed = await client.get<Job>({
        resource: "jobs",
        namespace: "default",
        groupVersion: "batch/v1",
        name: "fails",
      });
      assert.equal(failed.status?.failed, 2);
      assert.equal(
        failed.status?.conditions?.find((c) => c.type === "Failed")?.reason,
        "BackoffLimitExceeded",
      );

      await kubectl("delete", "deployment", "web");
      await waitFor(() => !pods.list().some((p) => p.metadata.labels?.app === "web"), {
        what: "the web pods deleted with their deployment",
        timeoutMs: 60_000,
      });
      assert.equal(await kubectl("get", "rs", "-o", "name"), "");
    } finally {
      await pods.stop();
      await replicaSets.stop();
      await interruptAndCheck(up, names).finally(() => client.close());
      await Deno.remove(up.home, { recursive: true });
    }
  },
});

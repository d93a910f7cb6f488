/**
 * `k8sm scheduler` with Mesos authentication: a world-readable secret file is refused with one
 * line and exit code 2; with --mesos-authentication-principal and a private secret file the
 * scheduler registers with a mesos-local that authenticates frameworks and executors, and its
 * pod runs (the executor presented its token) without inheriting the executor's token.
 */
import assert from "node:assert/strict";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";
import { runK8sm } from "./cli_runner.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";
import { waitFor } from "../../core/util/wait.ts";

Deno.test("k8sm scheduler refuses a world-readable secret file", async () => {
  const secret = await Deno.makeTempFile({ prefix: "k8sm-secret-" });
  try {
    await Deno.writeTextFile(secret, "s3cret\n");
    await Deno.chmod(secret, 0o644);
    const r = await runK8sm([
      "scheduler",
      "--mesos-authentication-principal=k8sm",
      `--mesos-authentication-secret-file=${secret}`,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${secret} is readable by every user \\(mode 644\\)`));
  } finally {
    await Deno.remove(secret);
  }
});

Deno.test("a scheduler with the right secret file registers and runs a pod", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "authnode", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
    scheduler: false,
    authentication: {
      credentials: [{ principal: "k8sm", secret: "s3cret" }],
      frameworks: true,
      executors: true,
    },
  });
  const dir = await Deno.makeTempDir({ prefix: "k8sm-scheduler-auth-" });
  await Deno.writeTextFile(`${dir}/secret`, "s3cret\n");
  await Deno.chmod(`${dir}/secret`, 0o600);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI_MAIN_PATH,
      "scheduler",
      `--mesos-master=${c.mesos.masterUrl}`,
      `--api-servers=${c.api.url}`,
      `--executor-path=${CLI_MAIN_PATH}`,
      "--mesos-authentication-principal=k8sm",
      `--mesos-authentication-secret-file=${dir}/secret`,
      "--storage=memory",
      "--port=0",
      "--container-runtime=process",
      `--executor-arg=--root-dir=${c.executorRoot}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = new Response(child.stderr).text();
  try {
    const pod = sleepPod("authpod");
    pod.spec!.containers[0].command = ["/bin/sh", "-c", `env > ${dir}/env; exec sleep 3600`];
    await c.createPod(pod);
    await c.waitPod("authpod", (p) => p.status?.phase === "Running", "Running", 60_000);
    const fw = [...c.mesos.master.frameworks.values()].find((f) => f.info.name === "Kubernetes");
    assert.equal(fw?.info.principal, "k8sm");
    const env = await waitFor(
      () => Deno.readTextFile(`${dir}/env`).then((t) => t || undefined, () => undefined),
      { what: "the pod to write its environment" },
    );
    assert.match(env, /^HOSTNAME=authpod$/m);
    assert.doesNotMatch(env, /MESOS_EXECUTOR_AUTHENTICATION_TOKEN/);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    const text = await log;
    if (text.includes("refused")) console.error(text);
    // The cluster's own teardown has no credentials: tear the framework down through /teardown.
    for (const id of [...c.mesos.master.frameworks.keys()]) {
      const res = await fetch(`${c.mesos.masterUrl}/teardown`, {
        method: "POST",
        body: new URLSearchParams({ frameworkId: id }),
      });
      await res.body?.cancel();
    }
    await c.close();
    await Deno.remove(dir, { recursive: true });
  }
});

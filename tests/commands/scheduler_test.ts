/**
 * `k8sm scheduler` as a command: flag errors are one clear line with exit code 2, and the seed's
 * Go-style command line (`-address -mesos_master -api_servers -executor_path -mesos_user
 * -proxy_path`) runs a scheduler that schedules a pod and stops cleanly on SIGTERM.
 */
import assert from "node:assert/strict";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";
import { runK8sm } from "./cli_runner.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("k8sm scheduler refuses a bad flag value with one line and exit code 2", async () => {
  const r = await runK8sm(["scheduler", "--placement=random"]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    'k8sm scheduler: --placement "random" must be one of spread, binpack',
  );
  const bad = await runK8sm(["scheduler", "--offer-ttl=soon"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--offer-ttl: invalid duration "soon"/);
});

Deno.test("the seed's scheduler command line schedules a pod and stops on SIGTERM", async () => {
  const c = await startTestCluster({
    agents: [{ hostname: "seed", resources: "cpus:2;mem:2048;ports:[31000-31010]" }],
    scheduler: false,
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI_MAIN_PATH,
      "scheduler",
      "-address=127.0.0.1",
      `-mesos_master=${c.mesos.masterUrl.replace("http://", "")}`,
      `-api_servers=${c.api.url}`,
      `-executor_path=${CLI_MAIN_PATH}`,
      "-mesos_user=root",
      "-proxy_path=/usr/bin/true",
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
  let exited = false;
  try {
    await c.createPod(sleepPod("seedpod"));
    const pod = await c.waitPod("seedpod", (p) => p.status?.phase === "Running", "Running", 60_000);
    assert.equal(pod.spec?.nodeName, "seed");
    const fw = (await c.mesosState()).frameworks.find((f) => f.name === "Kubernetes");
    assert.ok(fw, "framework registered");
    child.kill("SIGTERM");
    const status = await child.status;
    exited = true;
    assert.equal(status.code, 0);
    assert.match(await log, /shutting down/);
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await child.status;
      await log;
    }
    await c.close();
  }
});

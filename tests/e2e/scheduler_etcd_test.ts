/**
 * `k8sm scheduler --ha -etcd_servers=…` as processes on a real etcd: the leader's framework id
 * and lease are in etcd (read back through etcd's own HTTP API), the standby does not register,
 * and when the leader is killed (SIGKILL: its lease is not released, it expires) the standby
 * takes over under the same framework id and schedules new pods.
 */
import assert from "node:assert/strict";
import { FRAMEWORK_ID_KEY } from "../../core/scheduler/framework_id_store.ts";
import { SCHEDULER_LEASE_KEY } from "../../core/scheduler/start_scheduler.ts";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster, type TestCluster } from "../_helpers/cluster.ts";
import { startEtcd } from "../_helpers/etcd.ts";
import { requires } from "../_helpers/requirements.ts";

interface Child {
  proc: Deno.ChildProcess;
  stderr(): string;
}

function spawnScheduler(c: TestCluster, etcd: string): Child {
  const proc = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI_MAIN_PATH,
      "scheduler",
      `-mesos_master=${c.mesos.masterUrl}`,
      `-api_servers=${c.api.url}`,
      `-etcd_servers=${etcd}`,
      `-executor_path=${CLI_MAIN_PATH}`,
      "--ha",
      "--container-runtime=process",
      "--port=0",
      "--offer-ttl=1s",
      `--executor-arg=--root-dir=${c.executorRoot}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  (async () => {
    for await (const t of proc.stderr.pipeThrough(new TextDecoderStream())) err += t;
  })().catch(() => {});
  return { proc, stderr: () => err };
}

async function kill(child: Child, signal: Deno.Signal): Promise<void> {
  try {
    child.proc.kill(signal);
  } catch {
    // already gone
  }
  await child.proc.status;
}

/** The JSON value at `key`, read with etcd's v3 HTTP gateway (not through k8sm's store). */
async function etcdGet(
  endpoint: string,
  key: string,
): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${endpoint}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: btoa(key) }),
  });
  const body = await res.json() as { kvs?: { value: string }[] };
  const value = body.kvs?.[0]?.value;
  return value === undefined ? undefined : JSON.parse(atob(value));
}

Deno.test({
  name: "k8sm scheduler --ha on etcd: framework id and lease in etcd, the standby takes over",
  ...requires("etcd"),
}, async () => {
  const etcd = await startEtcd();
  const c = await startTestCluster({
    agents: [{ hostname: "e1", resources: "cpus:4;mem:4096;ports:[31000-31010]" }],
    scheduler: false,
  });
  const leader = spawnScheduler(c, etcd.endpoint);
  let standby: Child | undefined;
  try {
    await c.createPod(sleepPod("before"));
    await c.waitPod("before", (p) => p.status?.phase === "Running", "Running", 60_000);
    const fws = (await c.mesosState()).frameworks.filter((f) => f.name === "Kubernetes");
    assert.equal(fws.length, 1);
    const frameworkId = fws[0].id;
    const saved = await etcdGet(etcd.endpoint, FRAMEWORK_ID_KEY);
    assert.equal(saved?.frameworkId, frameworkId, "the framework id is persisted in etcd");
    assert.ok(await etcdGet(etcd.endpoint, SCHEDULER_LEASE_KEY), "the HA lease is in etcd");

    standby = spawnScheduler(c, etcd.endpoint);
    await waitFor(() => /waiting to lead/.test(standby!.stderr()), {
      timeoutMs: 30_000,
      what: "the standby to wait for the lease",
    });
    await kill(leader, "SIGKILL");
    await c.createPod(sleepPod("after"));
    await c.waitPod(
      "after",
      (p) => p.status?.phase === "Running",
      "Running after takeover",
      90_000,
    );
    const after = (await c.mesosState()).frameworks.filter((f) => f.name === "Kubernetes");
    assert.deepEqual(after.map((f) => f.id), [frameworkId], "the same framework id after takeover");
    assert.equal((await etcdGet(etcd.endpoint, FRAMEWORK_ID_KEY))?.frameworkId, frameworkId);
  } catch (e) {
    console.error(`--- leader ---\n${leader.stderr().slice(-3000)}`);
    console.error(`--- standby ---\n${standby?.stderr().slice(-3000) ?? "(not started)"}`);
    throw e;
  } finally {
    await kill(leader, "SIGKILL");
    if (standby) await kill(standby, "SIGTERM");
    await c.close();
    await etcd.stop();
  }
});

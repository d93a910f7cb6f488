/**
 * `k8sm apiserver` as a process: the seed README's command line (with a free port and a private
 * etcd) starts, serves the API, writes -log_dir, and stops cleanly on SIGTERM; and every
 * component accepts the seed's glog flags.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { startEtcd } from "../_helpers/etcd.ts";
import { spawnK8sm } from "../_helpers/k8sm_child.ts";
import { requires } from "../_helpers/requirements.ts";
import { runK8sm } from "./cli_runner.ts";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test({
  name: "k8sm apiserver -logtostderr=true -v=2 (the seed's line) starts, serves, stops on SIGTERM",
  ...requires("etcd"),
}, async () => {
  const etcd = await startEtcd();
  const logDir = await Deno.makeTempDir({ prefix: "k8sm-apiserver-log-" });
  const port = freePort();
  const api = spawnK8sm([
    "apiserver",
    "-logtostderr=true",
    "-v=2",
    "-address=127.0.0.1",
    "-mesos_master=127.0.0.1:5050",
    `-etcd_servers=${etcd.endpoint}`,
    "-portal_net=10.10.10.0/24",
    `-port=${port}`,
    "-cloud_provider=mesos",
    "-health_check_minions=false",
    `-log_dir=${logDir}`,
  ]);
  let code: number | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => {
      try {
        const r = await fetch(`${base}/healthz`);
        return (await r.text()) === "ok" ? true : undefined;
      } catch {
        return undefined;
      }
    }, { what: `k8sm apiserver to answer on port ${port}`, timeoutMs: 30_000 });
    const created = await fetch(`${base}/api/v1/namespaces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "seed" } }),
    });
    assert.equal(created.status, 201, await created.text());
    const list = await (await fetch(`${base}/api/v1beta1/pods`)).json();
    assert.equal(list.kind, "PodList", "the seed's v1beta1 API is served");
    assert.match(
      api.stderr(),
      /serving the Kubernetes API on http:\/\/127\.0\.0\.1:\d+ \(store: etcd/,
    );
    const logged = await Deno.readTextFile(`${logDir}/k8sm-apiserver.log`);
    assert.match(logged, /serving the Kubernetes API/, "-log_dir receives the log lines");
    code = await api.stop("SIGTERM");
    assert.equal(code, 0, `exit code after SIGTERM; stderr:\n${api.stderr()}`);
    assert.match(api.stderr(), /shutting down/);
    await assert.rejects(fetch(`${base}/healthz`), "the port is closed after SIGTERM");
  } finally {
    if (code === undefined) await api.stop("SIGKILL");
    await etcd.stop();
    await Deno.remove(logDir, { recursive: true });
  }
});

const COMPONENTS = [
  "apiserver",
  "scheduler",
  "executor",
  "controller-manager",
  "proxy",
  "mesos-local",
  "up",
  "get",
];

Deno.test("every command accepts the seed's glog flags (-logtostderr, -log_dir, …)", async (t) => {
  const logDir = await Deno.makeTempDir({ prefix: "k8sm-glog-" });
  try {
    for (const command of COMPONENTS) {
      await t.step(command, async () => {
        // A bad -vmodule is reported by the glog flags' own check, which runs only once
        // commander has accepted every flag: reaching it proves none was refused.
        const r = await runK8sm([
          command,
          "-logtostderr=true",
          "-alsologtostderr=false",
          "-stderrthreshold=INFO",
          `-log_dir=${logDir}`,
          "-log_backtrace_at=main.go:1",
          "-v=2",
          "-vmodule=scheduler",
        ]);
        assert.equal(r.code, 1, r.stderr);
        assert.doesNotMatch(r.stderr, /unknown option/);
        assert.match(r.stderr, /-vmodule entry "scheduler" is not pattern=N/);
      });
    }
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
});

Deno.test("a bad glog value is refused with the flag's name", async () => {
  const r = await runK8sm(["apiserver", "-v=loud"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /-v "loud" is not a verbosity level/);
});

/** Goldens of the seed's kubecfg tables: `k8sm list pods` and `k8sm list replicationControllers`. */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { assertGolden, normalize, runK8sm } from "./cli_runner.ts";
import { makeRunning, manifestDir, WEB_MANIFESTS } from "./cluster_state.ts";

Deno.test("k8sm list pods / replicationControllers / services / minions print the seed's tables", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const created = await runK8sm(["create", "-f", `${dir}/web.yaml`], env);
    assert.equal(created.stderr, "");
    assert.equal(
      created.stdout,
      "pod/nginx created\nreplicationcontroller/nginx-controller created\n",
    );
    await makeRunning(s, "nginx", "10.132.189.242");

    const pods = await runK8sm(["list", "pods"], env);
    assert.equal(pods.code, 0, pods.stderr);
    await assertGolden("list_pods.txt", normalize(pods.stdout));
    // Without NO_COLOR, a stdout that is not a terminal stays plain too.
    const piped = await runK8sm(["list", "pods"], { ...env, NO_COLOR: "" });
    assert.equal(piped.stdout, pods.stdout);

    const rcs = await runK8sm(["list", "replicationControllers"], env);
    assert.equal(rcs.code, 0, rcs.stderr);
    await assertGolden("list_replication_controllers.txt", normalize(rcs.stdout));

    const minions = await runK8sm(["list", "minions"], env);
    assert.equal(minions.code, 0, minions.stderr);
    assert.equal(minions.stdout.split("\n")[0], "ID");

    const bad = await runK8sm(["list", "deployments"], env);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /^error: cannot list "deployments"; the seed's kubecfg lists pods, replicationControllers/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

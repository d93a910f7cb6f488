/** `k8sm describe` of a pod (with its events), an rc and a service. */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { assertGolden, normalize, runK8sm } from "./cli_runner.ts";
import { makeRunning, manifestDir, recordEvent, WEB_MANIFESTS } from "./cluster_state.ts";

Deno.test("k8sm describe pod shows its sections and events; rc and svc describe too", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    await makeRunning(s, "nginx", "agent-1", "10.1.0.5");
    await recordEvent(
      s,
      "Pod",
      "pods",
      "nginx",
      "Scheduled",
      "Successfully assigned default/nginx to agent-1",
    );

    const pod = await runK8sm(["describe", "pod", "nginx"], env);
    assert.equal(pod.code, 0, pod.stderr);
    await assertGolden("describe_pod.txt", normalize(pod.stdout));

    const rc = await runK8sm(["describe", "rc", "nginx-controller"], env);
    assert.equal(rc.code, 0, rc.stderr);
    assert.match(rc.stdout, /^Replicas:\s+\d+ current \/ 2 desired$/m);
    assert.match(rc.stdout, /^Selector:\s+name=nginx$/m);

    const missing = await runK8sm(["describe", "svc", "nope"], env);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: services "nope" not found\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

/** `k8sm scale rc NAME --replicas=N` patches the scale subresource. */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";
import { manifestDir, WEB_MANIFESTS } from "./cluster_state.ts";

Deno.test("k8sm scale rc sets spec.replicas and prints kind/name scaled", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    const r = await runK8sm(["scale", "rc", "nginx-controller", "--replicas=3"], env);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "replicationcontroller/nginx-controller scaled\n");
    const rc =
      (await s.json("/api/v1/namespaces/default/replicationcontrollers/nginx-controller")).body;
    assert.equal((rc.spec as { replicas: number }).replicas, 3);

    const bad = await runK8sm(["scale", "rc", "nginx-controller", "--replicas=-1"], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--replicas must be a whole number ≥ 0, not "-1"/);
    for (const text of ["", "1e1", "0x2", "2.0"]) {
      const odd = await runK8sm(["scale", "rc", "nginx-controller", `--replicas=${text}`], env);
      assert.equal(odd.code, 1, `--replicas=${text}`);
      assert.match(odd.stderr, /--replicas must be a whole number ≥ 0/);
    }
    const still =
      (await s.json("/api/v1/namespaces/default/replicationcontrollers/nginx-controller")).body;
    assert.equal((still.spec as { replicas: number }).replicas, 3);
    const pods = await runK8sm(["scale", "pod", "x", "--replicas=1"], env);
    assert.match(pods.stderr, /pods cannot be scaled/);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 2
  serviceName: web
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: main, image: busybox}]}
`;

Deno.test("k8sm scale deploy and sts patch the apps/v1 scale subresource", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "workloads.yaml": WORKLOADS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const made = await runK8sm(["create", "-f", `${dir}/workloads.yaml`], env);
    assert.equal(made.code, 0, made.stderr);
    const deploy = await runK8sm(["scale", "deploy", "web", "--replicas=3"], env);
    assert.equal(deploy.stderr, "");
    assert.equal(deploy.stdout, "deployment/web scaled\n");
    const sts = await runK8sm(["scale", "statefulsets/web", "--replicas=1"], env);
    assert.equal(sts.stderr, "");
    assert.equal(sts.stdout, "statefulset/web scaled\n");
    const d = (await s.json("/apis/apps/v1/namespaces/default/deployments/web")).body;
    assert.equal((d.spec as { replicas: number }).replicas, 3);
    const set = (await s.json("/apis/apps/v1/namespaces/default/statefulsets/web")).body;
    assert.equal((set.spec as { replicas: number }).replicas, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

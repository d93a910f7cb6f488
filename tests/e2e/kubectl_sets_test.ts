/**
 * Real kubectl against DaemonSets and StatefulSets (apiserver + controller-manager, a fake
 * kubelet making pods Ready): apply, `rollout status`, the kube table columns, and `kubectl
 * scale statefulset` through the scale subresource.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { startControllerEnv } from "../_helpers/controller_env.ts";
import { startFakeKubelet } from "../_helpers/fake_kubelet.ts";
import { requires } from "../_helpers/requirements.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

const MANIFESTS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: main, image: busybox}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 3
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: main, image: busybox}]
`;

Deno.test({
  name: "kubectl: daemonset and statefulset rollout status, columns, scale statefulset",
  ...requires("kubectl"),
  fn: async () => {
    const env = await startControllerEnv();
    for (const n of ["n1", "n2"]) {
      await env.client.create({ resource: "nodes" }, {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: n },
      });
    }
    const kubelet = await startFakeKubelet(env.client);
    const kubectl = await KubectlRunner.create(env.api.url);
    try {
      await kubectl.ok("apply", "-f", await kubectl.file("sets.yaml", MANIFESTS));
      assert.match(
        await kubectl.ok("rollout", "status", "daemonset/agent", "--timeout=60s"),
        /daemon set "agent" successfully rolled out/,
      );
      assert.match(
        await kubectl.ok("rollout", "status", "statefulset/web", "--timeout=60s"),
        /partitioned roll out complete: 3 new pods have been updated/,
      );
      const ds = await kubectl.ok("get", "ds", "agent");
      assert.match(
        ds,
        /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n/,
      );
      assert.match(ds, /\nagent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+/);
      const sts = await kubectl.ok("get", "sts", "web");
      assert.match(sts, /^NAME\s+READY\s+AGE\n/);
      assert.match(sts, /\nweb\s+3\/3\s+/);
      assert.match(await kubectl.ok("scale", "statefulset", "web", "--replicas=1"), /scaled/);
      await waitFor(async () => {
        const names = (await env.pods("app=web")).filter((p) => !p.metadata.deletionTimestamp)
          .map((p) => p.metadata.name);
        return names.length === 1 && names[0] === "web-0";
      }, { what: "only web-0 left" });
    } finally {
      await kubectl.cleanup();
      await kubelet.stop();
      await env.stop();
    }
  },
});

/**
 * `nodes/NAME/proxy/…` on a secured apiserver: real kubectl reads a node's executor kubelet
 * endpoint through it (`/healthz`, and `/pods`, which the executor's guard only serves to the
 * apiserver's kubelet client certificate), RBAC `nodes/proxy` decides who may, and Nodes that
 * are not registered Mesos agents, or ports other than the kubelet's, are refused.
 */
import assert from "node:assert/strict";
import { KubeletGuard } from "../../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode, runKubectl } from "../../_helpers/kubectl_exec.ts";
import { requires } from "../../_helpers/requirements.ts";
import { jsonRequest, startSecuredApiServer } from "../../_helpers/secured_apiserver.ts";

const NODE = "agent-np";
const PODS = [{ metadata: { name: "listed", namespace: "default" } }];

Deno.test({
  name: "nodes/NAME/proxy reaches the node's executor kubelet endpoint",
  ...requires("kubectl"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-node-proxy-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const guard = new KubeletGuard(() => NODE);
  guard.secure(api.ca.certPem);
  const serving = createKubeletServingCert(NODE, ["127.0.0.1"]);
  const server = await startLogServer({
    runtime,
    port: 0,
    tls: { cert: serving.cert, key: serving.key },
    guard,
    pods: () => PODS,
  });
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const config = `${root}/admin.kubeconfig`;
    await Deno.writeTextFile(config, admin.kubeconfig());

    await t.step("kubectl get --raw …/proxy/healthz answers ok", async () => {
      const r = await runKubectl(config, ["get", "--raw", `/api/v1/nodes/${NODE}/proxy/healthz`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(new TextDecoder().decode(r.stdout).trim(), "ok");
    });

    await t.step("kubectl get --raw …/proxy/pods returns the executor's PodList", async () => {
      const r = await runKubectl(config, ["get", "--raw", `/api/v1/nodes/${NODE}/proxy/pods`]);
      assert.equal(r.code, 0, r.stderr);
      const list = JSON.parse(new TextDecoder().decode(r.stdout));
      assert.equal(list.kind, "PodList");
      assert.deepEqual(list.items, PODS);
    });

    await t.step("RBAC nodes/proxy decides who may use it", async () => {
      const role = await admin.fetch(
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
        jsonRequest("POST", {
          metadata: { name: "node-proxier" },
          rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }],
        }),
      );
      assert.equal(role.status, 201, await role.text());
      const binding = await admin.fetch(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        jsonRequest("POST", {
          metadata: { name: "ops-node-proxier" },
          roleRef: {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "node-proxier",
          },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ops" }],
        }),
      );
      assert.equal(binding.status, 201, await binding.text());
      const path = `/api/v1/nodes/${NODE}/proxy/pods`;
      const ops = await api.as("ops").fetch(path);
      assert.equal(ops.status, 200, await ops.clone().text());
      assert.equal((await ops.json()).kind, "PodList");
      const other = await api.as("nobody").json(path);
      assert.equal(other.status, 403);
      assert.match(String(other.body.message), /nodes\/proxy/);
      const anon = await api.anonymous().fetch(path);
      await anon.body?.cancel();
      assert.equal(anon.status, 401);
    });

    await t.step("a Node that is not a registered Mesos agent is refused", async () => {
      const created = await admin.fetch(
        "/api/v1/nodes",
        jsonRequest("POST", { metadata: { name: "stranger" }, spec: {} }),
      );
      assert.equal(created.status, 201, await created.text());
      const patched = await admin.fetch(
        "/api/v1/nodes/stranger/status",
        jsonRequest("PATCH", {
          status: {
            addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
            daemonEndpoints: { kubeletEndpoint: { Port: server.port } },
          },
        }, "application/merge-patch+json"),
      );
      assert.equal(patched.status, 200, await patched.text());
      const r = await admin.json("/api/v1/nodes/stranger/proxy/healthz");
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /not a Mesos agent registered/);
    });

    await t.step("another port than the kubelet's is refused", async () => {
      const r = await admin.json(`/api/v1/nodes/${NODE}:22/proxy/`);
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /only its kubelet endpoint/);
    });

    await t.step("an unknown node is 404", async () => {
      const r = await admin.json("/api/v1/nodes/absent/proxy/healthz");
      assert.equal(r.status, 404);
    });
  } finally {
    await server.close();
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await api.stop();
  }
});

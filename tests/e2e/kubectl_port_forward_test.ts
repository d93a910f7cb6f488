/**
 * `kubectl port-forward` (real kubectl 1.32) through a secured apiserver to a secured executor
 * running the process runtime: over kubectl's WebSocket tunnel (SPDY inside WebSocket) and,
 * with `KUBECTL_PORT_FORWARD_WEBSOCKETS=false`, plain SPDY/3.1, 100 sequential and 20 concurrent
 * HTTP requests reach a web server in the pod, both through `pod/web` and through `svc/web`
 * (kubectl resolves the service to a pod by its selector and maps port 80 to targetPort 8080).
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode } from "../_helpers/kubectl_exec.ts";
import { startKubectlPortForward } from "../_helpers/kubectl_port_forward.ts";
import { requires } from "../_helpers/requirements.ts";
import { waitFor } from "../../core/util/wait.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { freePort } from "../core/executor/runtime_contract.ts";

const NODE = "agent-pf";

Deno.test({
  name: "kubectl port-forward over the WebSocket tunnel and SPDY reaches the pod's server",
  ...requires("kubectl", "busybox"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-pf-e2e-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const guard = new KubeletGuard(() => NODE);
  guard.secure(api.ca.certPem);
  const serving = createKubeletServingCert(NODE, ["127.0.0.1"]);
  const server = await startLogServer({
    runtime,
    port: 0,
    tls: { cert: serving.cert, key: serving.key },
    guard,
  });
  const dir = await Deno.makeTempDir({ prefix: "k8sm-pf-kubeconfig-" });
  let uid = "";
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const hostPort = freePort();
    const manifest = podManifest("web", { nodeName: NODE, labels: { app: "web" } }) as {
      spec: Pod["spec"];
    };
    manifest.spec!.containers[0].ports = [{ containerPort: 8080, hostPort }];
    const created = await admin.json(
      "/api/v1/namespaces/default/pods",
      jsonRequest("POST", manifest),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const pod = created.body as unknown as Pod;
    uid = pod.metadata.uid!;
    const running = await admin.fetch(
      "/api/v1/namespaces/default/pods/web/status",
      jsonRequest("PATCH", { status: { phase: "Running" } }, "application/merge-patch+json"),
    );
    assert.equal(running.status, 200, await running.text());
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      name: "main",
      command: [
        "sh",
        "-c",
        'mkdir -p www && echo hello-pf > www/index.html && exec busybox httpd -f -p "$PORT" -h www',
      ],
      ports: [{ containerPort: 8080, hostPort }],
    }, {});
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${hostPort}/index.html`).catch(() => undefined);
      await res?.body?.cancel();
      return res?.ok;
    }, { what: "the pod's web server to listen" });
    const svc = await admin.fetch(
      "/api/v1/namespaces/default/services",
      jsonRequest("POST", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
      }),
    );
    assert.equal(svc.status, 201, await svc.text());
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());
    const transports: [string, Record<string, string>][] = [
      ["WebSocket tunnel", {}],
      ["SPDY", { KUBECTL_PORT_FORWARD_WEBSOCKETS: "false" }],
    ];
    const targets: [string, number][] = [["pod/web", 8080], ["svc/web", 80]];
    for (const [name, env] of transports) {
      for (const [resource, remotePort] of targets) {
        await t.step(
          `${name}, ${resource}: 100 sequential and 20 concurrent requests`,
          async () => {
            const pf = await startKubectlPortForward(config, env, resource, remotePort);
            try {
              const get = async () => {
                const res = await fetch(`http://127.0.0.1:${pf.port}/index.html`);
                return { status: res.status, body: await res.text() };
              };
              for (let i = 0; i < 100; i++) {
                assert.deepEqual(await get(), { status: 200, body: "hello-pf\n" });
              }
              const many = await Promise.all(Array.from({ length: 20 }, get));
              for (const r of many) assert.deepEqual(r, { status: 200, body: "hello-pf\n" });
            } finally {
              await pf.stop();
            }
          },
        );
      }
    }
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

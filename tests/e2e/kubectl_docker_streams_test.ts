/**
 * `kubectl exec` and `kubectl port-forward` (real kubectl 1.32) through a secured apiserver to a
 * secured executor kubelet endpoint running the Docker runtime on podman's Docker API: both
 * output streams and exit code 3, `exec -i` through `cat` byte-exact, and HTTP through
 * `pod/web` and `svc/web` over kubectl's WebSocket and SPDY transports (the pod's network
 * namespace, reached at its pod IP).
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { waitFor } from "../../core/util/wait.ts";
import { registerKubeletNode, runKubectl } from "../_helpers/kubectl_exec.ts";
import { startKubectlPortForward } from "../_helpers/kubectl_port_forward.ts";
import { podmanDockerRuntime, podmanSkipReason, startPodman } from "../_helpers/podman.ts";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-docker";
const skip = podmanSkipReason();
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const TRANSPORTS: [string, Record<string, string>][] = [
  ["WebSocket", {}],
  ["SPDY", {
    KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false",
    KUBECTL_PORT_FORWARD_WEBSOCKETS: "false",
  }],
];

Deno.test({
  name: "kubectl exec and port-forward through the Docker runtime on podman",
  ...(skip ? { ignore: true } : requires("kubectl")),
}, async (t) => {
  const pm = await startPodman();
  const runtime = podmanDockerRuntime(pm);
  const api = await startSecuredApiServer();
  const guard = new KubeletGuard(() => NODE);
  guard.secure(api.ca.certPem);
  const serving = createKubeletServingCert(NODE, ["127.0.0.1"]);
  const server = await startLogServer({
    runtime,
    port: 0,
    tls: { cert: serving.cert, key: serving.key },
    guard,
  });
  const dir = await Deno.makeTempDir({ prefix: "k8sm-docker-streams-" });
  let uid = "";
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const manifest = podManifest("web", { nodeName: NODE, labels: { app: "web" } }) as {
      spec: Pod["spec"];
    };
    manifest.spec!.containers[0].image = pm.image;
    manifest.spec!.containers[0].ports = [{ containerPort: 8080 }];
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
    const sandbox = await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      name: "main",
      image: pm.image,
      command: [
        "sh",
        "-c",
        "mkdir -p /www && echo hello-docker > /www/index.html && exec httpd -f -p 8080 -h /www",
      ],
      ports: [{ containerPort: 8080 }],
    }, {});
    await waitFor(async () => {
      const res = await fetch(`http://${sandbox.podIP}:8080/index.html`).catch(() => undefined);
      await res?.body?.cancel();
      return res?.ok;
    }, { what: `the pod's web server on ${sandbox.podIP}:8080` });
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());

    for (const [transport, env] of TRANSPORTS) {
      await t.step(`${transport}: exec prints both streams and exits 3`, async () => {
        const r = await runKubectl(
          config,
          ["exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 3"],
          { env },
        );
        assert.equal(r.code, 3, r.stderr);
        assert.equal(text(r.stdout), "out\n");
        assert.match(r.stderr, /^err$/m);
        assert.match(r.stderr, /command terminated with exit code 3/);
      });
      await t.step(`${transport}: exec -i pipes 1 MiB through cat byte-exact`, async () => {
        const big = crypto.getRandomValues(new Uint8Array(1024 * 1024 / 16)).slice();
        const input = new Uint8Array(1024 * 1024);
        for (let i = 0; i < 16; i++) input.set(big, i * big.length);
        const r = await runKubectl(config, ["exec", "-i", "web", "--", "cat"], {
          env,
          stdin: input,
        });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.length, input.length);
        assert.ok(r.stdout.every((b, i) => b === input[i]), "cat's output differs from its input");
      });
      for (const [resource, remotePort] of [["pod/web", 8080], ["svc/web", 80]] as const) {
        await t.step(
          `${transport}: port-forward ${resource} serves 100 sequential and 20 concurrent requests`,
          async () => {
            const pf = await startKubectlPortForward(config, env, resource, remotePort);
            try {
              const get = async () => {
                const res = await fetch(`http://127.0.0.1:${pf.port}/index.html`);
                return { status: res.status, body: await res.text() };
              };
              const want = { status: 200, body: "hello-docker\n" };
              for (let i = 0; i < 100; i++) assert.deepEqual(await get(), want);
              const many = await Promise.all(Array.from({ length: 20 }, get));
              for (const r of many) assert.deepEqual(r, want);
            } finally {
              await pf.stop();
            }
          },
        );
      }
    }
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0).catch(() => {});
    await runtime.close();
    await api.stop();
    await pm.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

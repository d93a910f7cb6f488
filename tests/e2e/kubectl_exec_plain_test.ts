/**
 * `kubectl exec` on an open cluster over plain HTTP (apiserver and executor kubelet endpoint
 * on node:http), over WebSocket and SPDY, with the listeners' header and idle timeouts far
 * shorter than the command: an upgraded stream is not cut by them. `kubectl cp` (exec + tar)
 * copies 10 MiB in and out byte-identical. A wrong container is a
 * 400 Status on both attempts, and a container that is not running gets the kubelet's answer.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode, runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { podManifest } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-plain";

Deno.test({
  name: "kubectl exec over plain HTTP outlives the listeners' timeouts; errors as kube's",
  ...requires("kubectl"),
}, async (t) => {
  const api = await startApiServer({
    storage: "memory",
    port: 0,
    headersTimeoutMs: 100,
    idleTimeoutMs: 100,
  });
  const root = await Deno.makeTempDir({ prefix: "k8sm-exec-plain-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const server = await startLogServer({ runtime, port: 0 });
  const dir = await Deno.makeTempDir({ prefix: "k8sm-exec-plain-kubeconfig-" });
  let uid = "";
  try {
    const at = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
    await registerKubeletNode(at, NODE, server.port);
    const manifest = podManifest("plain", { nodeName: NODE }) as { spec: Pod["spec"] };
    manifest.spec!.containers.push({ name: "idle", image: "busybox" });
    const res = await at("/api/v1/namespaces/default/pods", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(manifest),
    });
    const pod = await res.json() as Pod;
    assert.equal(res.status, 201, JSON.stringify(pod));
    uid = pod.metadata.uid!;
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, { name: "main", command: ["sleep", "3600"] }, {});
    const config = `${dir}/config`;
    await Deno.writeTextFile(
      config,
      `apiVersion: v1
kind: Config
clusters: [{name: k8sm, cluster: {server: "${api.url}"}}]
users: [{name: u, user: {}}]
contexts: [{name: k8sm, context: {cluster: k8sm, user: u, namespace: default}}]
current-context: k8sm
`,
    );
    const transports: [string, Record<string, string>][] = [
      ["WebSocket", {}],
      ["SPDY", { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" }],
    ];
    for (const [name, env] of transports) {
      await t.step(`${name}: a command longer than the timeouts finishes`, async () => {
        const r = await runKubectl(
          config,
          ["exec", "plain", "-c", "main", "--", "sh", "-c", "echo early; sleep 1; echo late"],
          { env },
        );
        assert.equal(r.code, 0, r.stderr);
        assert.equal(new TextDecoder().decode(r.stdout), "early\nlate\n");
      });
      await t.step(`${name}: kubectl cp of 10 MiB in and back out is byte-identical`, async () => {
        const data = new Uint8Array(10 * 1024 * 1024);
        for (let i = 0; i < data.length; i += 65536) {
          crypto.getRandomValues(data.subarray(i, i + 65536));
        }
        const local = `${dir}/in-${name}.bin`;
        const back = `${dir}/back-${name}.bin`;
        await Deno.writeFile(local, data);
        // The process runtime has no filesystem of its own: pod paths are host paths.
        const target = `plain:${dir}/pod-${name}`;
        await Deno.mkdir(`${dir}/pod-${name}`);
        const put = await runKubectl(config, ["cp", "-c", "main", local, `${target}/copy.bin`], {
          env,
        });
        assert.equal(put.code, 0, put.stderr);
        const get = await runKubectl(config, ["cp", "-c", "main", `${target}/copy.bin`, back], {
          env,
        });
        assert.equal(get.code, 0, get.stderr);
        const got = await Deno.readFile(back);
        assert.equal(got.length, data.length);
        assert.ok(got.every((b, i) => b === data[i]), "the copy differs from the original");
      });
      await t.step(`${name}: a container not in the pod is a BadRequest`, async () => {
        const r = await runKubectl(config, ["exec", "plain", "-c", "nope", "--", "true"], { env });
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /Error from server \(BadRequest\): container nope is not valid for pod plain/,
        );
      });
      await t.step(
        `${name}: a container that is not running gets the kubelet's answer`,
        async () => {
          const r = await runKubectl(config, ["exec", "plain", "-c", "idle", "--", "true"], {
            env,
          });
          assert.equal(r.code, 1);
          assert.match(r.stderr, /unable to upgrade connection: container not found \("idle"\)/);
        },
      );
    }
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(dir, { recursive: true });
    await api.close();
  }
});

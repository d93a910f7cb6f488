/**
 * @kubernetes/client-node 2.0.1's `PortForward` (WebSocket `v4.channel.k8s.io` with a data
 * and an error channel per port, `?ports=`) through the apiserver to the executor: an HTTP
 * request written to its input reaches a web server in the pod and the answer comes back on
 * its output; a port nothing listens on yields an error on its error stream.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import * as k8s from "@kubernetes/client-node";
import type { Pod } from "../../core/api/types/pod.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { registerKubeletNode } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { podManifest } from "../_helpers/secured_apiserver.ts";
import { freePort } from "../core/executor/runtime_contract.ts";

const NODE = "agent-cnpf";

/** Collects a stream's text. */
function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (c: Uint8Array) => text += new TextDecoder().decode(c));
  return () => text;
}

Deno.test({
  name: "client-node PortForward reaches the pod's web server and reports dial errors",
  ...requires("busybox"),
}, async () => {
  const api = await startApiServer({ storage: "memory", port: 0 });
  const root = await Deno.makeTempDir({ prefix: "k8sm-cn-pf-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const server = await startLogServer({ runtime, port: 0 });
  let uid = "";
  try {
    const at = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
    await registerKubeletNode(at, NODE, server.port);
    const hostPort = freePort();
    const manifest = podManifest("cnweb", { nodeName: NODE }) as { spec: Pod["spec"] };
    manifest.spec!.containers[0].ports = [{ containerPort: 8080, hostPort }];
    const res = await at("/api/v1/namespaces/default/pods", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(manifest),
    });
    const pod = await res.json() as Pod;
    assert.equal(res.status, 201, JSON.stringify(pod));
    uid = pod.metadata.uid!;
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      ...manifest.spec!.containers[0],
      command: [
        "sh",
        "-c",
        'mkdir -p www && echo hello-cn > www/index.html && exec busybox httpd -f -p "$PORT" -h www',
      ],
    }, {});
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${hostPort}/index.html`).catch(() => undefined);
      await r?.body?.cancel();
      return r?.ok;
    }, { what: "the pod's web server to listen" });

    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "t", server: api.url, skipTLSVerify: true }],
      users: [{ name: "u" }],
      contexts: [{ name: "t", cluster: "t", user: "u" }],
      currentContext: "t",
    });
    const forward = async (port: number) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const errors = new PassThrough();
      await new k8s.PortForward(kc).portForward("default", "cnweb", [port], output, errors, input);
      return { input, out: collect(output), err: collect(errors) };
    };

    const web = await forward(8080);
    web.input.write("GET /index.html HTTP/1.0\r\n\r\n");
    await waitFor(() => web.out().includes("hello-cn"), { what: "the page through PortForward" });
    assert.match(web.out(), /^HTTP\/1\.[01] 200/);
    web.input.end();

    const nothing = await forward(9);
    await waitFor(() => nothing.err().length > 0, { what: "an error for a closed port" });
    assert.match(nothing.err(), /error forwarding port 9 to pod/);
    nothing.input.end();
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await api.close();
  }
});

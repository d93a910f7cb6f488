/**
 * @kubernetes/client-node 2.0.1's `Exec` (the `ws` WebSocket client offering v5 first, then v4
 * and older) against an open apiserver and an executor kubelet endpoint with the process
 * runtime: stdin reaches the command and its end is signalled (v5 `[255, 0]`), stdout and
 * stderr come back separately, and the status callback gets the NonZeroExitCode Status; its
 * `Attach` streams a running container's output.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { PassThrough, Readable } from "node:stream";
import * as k8s from "@kubernetes/client-node";
import type { Pod } from "../../core/api/types/pod.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { registerKubeletNode } from "../_helpers/kubectl_exec.ts";
import { podManifest } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-cn";

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (c: Uint8Array) => text += new TextDecoder().decode(c));
  return () => text;
}

Deno.test("client-node Exec and Attach: stdin, stdout, stderr, exit code Status, output", async () => {
  const api = await startApiServer({ storage: "memory", port: 0 });
  const root = await Deno.makeTempDir({ prefix: "k8sm-cn-exec-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const server = await startLogServer({ runtime, port: 0 });
  let uid = "";
  try {
    const at = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
    await registerKubeletNode(at, NODE, server.port);
    const manifest = podManifest("cn", { nodeName: NODE }) as { spec: Pod["spec"] };
    manifest.spec!.containers.push({ name: "ticker", image: "busybox" });
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

    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "t", server: api.url, skipTLSVerify: true }],
      users: [{ name: "u" }],
      contexts: [{ name: "t", cluster: "t", user: "u" }],
      currentContext: "t",
    });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec(
        "default",
        "cn",
        "main",
        ["sh", "-c", "cat; echo err >&2; exit 3"],
        stdout,
        stderr,
        Readable.from([Buffer.from("from stdin\n")]),
        false,
        (s) => resolve(s),
      ).then((ws) => ws.on("error", reject), reject);
    });
    assert.equal(status.status, "Failure");
    assert.equal(status.reason, "NonZeroExitCode");
    assert.deepEqual(status.details?.causes, [{ reason: "ExitCode", message: "3" }]);
    assert.equal(out(), "from stdin\n");
    assert.equal(err(), "err\n");

    // Attach: the main process's output streams until the client closes.
    await runtime.startContainer(pod, {
      name: "ticker",
      command: ["sh", "-c", "while true; do echo tick; sleep 0.1; done"],
    }, {});
    const attached = new PassThrough();
    const ticks = collect(attached);
    const ws = await new k8s.Attach(kc).attach(
      "default",
      "cn",
      "ticker",
      attached,
      null,
      null,
      false,
    );
    await waitFor(() => (ticks().match(/tick\n/g) ?? []).length >= 2, {
      what: "two lines through client-node Attach",
    });
    const closed = new Promise((r) => ws.once("close", r));
    ws.close();
    await closed;
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await api.close();
  }
});

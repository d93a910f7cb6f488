/**
 * `kubectl attach -i` (real kubectl 1.32) through a secured apiserver and a secured executor
 * kubelet endpoint running the process runtime: a `stdin: true` container running `cat` gets
 * what the client types on its stdin and its echo comes back as attach output; its stdin stays
 * open after the client leaves, so a second attach reaches the same process, and the log holds
 * both lines.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { registerKubeletNode, runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-attach";

/** Runs `kubectl attach -i`, types `line`, waits for it to come back, then ends the client. */
async function attachAndType(kubeconfig: string, line: string): Promise<string> {
  const child = new Deno.Command("kubectl", {
    args: ["--kubeconfig", kubeconfig, "attach", "-i", "echoer", "-c", "main"],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", NO_COLOR: "1" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let out = "";
  const reading = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) out += chunk;
  })();
  const stdin = child.stdin.getWriter();
  try {
    // Typed again until echoed: the attach session may not be up when the first line is sent.
    await waitFor(async () => {
      if (out.includes(line)) return true;
      await stdin.write(new TextEncoder().encode(`${line}\n`));
      return false;
    }, { timeoutMs: 30_000, intervalMs: 500, what: `"${line}" echoed through kubectl attach` });
  } finally {
    await stdin.close().catch(() => {});
    child.kill("SIGTERM");
    await child.status;
    await reading.catch(() => {});
  }
  return out;
}

Deno.test({
  name: "kubectl attach -i writes to a stdin: true container's main process and reads its echo",
  ...requires("kubectl"),
}, async () => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-attach-e2e-" });
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
  let uid = "";
  const dir = await Deno.makeTempDir({ prefix: "k8sm-attach-kubeconfig-" });
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const manifest = podManifest("echoer", { nodeName: NODE }) as { spec: Pod["spec"] };
    manifest.spec!.containers[0] = { name: "main", image: "busybox", stdin: true };
    const created = await admin.json(
      "/api/v1/namespaces/default/pods",
      jsonRequest("POST", manifest),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const pod = created.body as unknown as Pod;
    uid = pod.metadata.uid!;
    await runtime.ensureSandbox(pod, {});
    const ref = await runtime.startContainer(pod, {
      name: "main",
      command: ["cat"],
      stdin: true,
    }, {});

    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());
    assert.match(await attachAndType(config, "first line"), /first line\n/);
    // The first client is gone; cat still runs and reads from the same stdin.
    assert.equal((await runtime.inspectContainer(ref)).state, "running");
    assert.match(await attachAndType(config, "second line"), /second line\n/);
    const logs = await runKubectl(config, ["logs", "echoer"]);
    assert.equal(logs.code, 0, logs.stderr);
    const text = new TextDecoder().decode(logs.stdout);
    assert.match(text, /first line\n/);
    assert.match(text, /second line\n/);
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

/**
 * `kubectl attach -i` (real kubectl 1.32) through a secured apiserver and a secured executor
 * kubelet endpoint running the process runtime: a `stdin: true` container running `cat` gets
 * what the client types on its stdin and its echo comes back as attach output; its stdin stays
 * open after the client leaves, so a second attach reaches the same process, and the log holds
 * both lines. A `stdinOnce` container's stdin ends when its first attach client leaves.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { attachAndType } from "../_helpers/kubectl_attach.ts";
import { createHostedPod, startKubeletHost } from "../_helpers/kubelet_host.ts";
import { registerKubeletNode, runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-attach";

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
    assert.match(await attachAndType(config, "echoer", "main", "first line"), /first line\n/);
    // The first client is gone; cat still runs and reads from the same stdin.
    assert.equal((await runtime.inspectContainer(ref)).state, "running");
    assert.match(await attachAndType(config, "echoer", "main", "second line"), /second line\n/);
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

Deno.test({
  name: "kubectl attach -i to a stdinOnce container closes its stdin when the client leaves",
  ...requires("kubectl"),
}, async () => {
  const api = await startSecuredApiServer();
  const host = await startKubeletHost(api, NODE, "k8sm-attach-once-");
  const dir = await Deno.makeTempDir({ prefix: "k8sm-attach-once-kubeconfig-" });
  try {
    const manifest = podManifest("once", { nodeName: NODE }) as { spec: Pod["spec"] };
    const spec = { name: "main", image: "busybox", stdin: true, stdinOnce: true };
    manifest.spec!.containers[0] = spec;
    const pod = await createHostedPod(api, host, manifest);
    const ref = await host.runtime.startContainer(pod, {
      ...spec,
      command: ["sh", "-c", "cat; echo stdin-closed; sleep 3600"],
    }, {});
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, api.admin.kubeconfig());
    assert.match(await attachAndType(config, "once", "main", "only line"), /only line\n/);
    // The first attach with stdin is over: cat reads EOF and the shell goes on.
    await waitFor(async () => {
      const logs = await runKubectl(config, ["logs", "once"]);
      return new TextDecoder().decode(logs.stdout).includes("only line\nstdin-closed\n");
    }, { timeoutMs: 30_000, what: "cat to end after the stdinOnce attach left" });
    assert.equal((await host.runtime.inspectContainer(ref)).state, "running");
  } finally {
    await host.close();
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

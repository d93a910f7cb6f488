/**
 * `k8sm cp` (a real process) through a secured apiserver to a secured executor running the
 * process runtime (tar through exec over the client-side WebSocket): a 10 MiB random file goes
 * into the pod and back out byte-identical, a directory tree round-trips, argument parsing
 * tells pods from local paths, and copying between two local paths is refused.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { parseCopyEnd } from "../../core/client/pod_copy.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode } from "../_helpers/kubectl_exec.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-k8sm-cp";
const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

async function k8sm(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", CLI, ...args],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", PATH: Deno.env.get("PATH") ?? "", NO_COLOR: "1" },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("cp arguments: POD:PATH and NS/POD:PATH are pods, the rest local paths", () => {
  assert.deepEqual(parseCopyEnd("web:/tmp/x"), {
    namespace: undefined,
    pod: "web",
    path: "/tmp/x",
  });
  assert.deepEqual(parseCopyEnd("ns1/web:data"), { namespace: "ns1", pod: "web", path: "data" });
  assert.deepEqual(parseCopyEnd("/tmp/a:b"), { local: "/tmp/a:b" });
  assert.deepEqual(parseCopyEnd("./file"), { local: "./file" });
});

Deno.test("k8sm cp copies a 10 MiB file and a directory into a pod and back", async (t) => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-cp-cmd-" });
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
  const dir = await Deno.makeTempDir({ prefix: "k8sm-cp-cmd-local-" });
  let uid = "";
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const made = await admin.json(
      "/api/v1/namespaces/default/pods",
      jsonRequest("POST", podManifest("box", { nodeName: NODE })),
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const pod = made.body as unknown as Pod;
    uid = pod.metadata.uid!;
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      name: "main",
      command: ["sh", "-c", "mkdir -p data && exec sleep 3600"],
    }, {});
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());
    const cp = (a: string, b: string) => k8sm(["cp", "--kubeconfig", config, a, b]);

    await t.step("a 10 MiB random file in and back out is byte-identical", async () => {
      const data = new Uint8Array(10 * 1024 * 1024);
      for (let off = 0; off < data.length; off += 65536) {
        crypto.getRandomValues(data.subarray(off, off + 65536));
      }
      await Deno.writeFile(`${dir}/big.bin`, data);
      let r = await cp(`${dir}/big.bin`, "box:data/remote.bin");
      assert.equal(r.code, 0, r.stderr);
      r = await cp("box:data/remote.bin", `${dir}/back.bin`);
      assert.equal(r.code, 0, r.stderr);
      const back = await Deno.readFile(`${dir}/back.bin`);
      assert.equal(back.length, data.length);
      assert.ok(back.every((b, i) => b === data[i]), "the copied file differs");
    });

    await t.step("a directory tree round-trips under its new name", async () => {
      await Deno.mkdir(`${dir}/tree/sub`, { recursive: true });
      await Deno.writeTextFile(`${dir}/tree/a.txt`, "a\n");
      await Deno.writeTextFile(`${dir}/tree/sub/b.txt`, "b\n");
      let r = await cp(`${dir}/tree`, "box:data/t2");
      assert.equal(r.code, 0, r.stderr);
      r = await cp("box:data/t2", `${dir}/t3`);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await Deno.readTextFile(`${dir}/t3/a.txt`), "a\n");
      assert.equal(await Deno.readTextFile(`${dir}/t3/sub/b.txt`), "b\n");
    });

    await t.step("two local paths are refused", async () => {
      const r = await cp(`${dir}/big.bin`, `${dir}/other.bin`);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /write exactly one side as POD:PATH/);
    });
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

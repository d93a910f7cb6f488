/**
 * `k8sm exec` and `k8sm attach` (real processes) through a secured apiserver to a secured
 * executor kubelet endpoint running the process runtime, over the client-side WebSocket v5
 * protocol with the kubeconfig's client certificate: both output streams and the exit code come
 * back, 1 MiB of stdin reaches `cat` byte-exact, `-it` under a pty carries the terminal size,
 * attach streams the main process, and a user without pods/exec gets the server's 403 message.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode } from "../_helpers/kubectl_exec.ts";
import { REMOTE_STTY_SIZE, runOnPty } from "../_helpers/pty_script.ts";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";

const NODE = "agent-k8sm-exec";
const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Runs `k8sm --kubeconfig CONFIG args…` with optional stdin bytes. */
async function k8sm(config: string, args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-check",
      CLI,
      ...args.slice(0, 1),
      "--kubeconfig",
      config,
      ...args.slice(1),
    ],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", NO_COLOR: "1" },
    clearEnv: true,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: text(out.stderr) };
}

Deno.test({
  name: "k8sm exec and attach through a secured apiserver and executor",
  ...requires("busybox"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-exec-cmd-" });
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
  const uids: string[] = [];
  const dir = await Deno.makeTempDir({ prefix: "k8sm-exec-cmd-config-" });
  try {
    const { admin } = api;
    await registerKubeletNode(admin.fetch, NODE, server.port, serving.caPem);
    const start = async (name: string, command: string[]) => {
      const made = await admin.json(
        "/api/v1/namespaces/default/pods",
        jsonRequest("POST", podManifest(name, { nodeName: NODE })),
      );
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const pod = made.body as unknown as Pod;
      uids.push(pod.metadata.uid!);
      await runtime.ensureSandbox(pod, {});
      await runtime.startContainer(pod, { name: "main", command }, {});
    };
    await start("shell", ["sleep", "3600"]);
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());

    await t.step("exec prints both streams and exits with the remote code", async () => {
      const r = await k8sm(config, [
        "exec",
        "shell",
        "--",
        "sh",
        "-c",
        "echo out; echo err >&2; exit 3",
      ]);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(text(r.stdout), "out\n");
      assert.match(r.stderr, /^err$/m);
      assert.match(r.stderr, /command terminated with exit code 3/);
      const ok = await k8sm(config, ["exec", "pod/shell", "-c", "main", "--", "echo", "hi"]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(text(ok.stdout), "hi\n");
    });

    await t.step("exec -i pipes 1 MiB of stdin through cat byte-exact", async () => {
      const big = crypto.getRandomValues(new Uint8Array(64 * 1024));
      const input = new Uint8Array(1024 * 1024);
      for (let i = 0; i < 16; i++) input.set(big, i * big.length);
      const r = await k8sm(config, ["exec", "-i", "shell", "--", "cat"], input);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.length, input.length);
      assert.ok(r.stdout.every((b, i) => b === input[i]), "cat's output differs from its input");
    });

    await t.step("exec -it under a pty sends the terminal size", async () => {
      const { code, text: got } = await runOnPty(
        `${Deno.execPath()} run -A --no-check ${CLI} exec --kubeconfig ${config} -it shell -- ` +
          `sh -c '${REMOTE_STTY_SIZE}'`,
      );
      assert.equal(code, 4, got);
      assert.match(got, /37 91\r?$/m, JSON.stringify(got));
    });

    await t.step("attach streams the main process's output", async () => {
      await start("ticker", [
        "sh",
        "-c",
        "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done",
      ]);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", CLI, "attach", "--kubeconfig", config, "ticker"],
        env: { HOME: Deno.env.get("HOME") ?? "/tmp" },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "null",
      }).spawn();
      let seen = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        seen += chunk;
        if (/tick \d+\n.*tick \d+\n/s.test(seen)) break;
      }
      child.kill("SIGTERM");
      await child.status;
      assert.match(seen, /tick \d+\n.*tick \d+\n/s);
    });

    await t.step("a user without pods/exec gets the server's 403 message", async () => {
      const other = `${dir}/nobody`;
      await Deno.writeTextFile(other, api.as("nobody").kubeconfig());
      const r = await k8sm(other, ["exec", "shell", "--", "true"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: .*cannot (get|create) resource "pods\/exec"/m);
    });
  } finally {
    await server.close();
    for (const uid of uids) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

/**
 * `k8sm port-forward` (a real process) through a secured apiserver to a secured executor running
 * the process runtime, over the client-side WebSocket port-forward protocol with the
 * kubeconfig's client certificate: sequential and concurrent HTTP requests reach a web server in
 * the pod; a pod that is not running and a bad port pair are refused with a clear message.
 */
import { startKubeletHost } from "../_helpers/kubelet_host.ts";
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { parsePortPair } from "../../core/client/port_forward_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { freePort } from "../core/executor/runtime_contract.ts";

const NODE = "agent-k8sm-pf";
const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

function k8sm(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", CLI, ...args],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", NO_COLOR: "1" },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("port pairs: LOCAL:REMOTE, :REMOTE and PORT; anything else is refused", () => {
  assert.deepEqual(parsePortPair("9000:80"), { local: 9000, remote: 80 });
  assert.deepEqual(parsePortPair(":80"), { local: 0, remote: 80 });
  assert.deepEqual(parsePortPair("8080"), { local: 8080, remote: 8080 });
  assert.throws(() => parsePortPair("80:0"), /"80:0" is not a port pair/);
  assert.throws(() => parsePortPair("web"), /"web" is not a port pair/);
});

Deno.test({
  name: "k8sm port-forward reaches the pod's server through a secured apiserver and executor",
  ...requires("busybox"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const host = await startKubeletHost(api, NODE, "k8sm-pf-cmd-");
  const { runtime } = host;
  const dir = await Deno.makeTempDir({ prefix: "k8sm-pf-cmd-config-" });
  try {
    const { admin } = api;
    const hostPort = freePort();
    const manifest = podManifest("web", { nodeName: NODE }) as { spec: Pod["spec"] };
    manifest.spec!.containers[0].ports = [{ containerPort: 8080, hostPort }];
    const created = await admin.json(
      "/api/v1/namespaces/default/pods",
      jsonRequest("POST", manifest),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const pod = created.body as unknown as Pod;
    host.track(pod.metadata.uid!);
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());

    await t.step("a pod that is not running is refused", async () => {
      const out = await k8sm(["port-forward", "--kubeconfig", config, "web", ":8080"]).output();
      assert.equal(out.code, 1);
      assert.match(
        new TextDecoder().decode(out.stderr),
        /unable to forward port because pod is not running\. Current status=Pending/,
      );
    });

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

    await t.step("20 sequential and 10 concurrent requests", async () => {
      const child = k8sm(["port-forward", "--kubeconfig", config, "pod/web", ":8080"]).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      try {
        let seen = "";
        let port = 0;
        while (!port) {
          const r = await reader.read();
          if (r.done) throw new Error(`k8sm port-forward ended before listening: ${seen}`);
          seen += r.value;
          port = Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(seen)?.[1] ?? 0);
        }
        const get = async () => {
          const res = await fetch(`http://127.0.0.1:${port}/index.html`);
          return { status: res.status, body: await res.text() };
        };
        for (let i = 0; i < 20; i++) {
          assert.deepEqual(await get(), { status: 200, body: "hello-pf\n" });
        }
        const many = await Promise.all(Array.from({ length: 10 }, get));
        for (const r of many) assert.deepEqual(r, { status: 200, body: "hello-pf\n" });
      } finally {
        child.kill("SIGTERM");
        await reader.cancel().catch(() => {});
        await child.stderr.cancel().catch(() => {});
        await child.status;
      }
    });
  } finally {
    await host.close();
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

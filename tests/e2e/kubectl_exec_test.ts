/**
 * `kubectl exec` (real kubectl 1.32) end to end through a secured apiserver and a secured
 * executor kubelet endpoint running the process runtime, over kubectl's default WebSocket
 * (`v5.channel.k8s.io`) path and its SPDY/3.1 path (`KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`):
 * output comes back, the exit code is kubectl's, stdin reaches `cat` byte-exact, and a user
 * without pods/exec or without credentials is refused.
 */
import { startKubeletHost } from "../_helpers/kubelet_host.ts";
import assert from "node:assert/strict";
import { connect as tlsConnect } from "node:tls";
import type { Pod } from "../../core/api/types/pod.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { REMOTE_STTY_SIZE, runOnPty } from "../_helpers/pty_script.ts";
import { requires } from "../_helpers/requirements.ts";
import {
  expectStatus,
  jsonRequest,
  podManifest,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";

const NODE = "agent-x";

/** Sends an anonymous upgrade request over TLS and returns the answer's status code. */
function rawUpgrade(url: string, caPem: string, method: string, upgrade: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: u.hostname, port: Number(u.port), ca: caPem }, () => {
      s.write(
        `${method} /api/v1/namespaces/default/pods/shell/exec?command=echo&stdout=true HTTP/1.1\r\n` +
          `Host: ${u.host}\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
          "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n" +
          "Content-Length: 0\r\n\r\n",
      );
    });
    let got = "";
    s.on("data", (chunk: Uint8Array) => {
      got += new TextDecoder().decode(chunk);
      const m = /^HTTP\/1\.1 (\d+)/.exec(got);
      if (m) {
        s.destroy();
        resolve(Number(m[1]));
      }
    });
    s.on("error", reject);
  });
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test({
  name: "kubectl exec over WebSocket and SPDY through a secured apiserver and executor",
  ...requires("kubectl"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const host = await startKubeletHost(api, NODE, "k8sm-exec-e2e-");
  const { runtime } = host;
  try {
    const { admin } = api;
    const created = await admin.json(
      "/api/v1/namespaces/default/pods",
      jsonRequest("POST", podManifest("shell", { nodeName: NODE })),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const pod = created.body as unknown as Pod;
    host.track(pod.metadata.uid!);
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, { name: "main", command: ["sleep", "3600"] }, {});

    const dir = await Deno.makeTempDir({ prefix: "k8sm-exec-kubeconfig-" });
    const adminConfig = `${dir}/admin`;
    await Deno.writeTextFile(adminConfig, admin.kubeconfig());
    for (
      const [transport, env] of [
        ["WebSocket", {}],
        ["SPDY", { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" }],
      ] as const
    ) {
      await t.step(`${transport}: exec -- echo hi prints hi`, async () => {
        const r = await runKubectl(adminConfig, ["exec", "shell", "--", "echo", "hi"], { env });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(text(r.stdout), "hi\n");
      });
      await t.step(
        `${transport}: both streams come back and exit 3 is kubectl's exit code`,
        async () => {
          const r = await runKubectl(
            adminConfig,
            ["exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3"],
            { env },
          );
          assert.equal(r.code, 3, r.stderr);
          assert.equal(text(r.stdout), "out\n");
          assert.match(r.stderr, /^err$/m);
          assert.match(r.stderr, /command terminated with exit code 3/);
        },
      );
      await t.step(
        `${transport}: exec -i pipes 1 MiB of stdin through cat byte-exact`,
        async () => {
          const input = crypto.getRandomValues(new Uint8Array(64 * 1024));
          const big = new Uint8Array(1024 * 1024);
          for (let i = 0; i < 16; i++) big.set(input, i * input.length);
          const r = await runKubectl(adminConfig, ["exec", "-i", "shell", "--", "cat"], {
            env,
            stdin: big,
          });
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout.length, big.length);
          assert.ok(r.stdout.every((b, i) => b === big[i]), "cat's output differs from its input");
        },
      );
    }

    await t.step("exec -it runs on a terminal of the client's size (under script)", async () => {
      // kubectl gets a 91x37 pty and sends it as its first resize; the remote shell polls
      // for that size, prints it and exits 4.
      const transports: Record<string, string>[] = [{}, {
        KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false",
      }];
      for (const env of transports) {
        const { code, text } = await runOnPty(
          `kubectl --kubeconfig ${adminConfig} exec -it shell -- sh -c '${REMOTE_STTY_SIZE}'`,
          env,
        );
        assert.equal(code, 4, `${JSON.stringify(env)}: ${text}`);
        assert.match(text, /37 91\r?$/m, `${JSON.stringify(env)}: ${JSON.stringify(text)}`);
      }
    });

    await t.step("attach streams the main process's output (WebSocket and SPDY)", async () => {
      const made = await admin.json(
        "/api/v1/namespaces/default/pods",
        jsonRequest("POST", podManifest("ticker", { nodeName: NODE })),
      );
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const ticker = made.body as unknown as Pod;
      host.track(ticker.metadata.uid!);
      await runtime.ensureSandbox(ticker, {});
      await runtime.startContainer(ticker, {
        name: "main",
        command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done"],
      }, {});
      const transports: Record<string, string>[] = [{}, {
        KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false",
      }];
      for (const env of transports) {
        const child = new Deno.Command("kubectl", {
          args: ["--kubeconfig", adminConfig, "attach", "ticker"],
          env: { HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
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
        assert.match(seen, /tick \d+\n.*tick \d+\n/s, `attach ${JSON.stringify(env)}`);
      }
    });

    await t.step("a user who may read pods but not pods/exec gets 403", async () => {
      await expectStatus(
        await admin.fetch(
          "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles",
          jsonRequest("POST", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: "pod-reader" },
            rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
          }),
        ),
        201,
        "create the pod-reader Role",
      );
      await expectStatus(
        await admin.fetch(
          "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings",
          jsonRequest("POST", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: "erin-reads-pods" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "erin" }],
          }),
        ),
        201,
        "bind erin to pod-reader",
      );
      const erinConfig = `${dir}/erin`;
      await Deno.writeTextFile(erinConfig, api.as("erin").kubeconfig());
      const transports: Record<string, string>[] = [{}, {
        KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false",
      }];
      for (const env of transports) {
        const r = await runKubectl(erinConfig, ["exec", "shell", "--", "echo", "hi"], { env });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(text(r.stdout), "");
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): pods "shell" is forbidden: User "erin" cannot create resource "pods\/exec" in API group "" in the namespace "default"/,
        );
      }
    });

    await t.step("an anonymous upgrade gets 401 on both transports", async () => {
      // The upgrade itself is refused, whatever the transport (the pod read above may be too).
      for (const method of ["GET", "POST"]) {
        const upgrade = method === "GET" ? "websocket" : "SPDY/3.1";
        const status = await rawUpgrade(api.url, api.ca.certPem, method, upgrade);
        assert.equal(status, 401, `${method} with Upgrade: ${upgrade}`);
      }
    });
    await Deno.remove(dir, { recursive: true });
  } finally {
    await host.close();
    await api.stop();
  }
});

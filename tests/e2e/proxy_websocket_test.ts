/**
 * WebSocket upgrades through `pods/NAME:PORT/proxy/…` and `services/NAME:PORT/proxy/…` on a
 * secured apiserver, to a real WebSocket server in a pod (a small Deno script on the process
 * runtime): the 101 and the echoed messages come back, the backend sees the subpath and query
 * but not the caller's credentials, a user without pods/proxy is refused (403) and an anonymous
 * caller is not authenticated (401).
 */
import assert from "node:assert/strict";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { Pod } from "../../core/api/types/pod.ts";
import { createClientCertificate } from "../../core/auth/pki/certificate.ts";
import { encodeWsClose, WS_OP, WsFrameReader } from "../../core/streams/websocket_frames.ts";
import { waitFor } from "../../core/util/wait.ts";
import { createHostedPod, startKubeletHost } from "../_helpers/kubelet_host.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { freePort } from "../core/executor/runtime_contract.ts";

const NODE = "agent-ws-proxy";

/** The pod's server: echoes each WebSocket message with the path, query and Authorization. */
const SERVER = `
Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen() {} }, (req) => {
  const u = new URL(req.url);
  if (req.headers.get("upgrade") !== "websocket") return new Response("plain " + u.pathname);
  const auth = req.headers.get("authorization");
  const { socket, response } = Deno.upgradeWebSocket(req);
  socket.onmessage = (e) => socket.send("echo " + u.pathname + u.search + " " + e.data + " auth=" + auth);
  return response;
});
`;

/** A client frame (masked, FIN) of `text`. */
function clientText(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  if (data.length >= 126) throw new Error("the test sends short messages only");
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const out = new Uint8Array(6 + data.length);
  out[0] = 0x80 | WS_OP.TEXT;
  out[1] = 0x80 | data.length;
  out.set(mask, 2);
  data.forEach((b, i) => out[6 + i] = b ^ mask[i & 3]);
  return out;
}

/** A raw WebSocket client over TLS (client certificate optional). */
async function wsConnect(
  url: string,
  path: string,
  ca: string,
  id?: { certPem: string; keyPem: string },
  extra = "",
): Promise<{ status: number; next(): Promise<string>; send(t: string): void; close(): void }> {
  const u = new URL(url);
  const socket: TLSSocket = await new Promise((resolve, reject) => {
    const s = tlsConnect({
      host: u.hostname,
      port: Number(u.port),
      ca,
      cert: id?.certPem,
      key: id?.keyPem,
    }, () => resolve(s));
    s.once("error", reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
      extra + "\r\n",
  );
  const reader = new WsFrameReader();
  const messages: string[] = [];
  let head = "";
  let status = 0;
  socket.on("data", (chunk: Uint8Array) => {
    let bytes = new Uint8Array(chunk);
    if (!status) {
      head += new TextDecoder("latin1").decode(bytes);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
      bytes = bytes.subarray(bytes.length - (head.length - end - 4));
    }
    for (const m of reader.push(bytes)) {
      if (m.opcode === WS_OP.TEXT) messages.push(new TextDecoder().decode(m.data));
    }
  });
  await waitFor(() => status !== 0, { what: `the answer to the upgrade of ${path}` });
  return {
    status,
    async next() {
      await waitFor(() => messages.length > 0, { what: `a WebSocket message on ${path}` });
      return messages.shift()!;
    },
    send: (t) => void socket.write(clientText(t)),
    close() {
      socket.write(encodeWsClose(1000));
      socket.destroy();
    },
  };
}

Deno.test("WebSocket upgrades pass through pod and service proxy subresources", async (t) => {
  const api = await startSecuredApiServer();
  const host = await startKubeletHost(api, NODE, "k8sm-ws-proxy-");
  const dir = await Deno.makeTempDir({ prefix: "k8sm-ws-proxy-" });
  try {
    const { admin } = api;
    const script = `${dir}/server.ts`;
    await Deno.writeTextFile(script, SERVER);
    const hostPort = freePort();
    const ports = [{ containerPort: 8080, hostPort, name: "ws" }];
    const manifest = podManifest("ws", { nodeName: NODE, labels: { app: "ws" } }) as {
      spec: Pod["spec"];
    };
    manifest.spec!.containers[0].ports = ports;
    const pod = await createHostedPod(api, host, manifest);
    const st = await admin.fetch(
      "/api/v1/namespaces/default/pods/ws/status",
      jsonRequest(
        "PATCH",
        { status: { phase: "Running", hostIP: "127.0.0.1", podIP: "127.0.0.1" } },
        "application/merge-patch+json",
      ),
    );
    assert.equal(st.status, 200, await st.text());
    await host.runtime.startContainer(pod, {
      name: "main",
      command: [
        Deno.execPath(),
        "run",
        "--no-config",
        "--allow-net=127.0.0.1",
        "--allow-env",
        script,
      ],
      env: [{ name: "DENO_DIR", value: `${dir}/deno-cache` }],
      ports,
    }, {});
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${hostPort}/`).catch(() => undefined);
      return (await res?.text())?.startsWith("plain");
    }, { what: "the pod's WebSocket server", timeoutMs: 30_000 });
    for (
      const [path, body] of [
        ["/api/v1/namespaces/default/services", {
          metadata: { name: "ws" },
          spec: { selector: { app: "ws" }, ports: [{ port: 80, targetPort: 8080 }] },
        }],
        ["/api/v1/namespaces/default/endpoints", {
          metadata: { name: "ws" },
          subsets: [{
            addresses: [{
              ip: "127.0.0.1",
              targetRef: { kind: "Pod", namespace: "default", name: "ws", uid: pod.metadata.uid },
            }],
            ports: [{ port: hostPort }],
          }],
        }],
      ] as const
    ) {
      const r = await admin.json(path, jsonRequest("POST", body));
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const adminId = createClientCertificate(api.ca, "ws-admin", ["system:masters"]);
    for (
      const prefix of [
        "/api/v1/namespaces/default/pods/ws:8080/proxy",
        "/api/v1/namespaces/default/services/ws:80/proxy",
      ]
    ) {
      await t.step(`${prefix}: messages are echoed without the caller's credentials`, async () => {
        // The certificate authenticates; the Authorization header must not reach the pod.
        const ws = await wsConnect(
          api.url,
          `${prefix}/chat?room=1`,
          api.ca.certPem,
          adminId,
          "Authorization: Bearer not-for-the-pod\r\n",
        );
        try {
          assert.equal(ws.status, 101);
          ws.send("hello");
          assert.equal(await ws.next(), "echo /chat?room=1 hello auth=null");
          ws.send("again");
          assert.equal(await ws.next(), "echo /chat?room=1 again auth=null");
        } finally {
          ws.close();
        }
      });
    }
    await t.step(
      "a user without pods/proxy is refused and an anonymous one is not let in",
      async () => {
        const path = "/api/v1/namespaces/default/pods/ws:8080/proxy/chat";
        const nobody = createClientCertificate(api.ca, "nobody", []);
        const refused = await wsConnect(api.url, path, api.ca.certPem, nobody);
        refused.close();
        assert.equal(refused.status, 403);
        const anonymous = await wsConnect(api.url, path, api.ca.certPem);
        anonymous.close();
        assert.equal(anonymous.status, 401);
      },
    );
  } finally {
    await host.close();
    await api.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * The executor's kubelet endpoint on a secured cluster (issue 10), over real HTTPS: served with
 * the executor's own certificate and guarded with the cluster CA, it refuses anonymous clients
 * (401), cluster users other than the apiserver (403) and certificates of another CA (401), and
 * admits the apiserver's kubelet client certificate. Through a secured apiserver (kubelet
 * client identity set, the Node carrying the executor's pinned CA and a mesos:// providerID),
 * `pods/log` returns the container's lines end to end — and a Node pinned to another CA gets
 * nothing from this executor.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { KUBELET_SERVING_CERT_ANNOTATION } from "../../core/apiserver/kubelet_target.ts";
import { createCaCertificate, createClientCertificate } from "../../core/auth/pki/certificate.ts";
import { KUBELET_CLIENT_USER, KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import {
  expectStatus,
  jsonRequest,
  podManifest,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";

const NODE = "agent-k";
const MERGE = "application/merge-patch+json";

Deno.test("secured kubelet endpoint: only the apiserver gets in; pods/log works end to end", async (t) => {
  const api = await startSecuredApiServer();
  const root = await Deno.makeTempDir({ prefix: "k8sm-kubelet-e2e-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const guard = new KubeletGuard(() => NODE);
  guard.secure(api.ca.certPem);
  const serving = createKubeletServingCert(NODE, ["127.0.0.1"]);
  const server = await startLogServer({
    runtime,
    port: 0,
    tls: { cert: serving.cert, key: serving.key },
    guard,
    pods: () => [],
  });
  const base = `https://127.0.0.1:${server.port}`;
  const clients: Deno.HttpClient[] = [];
  const client = (cert?: { certPem: string; keyPem: string }) => {
    const c = cert
      ? Deno.createHttpClient({ caCerts: [serving.caPem], cert: cert.certPem, key: cert.keyPem })
      : Deno.createHttpClient({ caCerts: [serving.caPem] });
    clients.push(c);
    return c;
  };
  let uid = "";
  try {
    await t.step("the endpoint refuses everyone but the apiserver's kubelet client", async () => {
      const ask = async (c: Deno.HttpClient, path = "/pods") => {
        const res = await fetch(`${base}${path}`, { client: c });
        return { status: res.status, body: await res.text() };
      };
      const anonymous = client();
      const anon = await ask(anonymous);
      assert.equal(anon.status, 401, anon.body);
      assert.equal(JSON.parse(anon.body).reason, "Unauthorized");
      assert.equal((await ask(anonymous, "/healthz")).status, 200, "/healthz stays public");
      const alice = await ask(client(createClientCertificate(api.ca, "alice", ["dev"])));
      assert.equal(alice.status, 403, alice.body);
      assert.equal(
        JSON.parse(alice.body).message,
        `User "alice" is not allowed to use the kubelet endpoint of node ${NODE}`,
      );
      const rogueCa = createCaCertificate({ commonName: "rogue-ca" });
      const forged = await ask(client(createClientCertificate(rogueCa, KUBELET_CLIENT_USER)));
      assert.equal(forged.status, 401, forged.body);
      const apiserver = await ask(client(api.kubeletClient));
      assert.equal(apiserver.status, 200, apiserver.body);
      assert.equal(JSON.parse(apiserver.body).kind, "PodList");
    });

    await t.step(
      "pods/log through the secured apiserver returns the container's lines",
      async () => {
        const { admin } = api;
        await expectStatus(
          await admin.fetch(
            "/api/v1/nodes",
            jsonRequest("POST", {
              apiVersion: "v1",
              kind: "Node",
              metadata: {
                name: NODE,
                annotations: { [KUBELET_SERVING_CERT_ANNOTATION]: serving.caPem },
              },
              spec: { providerID: `mesos://${NODE}-id` },
            }),
          ),
          201,
          "register the node",
        );
        await expectStatus(
          await admin.fetch(
            `/api/v1/nodes/${NODE}/status`,
            jsonRequest("PATCH", {
              status: {
                addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
                daemonEndpoints: { kubeletEndpoint: { Port: server.port } },
              },
            }, MERGE),
          ),
          200,
          "publish the node's address and kubelet port",
        );
        const created = await admin.json(
          "/api/v1/namespaces/default/pods",
          jsonRequest("POST", podManifest("chatty", { nodeName: NODE })),
        );
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const pod = created.body as unknown as Pod;
        uid = pod.metadata.uid!;
        await runtime.ensureSandbox(pod, {});
        await runtime.startContainer(pod, {
          name: "main",
          command: ["sh", "-c", "echo first line; echo second line"],
        }, {});
        const path = "/api/v1/namespaces/default/pods/chatty/log?container=main";
        const text = await waitFor(async () => {
          const res = await admin.fetch(path);
          const body = await res.text();
          return res.status === 200 && body.includes("second line") ? body : undefined;
        }, { what: "the container's log through the secured apiserver" });
        assert.equal(text, "first line\nsecond line\n");

        // A user without pods/log is stopped at the apiserver, as kube-apiserver does.
        const erin = await api.as("erin").json(path);
        assert.equal(erin.status, 403);
        assert.equal(
          erin.body.message,
          'pods "chatty" is forbidden: User "erin" cannot get resource "pods/log" in API group "" ' +
            'in the namespace "default"',
        );

        // Pinned to another CA, the apiserver refuses this executor's certificate: no log lines.
        const other = createCaCertificate({ commonName: "k8sm-executor-ca@elsewhere" });
        await expectStatus(
          await admin.fetch(
            `/api/v1/nodes/${NODE}`,
            jsonRequest("PATCH", {
              metadata: { annotations: { [KUBELET_SERVING_CERT_ANNOTATION]: other.certPem } },
            }, MERGE),
          ),
          200,
          "re-pin the node to another CA",
        );
        const mispinned = await admin.fetch(path);
        const body = await mispinned.text();
        assert.ok(mispinned.status >= 500, `expected a 5xx, got ${mispinned.status}: ${body}`);
        assert.doesNotMatch(body, /first line/);
      },
    );
  } finally {
    for (const c of clients) c.close();
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    await api.stop();
  }
});

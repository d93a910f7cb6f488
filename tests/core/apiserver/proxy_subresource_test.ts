/**
 * `pods/NAME[:PORT]/proxy/…` and `services/NAME[:PORT]/proxy/…` on a secured apiserver, with
 * real kubectl 1.32 (`get --raw`, `kubectl proxy`): requests reach the pod's server on its mapped
 * host port (directly, or through the service's Endpoints) with path, query, method and body and
 * without the caller's credentials; redirects and HTML links stay under the proxy prefix; RBAC on
 * services/proxy is enforced; ports the pod does not declare and Endpoints that do not match a
 * pod are refused.
 */
import assert from "node:assert/strict";
import { runKubectl } from "../../_helpers/kubectl_exec.ts";
import { requires } from "../../_helpers/requirements.ts";
import { jsonRequest, startSecuredApiServer } from "../../_helpers/secured_apiserver.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The pod's web server: echoes what it was sent, redirects, serves a page with links. */
function startBackend() {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const u = new URL(req.url);
    if (u.pathname === "/redirect") {
      return new Response(null, { status: 302, headers: { location: "/landing" } });
    }
    if (u.pathname === "/page") {
      return new Response('<a href="/next">n</a><img src="//cdn/x">', {
        headers: { "content-type": "text/html" },
      });
    }
    return Response.json({
      method: req.method,
      path: u.pathname,
      query: u.search,
      authorization: req.headers.get("authorization"),
      body: await req.text(),
    });
  });
}

Deno.test({
  name: "pod and service proxy subresources reach the pod's server through RBAC, kubectl get " +
    "--raw and kubectl proxy",
  ...requires("kubectl"),
}, async (t) => {
  const api = await startSecuredApiServer();
  const backend = startBackend();
  const hostPort = backend.addr.port;
  const dir = await Deno.makeTempDir({ prefix: "k8sm-proxy-test-" });
  try {
    const { admin } = api;
    const post = async (path: string, body: unknown) => {
      const r = await admin.json(path, jsonRequest("POST", body));
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    await post("/api/v1/namespaces/default/pods", {
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        nodeName: "agent-1",
        containers: [{
          name: "main",
          image: "busybox",
          ports: [{ containerPort: 8080, hostPort, name: "http" }],
        }],
      },
    });
    const st = await admin.fetch(
      "/api/v1/namespaces/default/pods/web/status",
      jsonRequest(
        "PATCH",
        { status: { phase: "Running", hostIP: "127.0.0.1", podIP: "127.0.0.1" } },
        "application/merge-patch+json",
      ),
    );
    assert.equal(st.status, 200, await st.text());
    await post("/api/v1/namespaces/default/services", {
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    await post("/api/v1/namespaces/default/endpoints", {
      metadata: { name: "web" },
      subsets: [{
        addresses: [{
          ip: "127.0.0.1",
          targetRef: { kind: "Pod", namespace: "default", name: "web" },
        }],
        ports: [{ port: hostPort }],
      }],
    });
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, admin.kubeconfig());

    await t.step("kubectl get --raw through the service and the pod", async () => {
      for (
        const path of [
          "/api/v1/namespaces/default/services/web/proxy/a/b?x=1",
          "/api/v1/namespaces/default/services/web:80/proxy/a/b?x=1",
          "/api/v1/namespaces/default/services/http:web:80/proxy/a/b?x=1",
          "/api/v1/namespaces/default/pods/web:8080/proxy/a/b?x=1",
          "/api/v1/namespaces/default/pods/web:http/proxy/a/b?x=1",
          "/api/v1/namespaces/default/pods/web/proxy/a/b?x=1",
        ]
      ) {
        const r = await runKubectl(config, ["get", "--raw", path]);
        assert.equal(r.code, 0, `${path}: ${r.stderr}`);
        assert.deepEqual(JSON.parse(text(r.stdout)), {
          method: "GET",
          path: "/a/b",
          query: "?x=1",
          authorization: null,
          body: "",
        }, path);
      }
    });

    await t.step("other methods carry their body; redirects and links are rewritten", async () => {
      const base = "/api/v1/namespaces/default/services/web:80/proxy";
      const put = await admin.json(`${base}/item`, { method: "PUT", body: "payload" });
      assert.equal(put.status, 200);
      assert.equal(put.body.method, "PUT");
      assert.equal(put.body.body, "payload");
      const bare = await admin.fetch(`${base}?q=1`, { redirect: "manual" });
      await bare.body?.cancel();
      assert.equal(bare.status, 301);
      assert.equal(bare.headers.get("location"), `${base}/?q=1`);
      const redir = await admin.fetch(`${base}/redirect`, { redirect: "manual" });
      await redir.body?.cancel();
      assert.equal(redir.status, 302);
      assert.equal(redir.headers.get("location"), `${base}/landing`);
      const page = await admin.fetch(`${base}/page`);
      assert.equal(await page.text(), `<a href="${base}/next">n</a><img src="//cdn/x">`);
    });

    await t.step("kubectl proxy serves the service proxy on a local port", async () => {
      const child = new Deno.Command("kubectl", {
        args: ["--kubeconfig", config, "proxy", "--port=0", "--address=127.0.0.1"],
        env: { HOME: Deno.env.get("HOME") ?? "/tmp" },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      try {
        let seen = "";
        let port = 0;
        while (!port) {
          const r = await reader.read();
          if (r.done) throw new Error(`kubectl proxy ended before serving: ${seen}`);
          seen += r.value;
          port = Number(/Starting to serve on 127\.0\.0\.1:(\d+)/.exec(seen)?.[1] ?? 0);
        }
        const res = await fetch(
          `http://127.0.0.1:${port}/api/v1/namespaces/default/services/web:80/proxy/via?k=v`,
          { method: "POST", body: "hi" },
        );
        const got = await res.json();
        assert.equal(res.status, 200);
        assert.deepEqual(got, {
          method: "POST",
          path: "/via",
          query: "?k=v",
          authorization: null,
          body: "hi",
        });
      } finally {
        child.kill("SIGTERM");
        await reader.cancel().catch(() => {});
        await child.status;
      }
    });

    await t.step("RBAC: services/proxy needs its own grant", async () => {
      const user = api.as("viewer");
      const path = "/api/v1/namespaces/default/services/web:80/proxy/";
      const denied = await user.json(path);
      assert.equal(denied.status, 403, JSON.stringify(denied.body));
      await post("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", {
        metadata: { name: "svc-proxy" },
        rules: [{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }],
      });
      await post("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", {
        metadata: { name: "svc-proxy" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "svc-proxy" },
        subjects: [{ kind: "User", name: "viewer", apiGroup: "rbac.authorization.k8s.io" }],
      });
      const allowed = await user.json(path);
      assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
      const post2 = await user.json(path, { method: "POST", body: "x" });
      assert.equal(post2.status, 403, JSON.stringify(post2.body));
    });

    await t.step("addresses the API does not know are refused", async () => {
      const undeclared = await admin.json("/api/v1/namespaces/default/pods/web:2379/proxy/");
      assert.equal(undeclared.status, 400);
      assert.match(String(undeclared.body.message), /not a declared container port of pod web/);
      const badId = await admin.json("/api/v1/namespaces/default/services/ftp:web:80/proxy/");
      assert.equal(badId.status, 400);
      const noPort = await admin.json("/api/v1/namespaces/default/services/web:81/proxy/");
      assert.equal(noPort.status, 503);
      assert.equal(noPort.body.message, 'no service port 81 found for service "web"');
      const ep = await admin.fetch(
        "/api/v1/namespaces/default/endpoints/web",
        jsonRequest(
          "PATCH",
          {
            subsets: [{
              addresses: [{ ip: "127.0.0.1", targetRef: { kind: "Pod", name: "web" } }],
              ports: [{ port: 2379 }],
            }],
          },
          "application/merge-patch+json",
        ),
      );
      assert.equal(ep.status, 200, await ep.text());
      const forged = await admin.json("/api/v1/namespaces/default/services/web:80/proxy/");
      assert.equal(forged.status, 503);
      assert.match(String(forged.body.message), /no endpoints available for service "web"/);
    });
  } finally {
    await backend.shutdown();
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

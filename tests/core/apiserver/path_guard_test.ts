/**
 * Paths that URL normalization would rewrite (`%2e%2e`, `..`, `%2F` in a name) are refused with
 * a 400 before anything is read or written: sent raw over TCP, since fetch would normalize them.
 */
import assert from "node:assert/strict";
import { startTestApiServer, type TestApiServer } from "../../_helpers/apiserver.ts";
import { checkRawPath, rawPathOf } from "../../../core/apiserver/path_guard.ts";
import { startApiServer } from "../../../core/apiserver/serve_api.ts";
import {
  createCaCertificate,
  createServingCertificate,
} from "../../../core/auth/pki/certificate.ts";

/** Sends one raw HTTP/1.1 request with the target exactly as written; returns status and body. */
async function rawRequest(
  port: number,
  method: string,
  target: string,
): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const req = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      "Connection: close\r\nContent-Length: 0\r\n\r\n";
    await conn.write(new TextEncoder().encode(req));
    const text = await new Response(conn.readable).text();
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
  } catch (e) {
    try {
      conn.close();
    } catch { /* already closed */ }
    throw e;
  }
}

async function seed(api: TestApiServer): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const r = await api.json(path, { method: "POST", body: JSON.stringify(body) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  await post("/api/v1/namespaces", { metadata: { name: "victim" } });
  await post("/api/v1/namespaces/victim/pods", {
    metadata: { name: "p1" },
    spec: { containers: [{ name: "c", image: "busybox" }] },
  });
  await post("/api/v1/namespaces/victim/services", {
    metadata: { name: "basesvc" },
    spec: { ports: [{ port: 80 }] },
  });
  await post("/api/v1/namespaces/victim/services", {
    metadata: { name: "other" },
    spec: { ports: [{ port: 81 }] },
  });
}

async function names(api: TestApiServer, path: string): Promise<string[]> {
  const r = await api.json(path);
  assert.equal(r.status, 200);
  return (r.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort();
}

Deno.test("dot-segment and slash-in-name paths are refused with 400 and change nothing", async () => {
  const api = await startTestApiServer("memory");
  try {
    await seed(api);
    const port = api.server.port;
    const cases: [string, string][] = [
      ["DELETE", "/api/v1/namespaces/victim/pods/%2e%2e"],
      ["DELETE", "/api/v1/namespaces/victim/pods/%2E%2E"],
      ["DELETE", "/api/v1/namespaces/victim/services/basesvc/%2e%2e"],
      ["DELETE", "/api/v1/namespaces/victim/services/basesvc/.."],
      ["GET", "/api/v1/namespaces/victim/pods/%2e%2e"],
      ["GET", "/api/v1/namespaces/victim/pods/."],
      ["GET", "/api/v1/namespaces/victim/pods/%2e"],
      ["DELETE", "/api/v1/namespaces/victim/pods/p1%2f..%2f.."],
      ["GET", "/api/v1beta1/pods/%2e%2e?namespace=victim"],
      ["DELETE", "/api/v1/namespaces/victim/pods/%zz"],
    ];
    for (const [method, target] of cases) {
      const r = await rawRequest(port, method, target);
      assert.equal(r.status, 400, `${method} ${target} answered ${r.status}: ${r.body}`);
      const status = JSON.parse(r.body);
      assert.equal(status.kind, "Status");
      assert.equal(status.reason, "BadRequest");
    }
    const ns = await api.json("/api/v1/namespaces/victim");
    assert.equal(ns.status, 200);
    assert.equal((ns.body.status as { phase: string }).phase, "Active");
    assert.deepEqual(await names(api, "/api/v1/namespaces/victim/pods"), ["p1"]);
    assert.deepEqual(await names(api, "/api/v1/namespaces/victim/services"), [
      "basesvc",
      "other",
    ]);
  } finally {
    await api.stop();
  }
});

Deno.test("checkRawPath lets ordinary paths and proxied tails through", () => {
  checkRawPath("http://h:1/api/v1/namespaces/default/pods/web-1?watch=1");
  checkRawPath("/api/v1/namespaces/default/pods/web-1:8080/proxy/a%2Fb/../c");
  assert.equal(rawPathOf("https://h:6443/api/v1/pods?x=/.."), "/api/v1/pods");
  assert.throws(() => checkRawPath("/api/v1/namespaces/%2e%2e/pods"), /may not be "\." or "\.\."/);
});

Deno.test("over HTTPS too, a %2e%2e segment is a 400 and the namespace survives", async () => {
  const ca = createCaCertificate({ commonName: "path-guard-ca" });
  const serving = createServingCertificate(ca, { commonName: "apiserver" }, ["127.0.0.1"]);
  const api = await startApiServer({
    port: 0,
    storage: "memory",
    tls: { cert: serving.certPem, key: serving.keyPem },
  });
  try {
    const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
    const created = await fetch(`${api.url}/api/v1/namespaces`, {
      method: "POST",
      body: JSON.stringify({ metadata: { name: "victim" } }),
      client,
    });
    assert.equal(created.status, 201);
    await created.body?.cancel();
    const conn = await Deno.connectTls({
      hostname: "127.0.0.1",
      port: api.port,
      caCerts: [ca.certPem],
    });
    await conn.write(
      new TextEncoder().encode(
        "DELETE /api/v1/namespaces/victim/pods/%2e%2e HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
          "Connection: close\r\nContent-Length: 0\r\n\r\n",
      ),
    );
    const text = await new Response(conn.readable).text();
    assert.match(text, /^HTTP\/1\.1 400/);
    const ns = await fetch(`${api.url}/api/v1/namespaces/victim`, { client });
    assert.equal((await ns.json()).status.phase, "Active");
    client.close();
  } finally {
    await api.close();
  }
});

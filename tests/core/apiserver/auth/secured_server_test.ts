import assert from "node:assert/strict";
import { startApiServer } from "../../../../core/apiserver/serve_api.ts";
import { makeTestCert } from "../../../_helpers/tls_cert.ts";
import { requires } from "../../../_helpers/requirements.ts";

Deno.test({
  name: "secured apiserver: HTTPS + token file; health checks open, the rest needs the token",
  ...requires("openssl"),
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  const tokenFile = `${cert.dir}/tokens.csv`;
  await Deno.writeTextFile(tokenFile, 's3cret,admin,1,"system:masters"\n');
  const server = await startApiServer({
    storage: "memory",
    port: 0,
    tokenAuthFile: tokenFile,
    tlsCertFile: cert.certFile,
    tlsPrivateKeyFile: cert.keyFile,
  });
  const client = Deno.createHttpClient({ caCerts: [cert.caPem] });
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.security, /HTTPS; authentication: static tokens/);
    const get = (path: string, token?: string) =>
      fetch(server.url + path, {
        client,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const health = await get("/healthz");
    assert.equal(health.status, 200);
    await health.body?.cancel();
    for (const token of [undefined, "wrong"]) {
      const denied = await get("/api/v1/namespaces/default/pods", token);
      assert.equal(denied.status, 401);
      assert.deepEqual(await denied.json(), {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      });
    }
    const ok = await get("/api/v1/namespaces/default/pods", "s3cret");
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).kind, "PodList");
  } finally {
    client.close();
    await server.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});

Deno.test("open apiserver says so, and bad auth flags fail with the file named", async () => {
  const server = await startApiServer({ storage: "memory", port: 0 });
  try {
    assert.match(server.security, /without authentication/);
    const res = await fetch(server.url + "/api/v1/namespaces/default/pods");
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    await server.close();
  }
  await assert.rejects(
    startApiServer({ storage: "memory", port: 0, tokenAuthFile: "/nonexistent/t.csv" }),
    /cannot read --token-auth-file \/nonexistent\/t\.csv/,
  );
});

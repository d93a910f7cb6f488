import assert from "node:assert/strict";
import { loadTlsOptions } from "../../../../core/apiserver/auth/tls_options.ts";
import { securityBanner, startApiServer } from "../../../../core/apiserver/serve_api.ts";
import { parseTokenFile } from "../../../../core/auth/token_file.ts";
import { makeTestCert } from "../../../_helpers/tls_cert.ts";
import { requires } from "../../../_helpers/requirements.ts";

Deno.test({
  name: "tls: the apiserver serves HTTPS with the loaded PEM files and token auth over it",
  ...requires("openssl"),
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  const tokenFile = `${cert.dir}/tokens.csv`;
  await Deno.writeTextFile(tokenFile, 'good,alice,1,"g"\n');
  const api = await startApiServer({
    port: 0,
    storage: "memory",
    tlsCertFile: cert.certFile,
    tlsPrivateKeyFile: cert.keyFile,
    tokenAuthFile: tokenFile,
  });
  const client = Deno.createHttpClient({ caCerts: [cert.caPem] });
  try {
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const url = `${api.url}/api/v1/namespaces`;
    const ok = await fetch(url, { client, headers: { authorization: "Bearer good" } });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).kind, "NamespaceList");
    const denied = await fetch(url, { client });
    assert.equal(denied.status, 401);
    assert.equal((await denied.json()).reason, "Unauthorized");
    assert.match(api.security, /HTTPS; authentication: static tokens; authorization: AlwaysAllow/);
  } finally {
    client.close();
    await api.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});

Deno.test("tls: flag errors say what to fix", async () => {
  assert.equal(await loadTlsOptions(undefined, undefined), undefined);
  await assert.rejects(
    loadTlsOptions("/x.pem", undefined),
    /needs both --tls-cert-file and --tls-private-key-file/,
  );
  await assert.rejects(
    loadTlsOptions("/nonexistent.pem", "/k.pem"),
    /cannot read --tls-cert-file \/nonexistent\.pem/,
  );
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/c.pem`, "not pem");
    await assert.rejects(loadTlsOptions(`${dir}/c.pem`, `${dir}/c.pem`), /is not a PEM file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.match(securityBanner(false, undefined), /plain HTTP without authentication/);
  assert.match(
    securityBanner(true, { tokens: parseTokenFile("t,u,1"), authorizationMode: "RBAC" }),
    /HTTPS; authentication: static tokens; authorization: RBAC/,
  );
});

import assert from "node:assert/strict";
import { tokenAuthenticator } from "../../../../core/apiserver/auth/authenticator.ts";
import { parseTokenFile } from "../../../../core/apiserver/auth/token_file.ts";
import { loadTlsOptions, securityBanner } from "../../../../core/apiserver/auth/tls_options.ts";
import { makeTestCert } from "../../../_helpers/tls_cert.ts";
import { requires } from "../../../_helpers/requirements.ts";

const tokens = parseTokenFile('good,alice,1,"g"');

Deno.test({
  name: "tls: serves HTTPS with the loaded PEM files and token auth over it",
  ...requires("openssl"),
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  try {
    const tls = await loadTlsOptions(cert.certFile, cert.keyFile);
    assert.ok(tls);
    const auth = tokenAuthenticator(tokens);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, ...tls, onListen: () => {} },
      (req) => {
        const r = auth(new URL(req.url).pathname, req.headers);
        return r.ok
          ? new Response("hello " + (r.user?.name ?? ""))
          : Response.json(r.status, { status: 401 });
      },
    );
    const client = Deno.createHttpClient({ caCerts: [cert.caPem] });
    try {
      const url = `https://127.0.0.1:${server.addr.port}/api`;
      const ok = await fetch(url, { client, headers: { authorization: "Bearer good" } });
      assert.equal(await ok.text(), "hello alice");
      const denied = await fetch(url, { client });
      assert.equal(denied.status, 401);
      assert.equal((await denied.json()).reason, "Unauthorized");
    } finally {
      client.close();
      await server.shutdown();
    }
  } finally {
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
  assert.match(securityBanner(false, false), /without authentication/);
  assert.match(securityBanner(true, true), /HTTPS with static token/);
});

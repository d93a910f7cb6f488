/**
 * Client certificate authentication of the RestClient against a real TLS server that asks for
 * client certificates (node:https with requestCert): the certificate given as PEM, through a
 * kubeconfig's -data fields or relative files, over verified TLS and insecure-skip-tls-verify.
 */
import assert from "node:assert/strict";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { resolveClientConfig } from "../../../core/client/client_config.ts";
import { RestClient, type RestConfig } from "../../../core/client/rest_client.ts";
import { ServerUnreachableError } from "../../../core/client/client_errors.ts";
import { makeClientCert } from "../../_helpers/client_cert.ts";
import { haveOpenssl, makeTestCert, type TestCert } from "../../_helpers/tls_cert.ts";

const HAVE_OPENSSL = await haveOpenssl();
if (!HAVE_OPENSSL) console.error("!!! SKIPPING client certificate tests: no openssl !!!");

/** An https server answering `{"cn": <client certificate CN or "">}` to every request. */
async function whoamiServer(cert: TestCert): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer({
    cert: await Deno.readTextFile(cert.certFile),
    key: await Deno.readTextFile(cert.keyFile),
    requestCert: true,
    rejectUnauthorized: false,
  }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const cn = peer?.subject?.CN ?? "";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ cn: typeof cn === "string" ? cn : String(cn) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function cnSeenBy(config: RestConfig): Promise<string> {
  const client = new RestClient(config);
  try {
    return (await client.requestJson<{ cn: string }>("GET", "/whoami")).cn;
  } finally {
    client.close();
  }
}

Deno.test({
  name: "rest client: certChain/privateKey are presented as the TLS client certificate",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  const alice = await makeClientCert(cert, "alice");
  const server = await whoamiServer(cert);
  try {
    const base = { server: server.url, caCerts: [cert.caPem] };
    assert.equal(
      await cnSeenBy({ ...base, certChain: alice.certPem, privateKey: alice.keyPem }),
      "alice",
    );
    assert.equal(await cnSeenBy(base), "");
    assert.equal(
      await cnSeenBy({
        server: server.url,
        insecureSkipTlsVerify: true,
        certChain: alice.certPem,
        privateKey: alice.keyPem,
      }),
      "alice",
    );
    await assert.rejects(
      () => cnSeenBy({ server: server.url, certChain: alice.certPem, privateKey: alice.keyPem }),
      (e: unknown) =>
        e instanceof ServerUnreachableError &&
        /cannot verify the API server's certificate at https:\/\/127\.0\.0\.1:\d+ .*: pass --certificate-authority or a kubeconfig with certificate-authority-data/
          .test(e.message),
    );
    assert.throws(
      () => new RestClient({ server: server.url, certChain: alice.certPem }),
      /needs both the certificate and its key; pass --client-certificate with --client-key/,
    );
  } finally {
    await server.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});

Deno.test({
  name:
    "rest client: a kubeconfig's client-certificate-data/-key-data and relative client-certificate/-key files authenticate",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  const bob = await makeClientCert(cert, "bob", "bob");
  await makeClientCert(cert, "carol", "carol"); // carol.pem, carol-key.pem: relative paths
  const server = await whoamiServer(cert);
  try {
    const b64 = (s: string) => btoa(s);
    await Deno.writeTextFile(
      `${cert.dir}/config`,
      `apiVersion: v1
kind: Config
current-context: data
clusters:
- name: c
  cluster: {server: "${server.url}", certificate-authority-data: ${b64(cert.caPem)}}
- name: c-file
  cluster: {server: "${server.url}", certificate-authority: ca.pem}
users:
- name: bob
  user: {client-certificate-data: ${b64(bob.certPem)}, client-key-data: ${b64(bob.keyPem)}}
- name: carol
  user: {client-certificate: carol.pem, client-key: carol-key.pem}
contexts:
- name: data
  context: {cluster: c, user: bob}
- name: files
  context: {cluster: c-file, user: carol}
`,
    );
    const env = () => undefined;
    const kubeconfig = `${cert.dir}/config`;
    assert.equal(await cnSeenBy(resolveClientConfig({ env, kubeconfig })), "bob");
    assert.equal(
      await cnSeenBy(resolveClientConfig({ env, kubeconfig, context: "files" })),
      "carol",
    );
    assert.equal(await cnSeenBy(resolveClientConfig({ env, kubeconfig, user: "carol" })), "carol");
    const flags = resolveClientConfig({
      env,
      kubeconfig,
      clientCertificate: bob.certFile,
      clientKey: bob.keyFile,
      context: "files",
    });
    assert.equal(await cnSeenBy(flags), "bob", "--client-certificate/--client-key win");
  } finally {
    await server.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});

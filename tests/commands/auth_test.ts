/**
 * k8sm against an apiserver with TLS and static token auth, configured through a kubeconfig:
 * the CA file and token work; without the token the server's Unauthorized is one error line.
 */
import assert from "node:assert/strict";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { haveOpenssl, makeTestCert } from "../_helpers/tls_cert.ts";
import { runK8sm } from "./cli_runner.ts";

const HAVE_OPENSSL = await haveOpenssl();
if (!HAVE_OPENSSL) console.error("!!! SKIPPING k8sm TLS/token tests: openssl is not installed !!!");

function kubeconfig(server: string, caFile: string | "insecure" | "none", token?: string): string {
  const tls = caFile === "insecure"
    ? "insecure-skip-tls-verify: true"
    : caFile === "none"
    ? ""
    : `certificate-authority: "${caFile}"`;
  return `apiVersion: v1
kind: Config
current-context: test
clusters:
- name: c
  cluster: {server: "${server}", ${tls}}
users:
- name: u
  user: {${token ? `token: ${token}` : ""}}
contexts:
- name: test
  context: {cluster: c, user: u, namespace: default}
`;
}

Deno.test({
  name:
    "k8sm with a kubeconfig: TLS CA or insecure-skip-tls-verify, bearer token; no token → Unauthorized",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  await Deno.writeTextFile(`${cert.dir}/tokens.csv`, `s3cret,admin,uid-1,"system:masters"\n`);
  const server = await startApiServer({
    address: "127.0.0.1",
    port: 0,
    storage: "memory",
    tokenAuthFile: `${cert.dir}/tokens.csv`,
    tlsCertFile: cert.certFile,
    tlsPrivateKeyFile: cert.keyFile,
  });
  try {
    assert.ok(server.url.startsWith("https://"));
    await Deno.writeTextFile(`${cert.dir}/good`, kubeconfig(server.url, cert.caFile, "s3cret"));
    await Deno.writeTextFile(`${cert.dir}/notoken`, kubeconfig(server.url, cert.caFile));
    const ok = await runK8sm(["get", "pods", "--kubeconfig", `${cert.dir}/good`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, "No resources found in default namespace.\n");
    const viaEnv = await runK8sm(["list", "pods"], { KUBECONFIG: `${cert.dir}/good` });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);

    const denied = await runK8sm(["get", "pods", "--kubeconfig", `${cert.dir}/notoken`]);
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, "error: Unauthorized\n");
    const flagToken = await runK8sm([
      "get",
      "pods",
      "--kubeconfig",
      `${cert.dir}/notoken`,
      "--token",
      "s3cret",
    ]);
    assert.equal(flagToken.code, 0, flagToken.stderr);

    await Deno.writeTextFile(`${cert.dir}/insecure`, kubeconfig(server.url, "insecure", "s3cret"));
    await Deno.writeTextFile(`${cert.dir}/noca`, kubeconfig(server.url, "none", "s3cret"));
    const insecure = await runK8sm([
      "get",
      "ns",
      "-o",
      "name",
      "--kubeconfig",
      `${cert.dir}/insecure`,
    ]);
    assert.equal(insecure.stderr, "");
    assert.equal(
      insecure.stdout,
      "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-system\n",
    );
    const untrusted = await runK8sm(["get", "ns", "--kubeconfig", `${cert.dir}/noca`]);
    assert.equal(untrusted.code, 1);
    assert.match(
      untrusted.stderr,
      /^error: cannot verify the API server.s certificate at https:\/\/127\.0\.0\.1:\d+ \(TLS failed: .*\): pass --certificate-authority or a kubeconfig with certificate-authority-data/,
    );
  } finally {
    await server.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});

/**
 * Kubeconfig fields k8sm reads (token, tokenFile, CA, insecure-skip-tls-verify, client
 * certificate data and files, tls-server-name), `--cluster`/`--user` picks, and errors that name
 * the file and the field.
 */
import assert from "node:assert/strict";
import { loadKubeconfigContext } from "../../../core/client/kubeconfig.ts";
import { resolveClientConfig } from "../../../core/client/client_config.ts";

const PEM = (what: string) => `-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`;

async function withDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-kubeconfig-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function config(cluster: string, user: string): string {
  return `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: c
  cluster: {server: "https://api:6443", ${cluster}}
- name: other
  cluster: {server: "https://other:6443", insecure-skip-tls-verify: true}
users:
- name: u
  user: {${user}}
- name: robot
  user: {token: robot-token}
contexts:
- name: main
  context: {cluster: c, user: u, namespace: team}
`;
}

Deno.test("kubeconfig: CA and client certificate from base64 -data fields, token and namespace", async () => {
  await withDir((dir) => {
    Deno.writeTextFileSync(
      `${dir}/config`,
      config(
        `certificate-authority-data: ${btoa(PEM("CERTIFICATE"))}`,
        `token: t0k, client-certificate-data: ${btoa(PEM("CERTIFICATE"))}, ` +
          `client-key-data: ${btoa(PEM("PRIVATE KEY"))}`,
      ),
    );
    const kc = loadKubeconfigContext([`${dir}/config`]);
    assert.deepEqual(kc, {
      context: "main",
      namespace: "team",
      server: "https://api:6443",
      insecureSkipTlsVerify: false,
      caPem: PEM("CERTIFICATE"),
      token: "t0k",
      certPem: PEM("CERTIFICATE"),
      keyPem: PEM("PRIVATE KEY"),
    });
  });
});

Deno.test("kubeconfig: certificate-authority, client-certificate, client-key and tokenFile resolve relative to the file", async () => {
  await withDir((dir) => {
    Deno.mkdirSync(`${dir}/kc/pki`, { recursive: true });
    Deno.writeTextFileSync(`${dir}/kc/pki/ca.crt`, PEM("CERTIFICATE"));
    Deno.writeTextFileSync(`${dir}/kc/pki/me.crt`, PEM("CERTIFICATE"));
    Deno.writeTextFileSync(`${dir}/kc/pki/me.key`, PEM("EC PRIVATE KEY"));
    Deno.writeTextFileSync(`${dir}/kc/token`, "from-file\n");
    Deno.writeTextFileSync(
      `${dir}/kc/config`,
      config(
        "certificate-authority: pki/ca.crt",
        "tokenFile: token, client-certificate: pki/me.crt, client-key: pki/me.key",
      ),
    );
    const kc = loadKubeconfigContext([`${dir}/kc/config`]);
    assert.equal(kc?.caPem, PEM("CERTIFICATE"));
    assert.equal(kc?.certPem, PEM("CERTIFICATE"));
    assert.equal(kc?.keyPem, PEM("EC PRIVATE KEY"));
    assert.equal(kc?.tokenFile, `${dir}/kc/token`);
    const c = resolveClientConfig({ env: () => undefined, kubeconfig: `${dir}/kc/config` });
    assert.equal(c.token, "from-file");
    assert.equal(c.tokenFile, `${dir}/kc/token`);
    const flag = resolveClientConfig({
      env: () => undefined,
      kubeconfig: `${dir}/kc/config`,
      token: "flag-token",
    });
    assert.equal(flag.token, "flag-token");
    assert.equal(flag.tokenFile, undefined, "--token replaces the kubeconfig's tokenFile");
  });
});

Deno.test("kubeconfig: --cluster and --user pick other entries; unknown names list the known ones", async () => {
  await withDir((dir) => {
    Deno.writeTextFileSync(`${dir}/config`, config("", "token: t0k"));
    const c = resolveClientConfig({
      env: () => undefined,
      kubeconfig: `${dir}/config`,
      cluster: "other",
      user: "robot",
    });
    assert.equal(c.server, "https://other:6443");
    assert.equal(c.insecureSkipTlsVerify, true);
    assert.equal(c.token, "robot-token");
    assert.throws(
      () => loadKubeconfigContext([`${dir}/config`], undefined, { user: "ghost" }),
      /user "ghost" \(--user\) is not in the kubeconfig \(.*\/config\); its users are u, robot/,
    );
  });
});

Deno.test("kubeconfig: bad -data, missing files, a lone certificate and tls-server-name are errors naming file and field", async () => {
  await withDir((dir) => {
    const file = `${dir}/config`;
    const attempt = (cluster: string, user: string) => {
      Deno.writeTextFileSync(file, config(cluster, user));
      return () => resolveClientConfig({ env: () => undefined, kubeconfig: file });
    };
    assert.throws(
      attempt("certificate-authority-data: '%%%'", ""),
      new RegExp(
        `^Error: cluster "c" field certificate-authority-data in the kubeconfig ${file} is not valid base64`,
      ),
    );
    assert.throws(
      attempt("", `client-certificate-data: ${btoa("hello")}, client-key-data: x`),
      /user "u" field client-certificate-data in the kubeconfig .*config does not decode to PEM/,
    );
    assert.throws(
      attempt("", "client-certificate: nope.crt, client-key: nope.key"),
      new RegExp(
        `cannot read ${dir}/nope\\.crt, named by user "u" field client-certificate in the kubeconfig ${file}`,
      ),
    );
    Deno.writeTextFileSync(`${dir}/me.crt`, PEM("CERTIFICATE"));
    assert.throws(
      attempt("", "client-certificate: me.crt"),
      /user "u" in the kubeconfig .*config has a client-certificate but no client-key/,
    );
    assert.throws(
      attempt("tls-server-name: api.internal", ""),
      /tls-server-name in the kubeconfig .*config "api\.internal" is not supported: Deno's fetch cannot choose the TLS server name/,
    );
    assert.throws(
      () =>
        resolveClientConfig({
          env: () => undefined,
          server: "https://h:1",
          tlsServerName: "x",
          home: dir,
        }),
      /--tls-server-name "x" is not supported/,
    );
  });
});

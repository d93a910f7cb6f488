import assert from "node:assert/strict";
import {
  DEFAULT_SERVER,
  normalizeServer,
  resolveClientConfig,
} from "../../../core/client/client_config.ts";

function envOf(vars: Record<string, string>): (n: string) => string | undefined {
  return (n) => vars[n];
}

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

async function withDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-kubeconfig-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function kubeconfig(server: string, extra = ""): string {
  return `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster:
    server: ${server}
    certificate-authority-data: ${btoa(CA_PEM)}
users:
- name: u1
  user:
    token: secret-token
contexts:
- name: dev
  context:
    cluster: c1
    user: u1
    namespace: team-a
${extra}`;
}

Deno.test("client config: nothing set falls back to http://localhost:8080 and namespace default", () => {
  const c = resolveClientConfig({ env: envOf({}), home: "/nonexistent-home" });
  assert.equal(c.server, DEFAULT_SERVER);
  assert.equal(c.serverSource, "default");
  assert.equal(c.namespace, "default");
  assert.equal(c.token, undefined);
});

Deno.test("client config: a KUBECONFIG naming no existing file is an error, not localhost:8080", () => {
  const env = envOf({ KUBECONFIG: "/nonexistent/kubeconfg" });
  assert.throws(
    () => resolveClientConfig({ env, home: "/nonexistent-home" }),
    /KUBECONFIG names \/nonexistent\/kubeconfg, which does not exist; check the path/,
  );
  const viaFlag = resolveClientConfig({ env, server: "http://flag:1" });
  assert.equal(viaFlag.server, "http://flag:1", "a server given otherwise still wins");
});

Deno.test("client config: --server beats KUBERNETES_MASTER, which beats the kubeconfig", async () => {
  await withDir((dir) => {
    const path = `${dir}/config`;
    Deno.writeTextFileSync(path, kubeconfig("https://kc.example:6443"));
    const env = envOf({ KUBECONFIG: path, KUBERNETES_MASTER: "http://master:8888" });
    assert.equal(resolveClientConfig({ env, server: "http://flag:1" }).server, "http://flag:1");
    const fromEnv = resolveClientConfig({ env });
    assert.equal(fromEnv.server, "http://master:8888");
    assert.equal(fromEnv.serverSource, "KUBERNETES_MASTER");
    const fromKc = resolveClientConfig({ env: envOf({ KUBECONFIG: path }) });
    assert.equal(fromKc.server, "https://kc.example:6443");
    assert.equal(fromKc.serverSource, "kubeconfig");
    assert.equal(fromKc.token, "secret-token");
    assert.equal(fromKc.namespace, "team-a");
    assert.deepEqual(fromKc.caCerts, [CA_PEM]);
  });
});

Deno.test("client config: -n beats the context namespace; bare host:port gets http://", async () => {
  await withDir((dir) => {
    const path = `${dir}/config`;
    Deno.writeTextFileSync(path, kubeconfig("https://kc:6443"));
    const c = resolveClientConfig({ env: envOf({}), kubeconfig: path, namespace: "other" });
    assert.equal(c.namespace, "other");
    assert.equal(normalizeServer("10.0.0.1:8888"), "http://10.0.0.1:8888");
    assert.equal(normalizeServer("https://h:6443/"), "https://h:6443");
  });
});

Deno.test("client config: KUBECONFIG colon list, first file wins per key; tokenFile and CA file resolve relative to their file", async () => {
  await withDir((dir) => {
    Deno.mkdirSync(`${dir}/a`);
    Deno.writeTextFileSync(`${dir}/a/token`, "file-token\n");
    Deno.writeTextFileSync(`${dir}/a/ca.pem`, CA_PEM);
    Deno.writeTextFileSync(
      `${dir}/a/config`,
      `current-context: first
contexts:
- name: first
  context: {cluster: shared, user: fu}
users:
- name: fu
  user: {tokenFile: token}
`,
    );
    Deno.writeTextFileSync(
      `${dir}/b.yaml`,
      `current-context: second
clusters:
- name: shared
  cluster: {server: "http://second:9000", certificate-authority: a/ca.pem, insecure-skip-tls-verify: true}
contexts:
- name: first
  context: {cluster: nope, user: nope}
`,
    );
    const env = envOf({ KUBECONFIG: `${dir}/a/config:${dir}/missing:${dir}/b.yaml` });
    const c = resolveClientConfig({ env });
    assert.equal(c.server, "http://second:9000");
    assert.equal(c.token, "file-token");
    assert.deepEqual(c.caCerts, [CA_PEM]);
    assert.equal(c.insecureSkipTlsVerify, true);
  });
});

Deno.test("client config: --kubeconfig naming a missing file, and an unknown --context, are clear errors", async () => {
  await withDir((dir) => {
    assert.throws(
      () => resolveClientConfig({ env: envOf({}), kubeconfig: `${dir}/nope` }),
      /the kubeconfig ".*nope" does not exist; check --kubeconfig/,
    );
    Deno.writeTextFileSync(`${dir}/config`, kubeconfig("http://x:1"));
    assert.throws(
      () => resolveClientConfig({ env: envOf({}), kubeconfig: `${dir}/config`, context: "prod" }),
      /context "prod" is not in the kubeconfig/,
    );
  });
});

Deno.test("client config: ~/.kube/config is read when KUBECONFIG is unset", async () => {
  await withDir((dir) => {
    Deno.mkdirSync(`${dir}/.kube`);
    Deno.writeTextFileSync(`${dir}/.kube/config`, kubeconfig("http://home:7000"));
    const c = resolveClientConfig({ env: envOf({}), home: dir });
    assert.equal(c.server, "http://home:7000");
  });
});

Deno.test("client config: a server that is not a URL is named with where it came from", async () => {
  assert.throws(
    () => resolveClientConfig({ env: envOf({}), server: "notaurl:::" }),
    /the API server address "notaurl:::" \(from --server\) is not a valid URL; write it like http:\/\/host:8080/,
  );
  assert.throws(
    () => resolveClientConfig({ env: envOf({ KUBERNETES_MASTER: "http://a b" }) }),
    /"http:\/\/a b" \(from KUBERNETES_MASTER\) is not a valid URL/,
  );
  assert.throws(
    () => resolveClientConfig({ env: envOf({}), server: "ftp://h:21" }),
    /"ftp:\/\/h:21" \(from --server\) is not a valid URL; write it like http:\/\/host:8080/,
  );
  await withDir((dir) => {
    Deno.writeTextFileSync(`${dir}/config`, kubeconfig("http://[bad"));
    assert.throws(
      () => resolveClientConfig({ env: envOf({}), kubeconfig: `${dir}/config` }),
      /"http:\/\/\[bad" \(from the kubeconfig\) is not a valid URL/,
    );
  });
});

Deno.test("client config: a kubeconfig that is not YAML names the file and the line", async () => {
  await withDir((dir) => {
    Deno.writeTextFileSync(`${dir}/config`, "apiVersion: v1\nclusters: [ {name: c}\n");
    assert.throws(
      () => resolveClientConfig({ env: envOf({}), kubeconfig: `${dir}/config` }),
      /the kubeconfig .*\/config is not valid YAML \(line 3: [^)]+\); fix or replace the file$/,
    );
  });
});

Deno.test("client config: --context with no kubeconfig file says which files were looked at", async () => {
  await withDir((dir) => {
    assert.throws(
      () =>
        resolveClientConfig({
          env: envOf({ KUBECONFIG: `${dir}/a:${dir}/b` }),
          context: "prod",
        }),
      /context "prod" is not in any kubeconfig: none of .*\/a, .*\/b exists; set KUBECONFIG or --kubeconfig/,
    );
    assert.throws(
      () => resolveClientConfig({ env: envOf({}), context: "prod" }),
      /context "prod" is not in any kubeconfig: no file to read \(HOME is unset\); set KUBECONFIG or --kubeconfig/,
    );
  });
});

/**
 * The k8sm CLI handles ConfigMaps and Secrets like any kind: create -f, get (kube's columns),
 * get -o yaml (base64 data, no stringData), describe (a Secret's byte counts, never its
 * values), apply again without conflicts, delete -f. And `k8sm apiserver
 * --encryption-provider-config` refuses a bad file naming the field, and a config that cannot
 * read the stored secrets naming the missing key.
 */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { runK8sm } from "./cli_runner.ts";

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data: {mode: prod}
binaryData: {blob: AAEC}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
type: kubernetes.io/basic-auth
stringData: {username: admin, password: s3cret-value}
`;

Deno.test("k8sm create/get/describe/apply/delete of configmaps and secrets", async () => {
  const s = await startTestApiServer();
  const dir = await Deno.makeTempDir({ prefix: "k8sm-cm-cli-" });
  try {
    await Deno.writeTextFile(`${dir}/m.yaml`, MANIFESTS);
    const env = { KUBERNETES_MASTER: s.url };
    const k = async (...args: string[]) => {
      const r = await runK8sm(args, env);
      assert.equal(r.code, 0, `k8sm ${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    assert.equal(
      await k("create", "-f", `${dir}/m.yaml`),
      "configmap/app created\nsecret/creds created\n",
    );
    assert.match(await k("get", "cm"), /^NAME\s+DATA\s+AGE\napp\s+2\s+\S+\n$/);
    assert.match(
      await k("get", "secrets"),
      /^NAME\s+TYPE\s+DATA\s+AGE\ncreds\s+kubernetes\.io\/basic-auth\s+2\s+\S+\n$/,
    );
    const yaml = await k("get", "secret", "creds", "-o", "yaml");
    assert.match(yaml, /^\s+password: czNjcmV0LXZhbHVl$/m);
    assert.match(yaml, /^\s+username: YWRtaW4=$/m);
    assert.ok(!yaml.includes("stringData"), yaml);
    const described = await k("describe", "secret", "creds");
    assert.match(described, /^Type:\s+kubernetes\.io\/basic-auth$/m);
    assert.match(described, /^password:\s+12 bytes\nusername:\s+5 bytes$/m);
    assert.ok(!described.includes("s3cret") && !described.includes("czNjcmV0"), described);
    const cm = await k("describe", "cm", "app");
    assert.match(cm, /^mode:\n----\nprod\n/m);
    assert.match(cm, /^BinaryData\n====\nblob: 3 bytes$/m);
    assert.match(await k("apply", "-f", `${dir}/m.yaml`), /secret\/creds serverside-applied/);
    assert.equal(
      await k("delete", "-f", `${dir}/m.yaml`),
      'configmap "app" deleted\nsecret "creds" deleted\n',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

Deno.test("k8sm apiserver --encryption-provider-config: a bad file is refused naming the field", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-enc-flag-" });
  try {
    await Deno.writeTextFile(
      `${dir}/enc.yaml`,
      `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox: {keys: [{name: k1, secret: ${btoa("sixteen bytes!!!")}}]}
`,
    );
    const r = await runK8sm([
      "apiserver",
      "--port=0",
      `--data-dir=${dir}`,
      `--encryption-provider-config=${dir}/enc.yaml`,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /invalid encryption provider config .*enc\.yaml: resources\[0\]\.providers\[0\]\.secretbox\.keys\[0\]\.secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of \[32\]/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** An EncryptionConfiguration for secrets with one aesgcm key. */
function aesgcmConfig(name: string, fill: string): string {
  return `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm: {keys: [{name: ${name}, secret: ${btoa(fill.repeat(16))}}]}
`;
}

Deno.test("k8sm apiserver refuses to start when stored secrets need a key its config lacks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-enc-missing-key-" });
  try {
    await Deno.writeTextFile(`${dir}/key1.yaml`, aesgcmConfig("key1", "a"));
    await Deno.writeTextFile(`${dir}/key2.yaml`, aesgcmConfig("key2", "b"));
    const first = await startApiServer({
      port: 0,
      storage: "sqlite",
      dataDir: dir,
      encryptionProviderConfig: `${dir}/key1.yaml`,
    });
    try {
      const res = await fetch(`${first.url}/api/v1/namespaces/default/secrets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ metadata: { name: "db" }, stringData: { password: "x" } }),
      });
      assert.equal(res.status, 201, await res.text());
    } finally {
      await first.close();
    }
    const r = await runK8sm([
      "apiserver",
      "--port=0",
      `--data-dir=${dir}`,
      `--encryption-provider-config=${dir}/key2.yaml`,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /the value at \/registry\/secrets\/default\/db is encrypted with k8s:enc:aesgcm:v1:key1:, a provider key the encryption config for secrets does not list: add that key back to read it/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

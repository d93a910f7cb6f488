/**
 * Encryption at rest with kube-apiserver's --encryption-provider-config, through real kubectl
 * on sqlite and on a real etcd: Secrets are stored as `k8s:enc:<provider>:v1:<key>:` envelopes
 * (read from the sqlite file and from etcd directly), ConfigMaps stay plain, and kube's key
 * rotation — new key first with the old one kept, restart, `kubectl get secrets -A -o json |
 * kubectl replace -f -`, old key removed, restart — leaves every Secret readable.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { DatabaseSync } from "node:sqlite";
import { Etcd3 } from "etcd3";
import { requires } from "../_helpers/requirements.ts";
import {
  type SecuredApiServer,
  type SecuredStoreOptions,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";
import { startEtcd } from "../_helpers/etcd.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { SQLITE_FILE } from "../../core/storage/open_store.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const key = (fill: number) => Buffer.from(new Uint8Array(32).fill(fill)).toString("base64");
const SECRET_KEY = "/registry/secrets/default/db";
const CM_KEY = "/registry/configmaps/default/app";

/** An EncryptionConfiguration for secrets with `providers` (YAML list items). */
function encryptionConfig(providers: string[]): string {
  return `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
${providers.map((p) => `      - ${p}`).join("\n")}
`;
}

/** Reads the raw stored bytes of store keys (with the apiserver stopped, for sqlite). */
type RawReader = (keys: string[]) => Promise<string[]>;

/** One apiserver life on the same data with an encryption config, and kubectl against it. */
class Cluster {
  server?: SecuredApiServer;
  constructor(readonly dir: string, readonly store: SecuredStoreOptions) {}

  async start(providers: string[]): Promise<void> {
    const path = `${this.dir}/encryption-${crypto.randomUUID()}.yaml`;
    await Deno.writeTextFile(path, encryptionConfig(providers));
    this.server = await startSecuredApiServer({ ...this.store, encryptionProviderConfig: path });
    await Deno.writeTextFile(`${this.dir}/kubeconfig`, this.server.admin.kubeconfig());
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async kubectl(args: string[], stdin?: Uint8Array): Promise<Uint8Array> {
    const r = await runKubectl(`${this.dir}/kubeconfig`, args, { env: { HOME: this.dir }, stdin });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}${text(r.stdout)}`);
    return r.stdout;
  }

  async password(): Promise<string> {
    return text(await this.kubectl(["get", "secret", "db", "-o", "jsonpath={.data.password}"]));
  }
}

async function rotationScenario(
  t: Deno.TestContext,
  c: Cluster,
  raw: RawReader,
  restartForRaw: boolean,
  [first, second]: [string, string],
): Promise<void> {
  const read = async (keys: string[]) => {
    if (!restartForRaw) return await raw(keys);
    await c.stop();
    return await raw(keys);
  };
  const oldProvider = `${first}: {keys: [{name: key1, secret: ${key(1)}}]}`;
  const newProvider = `${second}: {keys: [{name: key2, secret: ${key(2)}}]}`;
  await c.start([oldProvider, "identity: {}"]);
  await t.step(`secrets are stored as ${first} envelopes, configmaps plain`, async () => {
    await c.kubectl(["create", "secret", "generic", "db", "--from-literal=password=hunter2"]);
    await c.kubectl([
      "create",
      "secret",
      "generic",
      "api",
      "-n",
      "kube-system",
      "--from-literal=t=x",
    ]);
    await c.kubectl(["create", "configmap", "app", "--from-literal=mode=prod"]);
    assert.equal(await c.password(), "aHVudGVyMg==");
    const [secret, cm] = await read([SECRET_KEY, CM_KEY]);
    assert.ok(secret.startsWith(`k8s:enc:${first}:v1:key1:`), secret.slice(0, 40));
    assert.ok(!secret.includes("hunter2") && !secret.includes("aHVudGVyMg"), "ciphertext only");
    assert.match(cm, /^\{.*"mode":"prod"/);
  });

  await t.step(`rotation to ${second}: rewrite every secret, drop the old key`, async () => {
    if (!c.server) await c.start([oldProvider, "identity: {}"]);
    await c.stop();
    await c.start([newProvider, oldProvider]);
    assert.equal(await c.password(), "aHVudGVyMg==", "old envelopes still read");
    const all = await c.kubectl(["get", "secrets", "-A", "-o", "json"]);
    assert.match(text(await c.kubectl(["replace", "-f", "-"], all)), /secret\/db replaced/);
    const rewritten = await read([SECRET_KEY, "/registry/secrets/kube-system/api"]);
    for (const v of rewritten) {
      assert.ok(v.startsWith(`k8s:enc:${second}:v1:key2:`), v.slice(0, 40));
    }
    await c.stop();
    await c.start([newProvider]);
    assert.equal(await c.password(), "aHVudGVyMg==");
    assert.match(text(await c.kubectl(["get", "secrets", "-A"])), /kube-system\s+api\s+Opaque\s+1/);
    assert.match(text(await c.kubectl(["describe", "secret", "db"])), /^password:\s+7 bytes$/m);
  });
}

Deno.test({
  name: "encryption at rest on sqlite: aesgcm envelopes in the file, rotation to secretbox",
  ...requires("kubectl"),
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "k8sm-enc-sqlite-" });
    const c = new Cluster(dir, { storage: "sqlite", dataDir: dir });
    const raw: RawReader = (keys) => {
      const db = new DatabaseSync(`${dir}/${SQLITE_FILE}`, { readOnly: true });
      try {
        const get = db.prepare("SELECT value FROM kv WHERE key = ?");
        return Promise.resolve(keys.map((k) => {
          const row = get.get(k) as { value: string | Uint8Array } | undefined;
          assert.ok(row, `no row for ${k}`);
          return typeof row.value === "string"
            ? row.value
            : Buffer.from(row.value).toString("latin1");
        }));
      } finally {
        db.close();
      }
    };
    try {
      await rotationScenario(t, c, raw, true, ["aesgcm", "secretbox"]);
    } finally {
      await c.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "encryption at rest on etcd: aescbc envelopes read from etcd, rotation to aesgcm",
  ...requires("kubectl", "etcd"),
  async fn(t) {
    const etcd = await startEtcd();
    const dir = await Deno.makeTempDir({ prefix: "k8sm-enc-etcd-" });
    const client = new Etcd3({ hosts: etcd.endpoint });
    const c = new Cluster(dir, { storage: "etcd", etcdServers: [etcd.endpoint] });
    const raw: RawReader = (keys) =>
      Promise.all(keys.map(async (k) => {
        const v = await client.get(k).buffer();
        assert.ok(v, `no value at ${k}`);
        return v.toString("latin1");
      }));
    try {
      await rotationScenario(t, c, raw, false, ["aescbc", "aesgcm"]);
    } finally {
      await c.stop();
      client.close();
      await etcd.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

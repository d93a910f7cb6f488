/**
 * Encryption at rest below the Store contract: kube's envelope bytes for aesgcm (storage key as
 * authenticated data), aescbc and secretbox; which resources a config covers; reads after a
 * key rotation; refusals of unreadable values; and a sqlite store whose kv and log tables hold
 * only ciphertext for Secrets while reads, lists and watch replay return plain objects.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createDecipheriv } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { parseEncryptionConfig } from "../../../../core/storage/encryption/encryption_config.ts";
import {
  ValueTransformer,
  ValueTransformError,
} from "../../../../core/storage/encryption/value_transformer.ts";
import { SqliteStore } from "../../../../core/storage/sqlite_store.ts";

const K1 = new Uint8Array(32).fill(1);
const K2 = new Uint8Array(32).fill(2);
const b64 = (k: Uint8Array) => Buffer.from(k).toString("base64");

function transformer(providers: string, resources = "[secrets]"): ValueTransformer {
  return new ValueTransformer(parseEncryptionConfig(
    `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ${resources}
    providers:
${providers}`,
    "test",
  ));
}

const gcm = (name: string, key: Uint8Array) =>
  `      - aesgcm: {keys: [{name: ${name}, secret: ${b64(key)}}]}\n`;
const SECRET_KEY = "/registry/secrets/default/s1";
const JSON_TEXT = '{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}';

function bytesOf(v: string | Uint8Array): Uint8Array {
  assert.ok(v instanceof Uint8Array, "the sealed value is bytes");
  return v;
}

Deno.test("aesgcm: kube's envelope (prefix, 12-byte nonce, ciphertext, tag; key as AAD)", () => {
  const sealed = bytesOf(transformer(gcm("key1", K1)).seal(SECRET_KEY, JSON_TEXT));
  const prefix = "k8s:enc:aesgcm:v1:key1:";
  assert.equal(Buffer.from(sealed.subarray(0, prefix.length)).toString(), prefix);
  const body = sealed.subarray(prefix.length);
  assert.equal(body.length, 12 + JSON_TEXT.length + 16);
  // Decrypted independently with node:crypto, as kube-apiserver's GCM transformer would.
  const d = createDecipheriv("aes-256-gcm", K1, body.subarray(0, 12));
  d.setAAD(Buffer.from(SECRET_KEY));
  d.setAuthTag(body.subarray(body.length - 16));
  const plain = Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]);
  assert.equal(plain.toString(), JSON_TEXT);
  // The storage key is authenticated: the same bytes under another key do not open.
  assert.throws(
    () => transformer(gcm("key1", K1)).open("/registry/secrets/default/other", sealed),
    ValueTransformError,
  );
});

Deno.test("aescbc and secretbox: kube's envelopes open again and hide the plain text", () => {
  for (const type of ["aescbc", "secretbox"]) {
    const t = transformer(`      - ${type}: {keys: [{name: k, secret: ${b64(K2)}}]}\n`);
    const sealed = bytesOf(t.seal(SECRET_KEY, JSON_TEXT));
    const text = Buffer.from(sealed).toString("latin1");
    assert.ok(text.startsWith(`k8s:enc:${type}:v1:k:`), text.slice(0, 30));
    assert.ok(!text.includes("aHVudGVyMg"), "no plain text in the envelope");
    const overhead = type === "aescbc" ? 16 + 16 - (JSON_TEXT.length % 16) : 24 + 16;
    assert.equal(sealed.length, `k8s:enc:${type}:v1:k:`.length + JSON_TEXT.length + overhead);
    assert.equal(t.open(SECRET_KEY, sealed), JSON_TEXT);
  }
});

Deno.test("rules: named resources, group wildcards and *.* are covered; others stay plain", () => {
  const t = transformer(gcm("k", K1), '[secrets, "*.apps", "roles.rbac.authorization.k8s.io"]');
  assert.ok(t.seal(SECRET_KEY, "{}") instanceof Uint8Array);
  // apps objects live under their plain plural, as in kube.
  assert.ok(t.seal("/registry/deployments/ns/d", "{}") instanceof Uint8Array);
  assert.ok(t.seal("/registry/rbac.authorization.k8s.io/roles/ns/r", "{}") instanceof Uint8Array);
  assert.equal(t.seal("/registry/configmaps/ns/c", "{}"), "{}");
  assert.equal(t.seal("/registry/rbac.authorization.k8s.io/clusterroles/r", "{}"), "{}");
  const all = transformer(gcm("k", K1), '["*.*"]');
  assert.ok(all.seal("/registry/pods/ns/p", "{}") instanceof Uint8Array);
  // Keys of no served resource (the scheduler's own records) are never encrypted.
  assert.equal(all.seal("/registry/k8sm/framework-id", "{}"), "{}");
  // identity first: written plain, encrypted values still readable.
  const idFirst = transformer(`      - identity: {}\n${gcm("k", K1)}`);
  assert.equal(idFirst.seal(SECRET_KEY, JSON_TEXT), JSON_TEXT);
  assert.equal(
    idFirst.open(SECRET_KEY, transformer(gcm("k", K1)).seal(SECRET_KEY, JSON_TEXT)),
    JSON_TEXT,
  );
});

Deno.test("rotation: the new key writes, the old one still reads; a removed key is named", () => {
  const old = transformer(gcm("key1", K1)).seal(SECRET_KEY, JSON_TEXT);
  const both = transformer(
    `      - aesgcm: {keys: [{name: key2, secret: ${b64(K2)}}, {name: key1, secret: ${
      b64(K1)
    }}]}\n`,
  );
  assert.equal(both.open(SECRET_KEY, old), JSON_TEXT);
  const rewritten = bytesOf(both.seal(SECRET_KEY, JSON_TEXT));
  assert.ok(Buffer.from(rewritten).toString("latin1").startsWith("k8s:enc:aesgcm:v1:key2:"));
  const onlyNew = transformer(gcm("key2", K2));
  assert.equal(onlyNew.open(SECRET_KEY, rewritten), JSON_TEXT);
  assert.throws(
    () => onlyNew.open(SECRET_KEY, old),
    /encrypted with k8s:enc:aesgcm:v1:key1:, a provider key the encryption config for secrets does not list/,
  );
  // A wrong secret under the same key name fails to authenticate.
  assert.throws(() => transformer(gcm("key1", K2)).open(SECRET_KEY, old), /cannot decrypt/);
  // Plain values need an identity provider; ciphertext needs a config.
  assert.throws(() => onlyNew.open(SECRET_KEY, JSON_TEXT), /no identity provider/);
  assert.throws(
    () => new ValueTransformer().open(SECRET_KEY, old),
    /no encryption provider config covers it/,
  );
});

Deno.test("sqlite store: Secrets are ciphertext in kv and log, plain through the Store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-enc-" });
  const path = `${dir}/k8sm.sqlite`;
  try {
    const store = new SqliteStore({ path, transformer: transformer(gcm("key1", K1)) });
    const secret = { metadata: { name: "s1" }, data: { password: "aHVudGVyMg==" } };
    await store.create(SECRET_KEY, secret);
    await store.create("/registry/configmaps/default/c1", {
      metadata: { name: "c1" },
      data: { a: "b" },
    });
    await store.update(SECRET_KEY, (s) => ({ ...s, data: { password: "c2VjcmV0Mg==" } }));
    assert.deepEqual((await store.get(SECRET_KEY))?.data, { password: "c2VjcmV0Mg==" });
    const listed = await store.list("/registry/");
    assert.deepEqual(listed.items.map((o) => o.metadata?.name), ["c1", "s1"]);
    const w = await store.watch("/registry/secrets/", 0);
    const seen: unknown[] = [];
    for await (const ev of w) {
      seen.push(ev.object.data);
      if (seen.length === 2) break;
    }
    w.stop();
    assert.deepEqual(seen, [{ password: "aHVudGVyMg==" }, { password: "c2VjcmV0Mg==" }]);
    await store.close();

    const db = new DatabaseSync(path, { readOnly: true });
    const kv = db.prepare("SELECT value FROM kv WHERE key = ?").get(SECRET_KEY) as {
      value: unknown;
    };
    assert.ok(kv.value instanceof Uint8Array);
    assert.match(Buffer.from(kv.value).toString("latin1"), /^k8s:enc:aesgcm:v1:key1:/);
    const cm = db.prepare("SELECT value FROM kv WHERE key = ?").get(
      "/registry/configmaps/default/c1",
    ) as { value: unknown };
    assert.equal(typeof cm.value, "string");
    const logged = db.prepare("SELECT value, prev_value FROM log WHERE key = ?").all(
      SECRET_KEY,
    ) as {
      value: unknown;
      prev_value: unknown;
    }[];
    for (const row of logged) {
      for (const v of [row.value, row.prev_value].filter((v) => v !== null)) {
        assert.ok(v instanceof Uint8Array, "log rows hold ciphertext");
        assert.ok(!Buffer.from(v).toString("latin1").includes("aHVudGVyMg"), "no plain data");
      }
    }
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

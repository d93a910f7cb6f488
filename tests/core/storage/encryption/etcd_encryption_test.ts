/**
 * The etcd store with an encryption config: etcd holds `k8s:enc:secretbox:v1:…` envelopes
 * (read with a separate etcd client), while get, list, update and watch (live and replayed)
 * return the plain objects; keys no rule names stay plain JSON.
 */
import assert from "node:assert/strict";
import { Etcd3 } from "etcd3";
import { requires } from "../../../_helpers/requirements.ts";
import { startEtcd } from "../../../_helpers/etcd.ts";
import { EtcdStore } from "../../../../core/storage/etcd_store.ts";
import { parseEncryptionConfig } from "../../../../core/storage/encryption/encryption_config.ts";
import { ValueTransformer } from "../../../../core/storage/encryption/value_transformer.ts";
import type { StoredObject, WatchEvent } from "../../../../core/storage/store.ts";

const CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox: {keys: [{name: k1, secret: ${btoa("s".repeat(32))}}]}
`;

Deno.test({
  name: "etcd store: secrets are envelopes in etcd; get, list, update and watch are plain",
  ...requires("etcd"),
  async fn() {
    const etcd = await startEtcd();
    const raw = new Etcd3({ hosts: etcd.endpoint });
    const store = new EtcdStore({
      endpoints: [etcd.endpoint],
      transformer: new ValueTransformer(parseEncryptionConfig(CONFIG, "test")),
    });
    try {
      const key = "/registry/secrets/default/s1";
      const created: StoredObject = await store.create(key, {
        metadata: { name: "s1" },
        data: { a: "YQ==" },
      });
      const live = await store.watch(
        "/registry/secrets/",
        Number(created.metadata?.resourceVersion),
      );
      await store.update(key, (s) => ({ ...s, data: { a: "Yg==" } }));
      await store.create("/registry/configmaps/default/c1", { metadata: { name: "c1" } });

      const events: WatchEvent<StoredObject>[] = [];
      for await (const ev of live) {
        events.push(ev);
        break;
      }
      live.stop();
      assert.deepEqual(events.map((e) => [e.type, e.object.data, e.prevObject?.data]), [
        ["MODIFIED", { a: "Yg==" }, { a: "YQ==" }],
      ]);
      const replay = await store.watch("/registry/secrets/", 0);
      const replayed: unknown[] = [];
      for await (const ev of replay) {
        replayed.push(ev.object.data);
        if (replayed.length === 2) break;
      }
      replay.stop();
      assert.deepEqual(replayed, [{ a: "YQ==" }, { a: "Yg==" }]);
      assert.deepEqual((await store.get(key))?.data, { a: "Yg==" });
      assert.deepEqual((await store.list("/registry/")).items.map((o) => o.metadata?.name), [
        "c1",
        "s1",
      ]);

      const stored = (await raw.get(key).buffer())?.toString("latin1") ?? "";
      assert.ok(stored.startsWith("k8s:enc:secretbox:v1:k1:"), stored.slice(0, 30));
      assert.ok(!stored.includes("Yg=="), "no plain data in etcd");
      assert.match(
        await raw.get("/registry/configmaps/default/c1").string() ?? "",
        /^\{"metadata"/,
      );
    } finally {
      await store.close();
      raw.close();
      await etcd.stop();
    }
  },
});

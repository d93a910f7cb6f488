import assert from "node:assert/strict";
import { openStore, parseEtcdEndpoints, resolveDataDir } from "../../../core/storage/open_store.ts";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { SqliteStore } from "../../../core/storage/sqlite_store.ts";
import { EtcdStore } from "../../../core/storage/etcd_store.ts";
import { isStoreError } from "../../../core/storage/store.ts";
import { skipWithoutEtcd, startEtcd } from "../../_helpers/etcd.ts";

Deno.test("openStore opens memory on request", async () => {
  const s = await openStore({ storage: "memory" });
  try {
    assert.ok(s instanceof MemoryStore);
  } finally {
    await s.close();
  }
});

Deno.test("openStore defaults to sqlite in the data dir, creating it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-open-store-" });
  try {
    const s = await openStore({ dataDir: `${dir}/nested/data` });
    try {
      assert.ok(s instanceof SqliteStore);
      assert.equal(s.path, `${dir}/nested/data/k8sm.sqlite`);
      await s.create("/k", { n: 1 });
    } finally {
      await s.close();
    }
    assert.ok((await Deno.stat(`${dir}/nested/data/k8sm.sqlite`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveDataDir expands ~ and defaults to ~/.k8sm", () => {
  const home = Deno.env.get("HOME");
  assert.equal(resolveDataDir(), `${home}/.k8sm`);
  assert.equal(resolveDataDir("~/x"), `${home}/x`);
  assert.equal(resolveDataDir("/tmp/y"), "/tmp/y");
});

Deno.test("parseEtcdEndpoints accepts the seed's forms and comma lists", () => {
  assert.deepEqual(parseEtcdEndpoints(["http://10.0.0.1:4001"]), ["http://10.0.0.1:4001"]);
  assert.deepEqual(parseEtcdEndpoints(["http://a:4001,b:2379", " c "]), [
    "http://a:4001",
    "http://b:2379",
    "http://c:2379",
  ]);
  assert.throws(() => parseEtcdEndpoints([""]), /no etcd server/);
  assert.throws(() => parseEtcdEndpoints(["ftp://x:1"]), /ftp:\/\/x:1/);
});

Deno.test("openStore fails fast on an unreachable etcd, naming it", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  await assert.rejects(
    openStore({ etcdServers: [`http://127.0.0.1:${port}`] }),
    (e) => isStoreError(e, "Unavailable") && e.message.includes(`127.0.0.1:${port}`),
  );
});

Deno.test({
  name: "openStore picks etcd when servers are given",
  ignore: skipWithoutEtcd(),
  fn: async () => {
    const etcd = await startEtcd();
    try {
      const s = await openStore({ etcdServers: [etcd.endpoint], dataDir: "/nonexistent" });
      try {
        assert.ok(s instanceof EtcdStore);
        assert.ok((await s.currentRevision()) >= 1);
      } finally {
        await s.close();
      }
    } finally {
      await etcd.stop();
    }
  },
});

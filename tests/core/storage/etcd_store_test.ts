import assert from "node:assert/strict";
import { EtcdStore } from "../../../core/storage/etcd_store.ts";
import { isStoreError, type StoredObject } from "../../../core/storage/store.ts";
import { skipWithoutEtcd, startEtcd } from "../../_helpers/etcd.ts";
import { runStoreContract } from "./store_contract.ts";

const ignore = skipWithoutEtcd();

Deno.test({
  name: "EtcdStore meets the Store contract on a real etcd",
  ignore,
  fn: async (t) => {
    const etcd = await startEtcd();
    try {
      await runStoreContract(
        t,
        () => Promise.resolve(new EtcdStore({ endpoints: [etcd.endpoint] })),
      );
    } finally {
      await etcd.stop();
    }
  },
});

Deno.test({
  name: "EtcdStore: a new client on the same etcd sees the same bytes and revisions",
  ignore,
  fn: async () => {
    const etcd = await startEtcd();
    try {
      const first = new EtcdStore({ endpoints: [etcd.endpoint] });
      const objects: StoredObject[] = [
        {
          kind: "Pod",
          metadata: { name: "a", labels: { "x/y": "ü ✓ \u2028" } },
          spec: { n: 1.5e-7 },
        },
        { metadata: { name: "b", resourceVersion: "999" }, list: [1, "two", null, { z: true }] },
        { kind: "NoMeta", text: 'quote " backslash \\ tab \t' },
      ];
      for (const [i, o] of objects.entries()) await first.create(`/r/${i}`, o);
      const before = await first.list("/r/");
      await first.close();
      const second = new EtcdStore({ endpoints: [etcd.endpoint] });
      try {
        const after = await second.list("/r/");
        assert.equal(JSON.stringify(after), JSON.stringify(before));
      } finally {
        await second.close();
      }
    } finally {
      await etcd.stop();
    }
  },
});

Deno.test({
  name: "EtcdStore reports an unreachable etcd as Unavailable naming the endpoint",
  ignore,
  fn: async () => {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (l.addr as Deno.NetAddr).port;
    l.close();
    const endpoint = `http://127.0.0.1:${port}`;
    const s = new EtcdStore({ endpoints: [endpoint], timeoutMs: 1_000 });
    try {
      await assert.rejects(
        s.get("/x"),
        (e) => isStoreError(e, "Unavailable") && e.message.includes(`127.0.0.1:${port}`),
      );
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "EtcdStore ends a watch with Unavailable when etcd goes away, instead of hanging",
  ignore,
  fn: async () => {
    const etcd = await startEtcd();
    let stopped = false;
    const s = new EtcdStore({ endpoints: [etcd.endpoint], timeoutMs: 2_000 });
    try {
      await s.create("/gone/a", { n: 1 });
      const w = await s.watch("/gone/", await s.currentRevision());
      const ended: Promise<unknown> = (async () => {
        for await (const _ of w) { /* no events expected */ }
      })().then(() => "the watch ended without an error", (e) => e);
      await etcd.stop();
      stopped = true;
      const err = await ended;
      assert.ok(isStoreError(err, "Unavailable"), String(err));
      assert.ok(err.message.includes(etcd.endpoint), err.message);
      await assert.rejects(s.get("/gone/a"), (e) => isStoreError(e, "Unavailable"));
    } finally {
      await s.close();
      if (!stopped) await etcd.stop();
    }
  },
});

Deno.test({
  name: "EtcdStore lists across pages at one revision, in key order",
  ignore,
  fn: async () => {
    const etcd = await startEtcd();
    const s = new EtcdStore({ endpoints: [etcd.endpoint], listPageSize: 2 });
    try {
      for (const name of ["e", "a", "d", "b", "c"]) await s.create(`/p/${name}`, { name });
      await s.create("/pz", { name: "outside" });
      const list = await s.list<StoredObject & { name: string }>("/p/");
      assert.deepEqual(list.items.map((o) => o.name), ["a", "b", "c", "d", "e"]);
      assert.equal(list.revision, await s.currentRevision());
      assert.equal((await s.list("")).items.length, 6);
    } finally {
      await s.close();
      await etcd.stop();
    }
  },
});

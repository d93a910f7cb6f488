/** The watch half of the Store contract suite (see store_contract.ts). */
import assert from "node:assert/strict";
import { isStoreError, type Store, type StoredObject } from "../../../core/storage/store.ts";
import { takeEvents, uniquePrefix } from "./store_contract_util.ts";

interface Counter extends StoredObject {
  metadata: { name: string; resourceVersion?: string };
  n: number;
}

function counter(name: string, n = 0): Counter {
  return { metadata: { name }, n };
}

/** Runs the watch cases as steps of `t`, each with a fresh store from `make`. */
export async function contractWatchSteps(
  t: Deno.TestContext,
  make: () => Promise<Store>,
): Promise<void> {
  const step = (name: string, body: (s: Store, p: string) => Promise<void>) =>
    t.step(name, async () => {
      const s = await make();
      try {
        await body(s, uniquePrefix());
      } finally {
        await s.close();
      }
    });

  await step("watch from the current revision sees live ADDED, MODIFIED, DELETED", async (s, p) => {
    const w = await s.watch<Counter>(p, await s.currentRevision());
    try {
      const c = await s.create(p + "a", counter("a", 1));
      const u = await s.update<Counter>(p + "a", (cur) => ({ ...cur, n: 2 }));
      const d = await s.delete<Counter>(p + "a");
      const evs = await takeEvents(w, 3);
      assert.deepEqual(evs.map((e) => e.type), ["ADDED", "MODIFIED", "DELETED"]);
      assert.deepEqual(evs.map((e) => e.key), [p + "a", p + "a", p + "a"]);
      assert.deepEqual(evs[0].object, c);
      assert.deepEqual(evs[1].object, u);
      assert.deepEqual(evs[1].prevObject, c);
      assert.deepEqual(evs[2].object, d);
      assert.deepEqual(evs[2].prevObject, u);
      for (const e of evs) assert.equal(e.object.metadata.resourceVersion, String(e.revision));
    } finally {
      w.stop();
    }
  });

  await step("watch replays history after a given revision, then goes live", async (s, p) => {
    const revs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await s.create(`${p}o${i}`, counter(`o${i}`, i));
      revs.push(Number(o.metadata.resourceVersion));
    }
    const w = await s.watch<Counter>(p, revs[1]);
    try {
      await s.create(p + "live", counter("live"));
      const evs = await takeEvents(w, 4);
      assert.deepEqual(evs.map((e) => e.object.metadata.name), ["o2", "o3", "o4", "live"]);
      assert.deepEqual(evs.slice(0, 3).map((e) => e.revision), revs.slice(2));
    } finally {
      w.stop();
    }
  });

  await step(
    "watch from 0 replays the prefix's whole history (nothing compacted yet)",
    async (s, p) => {
      await s.create(p + "a", counter("a", 1));
      await s.update<Counter>(p + "a", (cur) => ({ ...cur, n: 2 }));
      await s.delete(p + "a");
      const w = await s.watch<Counter>(p, 0);
      try {
        const evs = await takeEvents(w, 3);
        assert.deepEqual(evs.map((e) => `${e.type}:${e.object.n}`), [
          "ADDED:1",
          "MODIFIED:2",
          "DELETED:2",
        ]);
      } finally {
        w.stop();
      }
    },
  );

  await step("a prefix watch does not see sibling keys sharing the prefix text", async (s, p) => {
    const w = await s.watch<Counter>(p + "a/", await s.currentRevision());
    try {
      await s.create(p + "ab", counter("ab"));
      await s.create(p + "a", counter("a"));
      await s.create(p + "a/x", counter("x"));
      const [ev] = await takeEvents(w, 1);
      assert.equal(ev.key, p + "a/x");
    } finally {
      w.stop();
    }
  });

  await step("a watcher sees every one of 1,000 rapid updates in order", async (s, p) => {
    await s.create(p + "hot", counter("hot", 0));
    const w = await s.watch<Counter>(p, await s.currentRevision());
    try {
      const reading = takeEvents(w, 1000, 120_000);
      for (let i = 1; i <= 1000; i++) {
        await s.update<Counter>(p + "hot", (cur) => ({ ...cur, n: i }));
      }
      const evs = await reading;
      assert.deepEqual(evs.map((e) => e.object.n), Array.from({ length: 1000 }, (_, i) => i + 1));
      for (let i = 1; i < evs.length; i++) assert.ok(evs[i].revision > evs[i - 1].revision);
      assert.ok(evs.every((e) => e.type === "MODIFIED" && e.prevObject?.n === e.object.n - 1));
    } finally {
      w.stop();
    }
  });

  await step("a watch from a compacted revision fails with Expired", async (s, p) => {
    await s.create(p + "a", counter("a"));
    const b = await s.create(p + "b", counter("b"));
    await s.create(p + "c", counter("c"));
    const rev = Number(b.metadata.resourceVersion);
    await s.compact(rev);
    await assert.rejects(s.watch(p, rev - 1), (e) => isStoreError(e, "Expired"));
    const w = await s.watch<Counter>(p, rev);
    try {
      const [ev] = await takeEvents(w, 1);
      assert.equal(ev.object.metadata.name, "c");
    } finally {
      w.stop();
    }
  });

  await step(
    "a watch from a future revision starts after that revision, as etcd's",
    async (s, p) => {
      const now = await s.currentRevision();
      const w = await s.watch<Counter>(p, now + 2);
      try {
        for (const name of ["a", "b", "c", "d"]) await s.create(p + name, counter(name));
        const evs = await takeEvents(w, 2);
        assert.deepEqual(evs.map((e) => e.object.metadata.name), ["c", "d"]);
        assert.ok(evs.every((e) => e.revision > now + 2));
      } finally {
        w.stop();
      }
    },
  );

  await step("stop() ends a pending iteration", async (s, p) => {
    const w = await s.watch<Counter>(p, await s.currentRevision());
    const seen: string[] = [];
    const loop = (async () => {
      for await (const ev of w) seen.push(ev.key);
    })();
    await s.create(p + "a", counter("a"));
    const deadline = Date.now() + 30_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    w.stop();
    await loop;
    assert.deepEqual(seen, [p + "a"]);
  });
}

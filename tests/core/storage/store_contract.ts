/**
 * The one Store contract suite, run as steps of a Deno test against every backend
 * (memory_store_test.ts, sqlite_store_test.ts, etcd_store_test.ts).
 */
import assert from "node:assert/strict";
import { isStoreError, type Store, type StoredObject } from "../../../core/storage/store.ts";
import { contractWatchSteps } from "./store_contract_watch.ts";
import { uniquePrefix } from "./store_contract_util.ts";

/** A counter object used throughout the suite. */
export interface Counter extends StoredObject {
  kind: "Counter";
  metadata: { name: string; uid?: string; resourceVersion?: string };
  n: number;
}

/** Builds a Counter named `name` with value `n`. */
export function counter(name: string, n = 0, uid?: string): Counter {
  return { kind: "Counter", metadata: uid ? { name, uid } : { name }, n };
}

/** Makes a fresh, open store for one step; the step closes it. */
export type StoreFactory = () => Promise<Store>;

/** Runs `body` with a store from `make`, closing it afterwards. */
export async function withStore(make: StoreFactory, body: (s: Store) => Promise<void>) {
  const store = await make();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** Runs every contract case as a step of test context `t`. */
export async function runStoreContract(t: Deno.TestContext, make: StoreFactory): Promise<void> {
  const step = (name: string, body: (s: Store, p: string) => Promise<void>) =>
    t.step(name, () => withStore(make, (s) => body(s, uniquePrefix())));

  await step("create and get round-trip; resourceVersion is the write revision", async (s, p) => {
    const input = counter("a", 1);
    input.metadata.resourceVersion = "12345";
    const before = await s.currentRevision();
    const created = await s.create(p + "a", input);
    assert.equal(input.metadata.resourceVersion, "12345", "create must not mutate its input");
    const rev = await s.currentRevision();
    assert.ok(rev > before);
    assert.deepEqual(created, {
      ...counter("a", 1),
      metadata: { name: "a", resourceVersion: `${rev}` },
    });
    assert.deepEqual(await s.get(p + "a"), created);
    assert.equal(await s.get(p + "missing"), undefined);
  });

  await step("AlreadyExists and NotFound", async (s, p) => {
    await s.create(p + "a", counter("a"));
    await assert.rejects(s.create(p + "a", counter("a")), (e) => isStoreError(e, "AlreadyExists"));
    await assert.rejects(s.update(p + "nope", (c) => c), (e) => isStoreError(e, "NotFound"));
    await assert.rejects(s.delete(p + "nope"), (e) => isStoreError(e, "NotFound"));
  });

  await step("list returns the prefix in key order at the current revision", async (s, p) => {
    for (const name of ["c", "a", "b"]) await s.create(`${p}x/${name}`, counter(name));
    await s.create(`${p}xy`, counter("xy"));
    await s.create(`${p}x`, counter("x"));
    const list = await s.list<Counter>(`${p}x/`);
    assert.deepEqual(list.items.map((o) => o.metadata.name), ["a", "b", "c"]);
    assert.equal(list.revision, await s.currentRevision());
    for (const o of list.items) assert.ok(Number(o.metadata.resourceVersion) <= list.revision);
    assert.equal((await s.list(`${p}x`)).items.length, 5);
    assert.deepEqual((await s.list(`${p}none/`)).items, []);
  });

  await step("update stores what fn returns; unchanged writes nothing", async (s, p) => {
    const c = await s.create(p + "a", counter("a", 1));
    const u = await s.update<Counter>(p + "a", (cur) => {
      assert.deepEqual(cur, c);
      return { ...cur, n: cur.n + 1 };
    });
    assert.equal(u.n, 2);
    assert.ok(Number(u.metadata.resourceVersion) > Number(c.metadata.resourceVersion));
    assert.equal(u.metadata.resourceVersion, String(await s.currentRevision()));
    const rev = await s.currentRevision();
    const same = await s.update<Counter>(p + "a", (cur) => cur);
    assert.deepEqual(same, u);
    assert.equal(await s.currentRevision(), rev, "an unchanged update must not write");
  });

  await step("preconditions: stale resourceVersion or uid is a Conflict", async (s, p) => {
    const c = await s.create(p + "a", counter("a", 0, "uid-1"));
    const rv = c.metadata.resourceVersion as string;
    await s.update<Counter>(p + "a", (cur) => ({ ...cur, n: 1 }), { resourceVersion: rv });
    const stale = { resourceVersion: rv };
    await assert.rejects(
      s.update(p + "a", (cur) => cur, stale),
      (e) => isStoreError(e, "Conflict"),
    );
    await assert.rejects(s.delete(p + "a", stale), (e) => isStoreError(e, "Conflict"));
    await assert.rejects(
      s.update<Counter>(
        p + "a",
        (cur) => ({ ...cur, metadata: { ...cur.metadata, resourceVersion: rv } }),
      ),
      (e) => isStoreError(e, "Conflict"),
    );
    await assert.rejects(s.delete(p + "a", { uid: "uid-2" }), (e) => isStoreError(e, "Conflict"));
    assert.equal((await s.get<Counter>(p + "a"))?.n, 1);
    const d = await s.delete<Counter>(p + "a", { uid: "uid-1" });
    assert.equal(d.n, 1);
  });

  await step("50 concurrent read-modify-write updaters lose no update", async (s, p) => {
    await s.create(p + "a", counter("a", 0));
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        s.update<Counter>(p + "a", async (cur) => {
          await Promise.resolve();
          return { ...cur, n: cur.n + 1 };
        })),
    );
    assert.equal((await s.get<Counter>(p + "a"))?.n, 50);
    const rvs = new Set(results.map((r) => r.metadata.resourceVersion));
    assert.equal(rvs.size, 50, "every successful update has its own revision");
    assert.deepEqual([...results.map((r) => r.n)].sort((a, b) => a - b), range(1, 50));
  });

  await step("delete returns the object at the delete revision", async (s, p) => {
    const c = await s.create(p + "a", counter("a", 7));
    const d = await s.delete<Counter>(p + "a");
    assert.equal(d.n, 7);
    assert.ok(Number(d.metadata.resourceVersion) > Number(c.metadata.resourceVersion));
    assert.equal(d.metadata.resourceVersion, String(await s.currentRevision()));
    assert.equal(await s.get(p + "a"), undefined);
    const again = await s.create<Counter>(p + "a", counter("a", 8));
    assert.ok(Number(again.metadata.resourceVersion) > Number(d.metadata.resourceVersion));
  });

  await contractWatchSteps(t, make);

  await t.step("close ends pending watches", async () => {
    const s = await make();
    const w = await s.watch(uniquePrefix(), await s.currentRevision());
    const it = w[Symbol.asyncIterator]();
    const pending = it.next();
    await s.close();
    const r = await pending;
    assert.equal(r.done, true);
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

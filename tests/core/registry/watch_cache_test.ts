import assert from "node:assert/strict";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import {
  type CacheEvent,
  type CacheListener,
  RevisionExpiredError,
  WatchCache,
} from "../../../core/registry/watch_cache.ts";

const pod = (ns: string, name: string, labels: Record<string, string> = {}) => ({
  kind: "Pod",
  apiVersion: "v1",
  metadata: { name, namespace: ns, labels },
});

function collector(resource = "pods") {
  const events: CacheEvent[] = [];
  let ended = false;
  const l: CacheListener = {
    resource,
    deliver: (ev) => events.push(ev),
    end: () => ended = true,
  };
  return { l, events, ended: () => ended };
}

Deno.test("the cache starts from the stored objects and follows every write", async () => {
  const store = new MemoryStore();
  await store.create("/registry/pods/b/x", pod("b", "x"));
  await store.create("/registry/pods/a/y", pod("a", "y", { app: "web" }));
  await store.create("/registry/k8sm/framework-id", { id: "f" });
  const cache = await WatchCache.start(store);
  try {
    assert.deepEqual(cache.list("/registry/pods/").map((e) => e.key), [
      "/registry/pods/a/y",
      "/registry/pods/b/x",
    ]);
    assert.deepEqual(cache.get("/registry/pods/a/y")?.labels, { app: "web" });
    assert.equal(cache.get("/registry/pods/a/y")?.fields["metadata.namespace"], "a");
    await store.create("/registry/pods/a/z", pod("a", "z"));
    await store.delete("/registry/pods/b/x");
    assert.equal(await cache.fresh(), true);
    assert.equal(cache.revision, await store.currentRevision());
    assert.deepEqual(cache.list("/registry/pods/a/").map((e) => e.key), [
      "/registry/pods/a/y",
      "/registry/pods/a/z",
    ]);
    assert.equal(cache.get("/registry/pods/b/x"), undefined);
    const json = JSON.parse(cache.get("/registry/pods/a/z")?.json ?? "{}");
    assert.equal(json.metadata.resourceVersion, String(cache.get("/registry/pods/a/z")?.revision));
  } finally {
    await cache.close();
    await store.close();
  }
});

Deno.test("subscribe: snapshot or history after a revision, expired below the window", async () => {
  const store = new MemoryStore();
  const cache = await WatchCache.start(store, { historySize: 4 });
  try {
    const first = await store.create("/registry/pods/a/p", pod("a", "p"));
    const rv0 = Number((first.metadata as { resourceVersion?: string }).resourceVersion);
    await store.update("/registry/pods/a/p", (o) => ({ ...o, spec: { n: 1 } }));
    await cache.fresh();
    const c = collector();
    const sub = cache.subscribe(c.l, "/registry/pods/", rv0);
    assert.deepEqual(sub.backlog?.map((e) => e.type), ["MODIFIED"]);
    assert.equal(sub.backlog?.[0].prev?.revision, rv0);
    assert.equal(cache.listenerCount, 1);
    await store.create("/registry/services/a/s", { metadata: { name: "s", namespace: "a" } });
    await store.delete("/registry/pods/a/p");
    await cache.fresh();
    assert.deepEqual(c.events.map((e) => e.type), ["DELETED"], "only pods are delivered");
    cache.unsubscribe(c.l);
    for (let i = 0; i < 30; i++) {
      await store.create(`/registry/pods/a/q${i}`, pod("a", `q${i}`));
    }
    await cache.fresh();
    assert.throws(
      () => cache.subscribe(collector().l, "/registry/pods/", rv0),
      RevisionExpiredError,
    );
    const snap = cache.subscribe(collector().l, "/registry/pods/a/", undefined);
    assert.equal(snap.snapshot?.length, 30);
    await cache.compact(cache.revision);
    assert.throws(
      () => cache.subscribe(collector().l, "/registry/pods/", cache.revision - 1),
      /too old resource version/,
    );
  } finally {
    await cache.close();
    await store.close();
  }
});

Deno.test("closing the cache ends its listeners", async () => {
  const store = new MemoryStore();
  const cache = await WatchCache.start(store);
  const c = collector();
  cache.subscribe(c.l, "/registry/pods/", undefined);
  await cache.close();
  assert.equal(c.ended(), true);
  await store.close();
});

Deno.test("concurrent consistent reads all see writes committed before they were made", async () => {
  const store = new MemoryStore();
  const cache = await WatchCache.start(store);
  try {
    const checks = [];
    for (let i = 0; i < 20; i++) {
      await store.create(`/registry/pods/a/p${i}`, pod("a", `p${i}`));
      checks.push(
        cache.fresh().then((ok) => ok && cache.get(`/registry/pods/a/p${i}`) !== undefined),
      );
    }
    assert.deepEqual(await Promise.all(checks), Array(20).fill(true));
  } finally {
    await cache.close();
    await store.close();
  }
});

Deno.test("lists stay in key order as keys are created and deleted after the first list", async () => {
  const store = new MemoryStore();
  await store.create("/registry/pods/a/m", pod("a", "m"));
  const cache = await WatchCache.start(store);
  try {
    assert.deepEqual(cache.list("/registry/pods/").map((e) => e.key), ["/registry/pods/a/m"]);
    for (const n of ["q", "b", "z", "c", "a0", "m1"]) {
      await store.create(`/registry/pods/a/${n}`, pod("a", n));
    }
    await store.delete("/registry/pods/a/c");
    await store.create("/registry/pods/b/x", pod("b", "x"));
    assert.equal(await cache.fresh(), true);
    const expected = ["a0", "b", "m", "m1", "q", "z"].map((n) => `/registry/pods/a/${n}`);
    assert.deepEqual(cache.list("/registry/pods/a/").map((e) => e.key), expected);
    assert.deepEqual(cache.list("/registry/pods/").map((e) => e.key), [
      ...expected,
      "/registry/pods/b/x",
    ]);
    assert.deepEqual(cache.list("/registry/pods/a/", "/registry/pods/a/n").map((e) => e.key), [
      "/registry/pods/a/q",
      "/registry/pods/a/z",
    ]);
  } finally {
    await cache.close();
    await store.close();
  }
});

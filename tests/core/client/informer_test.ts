import assert from "node:assert/strict";
import type { KubeList, KubeObject } from "../../../core/api/object.ts";
import type { WatchEvent } from "../../../core/client/watch_stream.ts";
import { Informer } from "../../../core/client/informer.ts";
import { type ListOptions, RestClient } from "../../../core/client/rest_client.ts";
import type { ResourceRef } from "../../../core/client/resource_path.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { jsonBody, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

const PODS = "/api/v1/namespaces/default/pods";

function recorder(inf: Informer) {
  const seen: string[] = [];
  inf.addHandlers({
    onAdd: (o) => void seen.push(`add ${o.metadata.name}`),
    onUpdate: (_old, o) =>
      void seen.push(`update ${o.metadata.name} ${JSON.stringify(o.metadata.labels ?? {})}`),
    onDelete: (o) => void seen.push(`delete ${o.metadata.name}`),
  });
  return seen;
}

Deno.test("informer: lists, then sees adds, updates and deletes through the watch", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const inf = new Informer<KubeObject>(client, { ref: { resource: "pods", namespace: "default" } });
  try {
    await s.json(PODS, jsonBody("POST", testPod("before")));
    const seen = recorder(inf);
    inf.start();
    await inf.waitForSync();
    assert.equal(inf.hasSynced(), true);
    assert.deepEqual(seen, ["add before"]);
    assert.equal(inf.get("default/before")?.metadata.name, "before");

    await s.json(PODS, jsonBody("POST", testPod("after")));
    await s.json(
      `${PODS}/after`,
      jsonBody("PATCH", { metadata: { labels: { tier: "web" } } }, "application/merge-patch+json"),
    );
    await s.json(`${PODS}/before`, { method: "DELETE" });
    await waitFor(() => seen.length >= 4, { timeoutMs: 10_000, what: "informer events" });
    assert.deepEqual(seen, [
      "add before",
      "add after",
      `update after {"tier":"web"}`,
      "delete before",
    ]);
    assert.deepEqual(inf.list().map((o) => o.metadata.name), ["after"]);
  } finally {
    await inf.stop();
    await s.stop();
  }
});

Deno.test("informer: label selectors filter, and handlers added late get the cache replayed", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const inf = new Informer(client, { ref: { resource: "pods" }, labelSelector: "app=web" });
  try {
    await s.json(PODS, jsonBody("POST", testPod("web-1", { app: "web" })));
    await s.json(PODS, jsonBody("POST", testPod("db-1", { app: "db" })));
    inf.start();
    await inf.waitForSync();
    const seen = recorder(inf);
    await waitFor(() => seen.length >= 1, { timeoutMs: 5_000, what: "replayed add" });
    assert.deepEqual(seen, ["add web-1"]);
    await s.json(PODS, jsonBody("POST", testPod("web-2", { app: "web" })));
    await s.json(PODS, jsonBody("POST", testPod("db-2", { app: "db" })));
    await waitFor(() => seen.includes("add web-2"), { timeoutMs: 10_000, what: "add web-2" });
    assert.equal(seen.some((x) => x.includes("db-")), false);
  } finally {
    await inf.stop();
    await s.stop();
  }
});

/** A RestClient that records the informer's LIST calls and each WATCH's resourceVersion. */
class CountingClient extends RestClient {
  lists = 0;
  readonly watchVersions: (string | undefined)[] = [];

  override list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    opts: ListOptions = {},
  ): Promise<KubeList<T>> {
    this.lists++;
    return super.list<T>(ref, opts);
  }

  override watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    opts: ListOptions = {},
    signal?: AbortSignal,
    accept?: string,
    idleMs?: number,
  ): AsyncGenerator<WatchEvent<T>> {
    this.watchVersions.push(opts.resourceVersion);
    return super.watch<T>(ref, opts, signal, accept, idleMs);
  }
}

Deno.test("informer: rewatches from its resourceVersion when the server ends a watch", async () => {
  const s = await startTestApiServer();
  const client = new CountingClient({ server: s.url });
  // The server closes each watch after 1 s; the informer must resume without losing events.
  const inf = new Informer(client, {
    ref: { resource: "pods", namespace: "default" },
    watchTimeoutSeconds: 1,
  });
  try {
    const seen = recorder(inf);
    inf.start();
    await inf.waitForSync();
    await s.json(PODS, jsonBody("POST", testPod("p0")));
    await waitFor(() => seen.includes("add p0"), { timeoutMs: 10_000, what: "add p0" });
    const rvAfterP0 = inf.resourceVersion;
    await waitFor(() => client.watchVersions.length >= 2, {
      timeoutMs: 10_000,
      what: "a second watch after the server ended the first",
    });
    assert.equal(client.lists, 1, "the informer re-watched instead of relisting");
    // Resumes at p0's version, or a later bookmark's: never from scratch or before p0.
    assert.ok(
      Number(client.watchVersions[1]) >= Number(rvAfterP0),
      `the new watch resumes from ${client.watchVersions[1]}, before p0's ${rvAfterP0}`,
    );
    await s.json(PODS, jsonBody("POST", testPod("p1")));
    await waitFor(() => seen.includes("add p1"), { timeoutMs: 10_000, what: "add p1" });
    assert.deepEqual(seen, ["add p0", "add p1"], "no event lost or repeated across the re-watch");
    assert.equal(inf.list().length, 2);
  } finally {
    await inf.stop();
    await s.stop();
  }
});

Deno.test("informer: relists when its resourceVersion has been compacted away (410 Expired)", async () => {
  const s = await startTestApiServer("memory", { bookmarkMs: 600_000 });
  const client = new RestClient({ server: s.url });
  const inf = new Informer(client, {
    ref: { resource: "pods", namespace: "default" },
    labelSelector: "app=web",
    watchTimeoutSeconds: 1,
  });
  try {
    await s.json(PODS, jsonBody("POST", testPod("web-1", { app: "web" })));
    const seen = recorder(inf);
    inf.start();
    await inf.waitForSync();
    const syncedAt = Number(inf.resourceVersion);
    // Writes the informer does not watch move the store on; compacting past them expires its rv.
    for (let i = 0; i < 5; i++) {
      await s.json(PODS, jsonBody("POST", testPod(`db-${i}`, { app: "db" })));
    }
    const latest = Number(
      ((await s.json(PODS)).body.metadata as { resourceVersion: string }).resourceVersion,
    );
    assert.ok(latest > syncedAt);
    await s.server.handler.compact(latest);
    // Only a relist moves the informer's resourceVersion past the compaction point.
    await waitFor(() => Number(inf.resourceVersion) >= latest, {
      timeoutMs: 15_000,
      what: "relist after 410",
    });
    assert.deepEqual(seen, ["add web-1"]);
    await s.json(PODS, jsonBody("POST", testPod("web-2", { app: "web" })));
    await waitFor(() => seen.includes("add web-2"), {
      timeoutMs: 10_000,
      what: "add web-2 after relist",
    });
  } finally {
    await inf.stop();
    await s.stop();
  }
});

Deno.test("informer: resync calls onUpdate with the cached object for every object", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const inf = new Informer(client, {
    ref: { resource: "pods", namespace: "default" },
    resyncMs: 50,
  });
  try {
    await s.json(PODS, jsonBody("POST", testPod("steady")));
    const resyncs: boolean[] = [];
    await inf.addHandlers({ onUpdate: (a, b) => void resyncs.push(a === b) });
    inf.start();
    await waitFor(() => resyncs.length >= 2, { timeoutMs: 10_000, what: "two resyncs" });
    assert.ok(resyncs.every((same) => same));
  } finally {
    await inf.stop();
    await s.stop();
  }
});

Deno.test("informer: a handler added while the first list is delivered sees every object once", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const inf = new Informer(client, { ref: { resource: "pods", namespace: "default" } });
  try {
    for (const name of ["a", "b", "c"]) await s.json(PODS, jsonBody("POST", testPod(name)));
    let calls = 0;
    let reachedSecond!: () => void;
    const reached = new Promise<void>((r) => reachedSecond = r);
    let release!: () => void;
    const gate = new Promise<void>((r) => release = r);
    await inf.addHandlers({
      onAdd: async () => {
        if (++calls !== 2) return;
        reachedSecond();
        await gate;
      },
    });
    inf.start();
    await reached; // the first object has been delivered, the second is being delivered
    const late: string[] = [];
    const adding = inf.addHandlers({ onAdd: (o) => void late.push(o.metadata.name ?? "") });
    release();
    await adding;
    await inf.waitForSync();
    await waitFor(() => late.length >= 3, {
      timeoutMs: 5_000,
      what: "three adds for the late handler",
    });
    assert.deepEqual(late.sort(), ["a", "b", "c"]);
  } finally {
    await inf.stop();
    await s.stop();
  }
});

import assert from "node:assert/strict";
import {
  jsonBody,
  openWatch,
  startTestApiServer,
  type TestApiServer,
  testPod,
} from "../../_helpers/apiserver.ts";

const PODS = "/api/v1/namespaces/default/pods";

async function create(t: TestApiServer, name: string, labels: Record<string, string> = {}) {
  const r = await t.json(PODS, jsonBody("POST", testPod(name, labels)));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { metadata: { resourceVersion: string; name: string } };
}

function label(t: TestApiServer, name: string, labels: Record<string, string | null>) {
  return t.json(
    `${PODS}/${name}`,
    jsonBody("PATCH", { metadata: { labels } }, "application/merge-patch+json"),
  );
}

const nameOf = (ev: { object: { metadata?: Record<string, unknown> } } | undefined) =>
  ev?.object.metadata?.name;

Deno.test("watch rv=0 sends current state as ADDED, then live events; headers come at once", async () => {
  const t = await startTestApiServer();
  try {
    await create(t, "a");
    const w = await openWatch(t, `${PODS}?watch=true&resourceVersion=0`);
    try {
      assert.equal(w.status, 200);
      assert.equal(w.headers.get("content-type"), "application/json");
      const first = await w.next();
      assert.equal(first?.type, "ADDED");
      assert.equal(nameOf(first), "a");
      await label(t, "a", { x: "1" });
      const mod = await w.next();
      assert.equal(mod?.type, "MODIFIED");
      assert.deepEqual(mod?.object.metadata?.labels, { x: "1" });
      await t.json(`${PODS}/a`, { method: "DELETE" });
      const del = await w.next();
      assert.equal(del?.type, "DELETED");
    } finally {
      await w.close();
    }
    // A watch with nothing to send still gets its headers immediately.
    const list = await t.json("/api/v1/namespaces/kube-system/pods");
    const rv = (list.body.metadata as Record<string, string>).resourceVersion;
    const idle = await openWatch(
      t,
      `/api/v1/namespaces/kube-system/pods?watch=1&resourceVersion=${rv}`,
    );
    assert.equal(idle.status, 200);
    await idle.close();
  } finally {
    await t.stop();
  }
});

Deno.test("watch from rv=N replays exactly the events after N, in order", async () => {
  const t = await startTestApiServer();
  try {
    const a = await create(t, "a");
    await label(t, "a", { step: "1" });
    await create(t, "b");
    await t.json(`${PODS}/b`, { method: "DELETE" });
    const w = await openWatch(
      t,
      `/api/v1/watch/namespaces/default/pods?resourceVersion=${a.metadata.resourceVersion}`,
    );
    try {
      const got = [];
      for (let i = 0; i < 3; i++) {
        const ev = await w.next();
        got.push(`${ev?.type} ${nameOf(ev)}`);
      }
      assert.deepEqual(got, ["MODIFIED a", "ADDED b", "DELETED b"]);
    } finally {
      await w.close();
    }
  } finally {
    await t.stop();
  }
});

Deno.test("watch from a compacted revision gets one ERROR event with a 410 Expired Status", async () => {
  const t = await startTestApiServer();
  try {
    const a = await create(t, "a");
    for (let i = 0; i < 5; i++) await label(t, "a", { i: String(i) });
    const last = await label(t, "a", { i: "last" });
    await t.server.handler.compact(
      Number((last.body.metadata as Record<string, string>).resourceVersion),
    );
    const w = await openWatch(
      t,
      `${PODS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`,
    );
    const ev = await w.next();
    assert.equal(ev?.type, "ERROR");
    assert.equal(ev?.object.kind, "Status");
    assert.equal(ev?.object.code, 410);
    assert.equal(ev?.object.reason, "Expired");
    assert.match(String(ev?.object.message), /too old resource version/);
    assert.equal(await w.next(), undefined, "the stream ends after the error");
    await w.close();
  } finally {
    await t.stop();
  }
});

Deno.test("history older than the watch cache window is 410 too", async () => {
  const t = await startTestApiServer("memory", { watchCacheSize: 10 });
  try {
    const a = await create(t, "a");
    for (let i = 0; i < 40; i++) await label(t, "a", { i: String(i) });
    const w = await openWatch(
      t,
      `${PODS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`,
    );
    const ev = await w.next();
    assert.equal(ev?.type, "ERROR");
    assert.equal(ev?.object.code, 410);
    await w.close();
  } finally {
    await t.stop();
  }
});

Deno.test("bookmarks: periodic, and the initial-events-end bookmark with sendInitialEvents", async () => {
  const t = await startTestApiServer("memory", { bookmarkMs: 50 });
  try {
    await create(t, "a");
    const w = await openWatch(
      t,
      `${PODS}?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`,
    );
    try {
      const added = await w.next();
      assert.equal(added?.type, "ADDED");
      const end = await w.next();
      assert.equal(end?.type, "BOOKMARK");
      assert.equal(end?.object.kind, "Pod");
      assert.deepEqual(
        (end?.object.metadata as Record<string, unknown>).annotations,
        { "k8s.io/initial-events-end": "true" },
      );
      const periodic = await w.next();
      assert.equal(periodic?.type, "BOOKMARK");
      assert.match(String(periodic?.object.metadata?.resourceVersion), /^\d+$/);
    } finally {
      await w.close();
    }
  } finally {
    await t.stop();
  }
});

Deno.test("selectors filter watches; leaving the selection is DELETED, entering it ADDED", async () => {
  const t = await startTestApiServer();
  try {
    const w = await openWatch(t, `${PODS}?watch=true&labelSelector=app%3Dweb`);
    const f = await openWatch(t, `${PODS}?watch=true&fieldSelector=metadata.name%3Dother`);
    try {
      await create(t, "db", { app: "db" });
      await create(t, "web", { app: "web" });
      const added = await w.next();
      assert.equal(added?.type, "ADDED");
      assert.equal(nameOf(added), "web", "db does not match app=web");
      await label(t, "web", { app: "db" });
      const left = await w.next();
      assert.equal(left?.type, "DELETED");
      assert.equal(nameOf(left), "web");
      await label(t, "web", { app: "web" });
      const back = await w.next();
      assert.equal(back?.type, "ADDED");
      assert.equal(nameOf(back), "web");
      await create(t, "other");
      const o = await f.next();
      assert.equal(o?.type, "ADDED");
      assert.equal(nameOf(o), "other", "the field selector saw neither db nor web");
    } finally {
      await w.close();
      await f.close();
    }
  } finally {
    await t.stop();
  }
});

Deno.test("a watcher sees every one of 1,000 rapid updates, in order", async () => {
  const t = await startTestApiServer();
  try {
    const a = await create(t, "counter");
    const w = await openWatch(
      t,
      `${PODS}/counter?watch=true&resourceVersion=${a.metadata.resourceVersion}`,
    );
    try {
      const writes = (async () => {
        for (let i = 1; i <= 1000; i++) {
          const r = await label(t, "counter", { n: String(i) });
          assert.equal(r.status, 200);
        }
      })();
      let lastRv = Number(a.metadata.resourceVersion);
      for (let i = 1; i <= 1000; i++) {
        const ev = await w.next();
        assert.equal(ev?.type, "MODIFIED");
        assert.equal((ev?.object.metadata?.labels as Record<string, string>).n, String(i));
        const rv = Number(ev?.object.metadata?.resourceVersion);
        assert.ok(rv > lastRv, "resourceVersions grow");
        lastRv = rv;
      }
      await writes;
    } finally {
      await w.close();
    }
  } finally {
    await t.stop();
  }
});

Deno.test("idle watches get a bare newline heartbeat; timeoutSeconds ends the stream", async () => {
  const t = await startTestApiServer("memory", { heartbeatMs: 40 });
  try {
    const w = await openWatch(t, `${PODS}?watch=true&timeoutSeconds=1`);
    await w.waitHeartbeat();
    assert.ok(w.heartbeats >= 1);
    assert.equal(await w.next(5000), undefined, "the stream ended after timeoutSeconds");
    await w.close();
    const m = await (await t.fetch("/metrics")).text();
    assert.match(m, /apiserver_registered_watchers 0/);
  } finally {
    await t.stop();
  }
});

Deno.test("many watchers share one cache: each gets every event; the gauge counts them", async () => {
  const t = await startTestApiServer();
  try {
    const readers = await Promise.all(
      Array.from({ length: 50 }, () => openWatch(t, `${PODS}?watch=true`)),
    );
    try {
      const m = await (await t.fetch("/metrics")).text();
      assert.match(m, /apiserver_registered_watchers\{kind="Pod"\} 50/);
      await create(t, "x");
      for (const r of readers) assert.equal(nameOf(await r.next()), "x");
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
  } finally {
    await t.stop();
  }
});

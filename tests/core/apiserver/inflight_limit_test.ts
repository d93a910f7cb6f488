import assert from "node:assert/strict";
import { serveHttp } from "../../../core/apiserver/https_front.ts";
import { limitInflight } from "../../../core/apiserver/inflight_limit.ts";
import { startApiServer } from "../../../core/apiserver/serve_api.ts";
import { openStore } from "../../../core/storage/open_store.ts";
import type { Store } from "../../../core/storage/store.ts";
import { RestClient } from "../../../core/client/rest_client.ts";

/** A server whose handler holds every /slow request until `release()`. */
async function heldServer(limits: { read: number; write: number }) {
  const waiting: (() => void)[] = [];
  let held = 0;
  let refused = 0;
  const limited = limitInflight(async (req) => {
    if (new URL(req.url).pathname.startsWith("/slow")) {
      held++;
      await new Promise<void>((r) => waiting.push(r));
    }
    return new Response(JSON.stringify({ kind: "List", items: [] }));
  }, { maxRequestsInflight: limits.read, maxMutatingRequestsInflight: limits.write });
  const server = await serveHttp(async (req, conn) => {
    const res = await limited(req, conn);
    if (res.status === 429) refused++;
    return res;
  }, { hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    held: () => held,
    refused: () => refused,
    release: () => waiting.splice(0).forEach((r) => r()),
    shutdown: () => server.shutdown(),
  };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("beyond --max-requests-inflight a read gets 429 TooManyRequests with Retry-After: 1", async () => {
  const s = await heldServer({ read: 2, write: 1 });
  try {
    const slow = [fetch(`${s.base}/slow/a`), fetch(`${s.base}/slow/b`)];
    await until("two held requests", () => s.held() === 2);
    const res = await fetch(`${s.base}/api/v1/pods`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "1");
    const body = await res.json();
    assert.equal(body.kind, "Status");
    assert.equal(body.reason, "TooManyRequests");
    assert.equal(body.message, "Too many requests, please try again later.");
    // Mutating requests have their own pool; watches, logs and health checks are never limited.
    const post = await fetch(`${s.base}/api/v1/namespaces/a/pods`, { method: "POST" });
    assert.equal(post.status, 200);
    await post.text();
    for (
      const path of [
        "/healthz",
        "/readyz",
        "/api/v1/pods?watch=true",
        "/api/v1/watch/pods",
        "/apis/apps/v1/watch/deployments",
        "/api/v1/namespaces/a/pods/p/log?follow=true",
      ]
    ) {
      const r = await fetch(`${s.base}${path}`);
      assert.equal(r.status, 200, path);
      await r.text();
    }
    s.release();
    for (const r of await Promise.all(slow)) assert.match(await r.text(), /"items"/);
    const after = await fetch(`${s.base}/api/v1/pods`);
    assert.equal(after.status, 200, "slots are given back once the answers are sent");
    await after.text();
  } finally {
    s.release();
    await s.shutdown();
  }
});

Deno.test("beyond --max-mutating-requests-inflight a write gets 429 while reads still pass", async () => {
  const s = await heldServer({ read: 5, write: 1 });
  try {
    const slow = fetch(`${s.base}/slow/x`, { method: "PUT", body: "{}" });
    await until("one held write", () => s.held() === 1);
    const put = await fetch(`${s.base}/api/v1/namespaces/a/pods/p`, { method: "DELETE" });
    assert.equal(put.status, 429);
    await put.text();
    const get = await fetch(`${s.base}/api/v1/pods`);
    assert.equal(get.status, 200);
    await get.text();
    s.release();
    await (await slow).text();
  } finally {
    s.release();
    await s.shutdown();
  }
});

Deno.test("RestClient retries a 429 after Retry-After and returns the answer", async () => {
  const s = await heldServer({ read: 1, write: 1 });
  const client = new RestClient({ server: s.base });
  try {
    const slow = fetch(`${s.base}/slow/a`);
    await until("one held request", () => s.held() === 1);
    const listed = client.list({ resource: "pods" });
    await until("the client's first attempt refused", () => s.refused() >= 1);
    s.release();
    await (await slow).text();
    assert.deepEqual((await listed).items, []);
  } finally {
    s.release();
    client.close();
    await s.shutdown();
  }
});

/** A memory store whose currentRevision (every consistent read asks it) waits while `gate` is shut. */
function gatedStore(inner: Store) {
  let open = true;
  let waiting: (() => void)[] = [];
  let blocked = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "currentRevision") {
        return async () => {
          if (!open) {
            blocked++;
            await new Promise<void>((r) => waiting.push(r));
            blocked--;
          }
          return await target.currentRevision();
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return {
    store,
    blocked: () => blocked,
    shut: () => void (open = false),
    open: () => {
      open = true;
      const w = waiting;
      waiting = [];
      w.forEach((r) => r());
    },
  };
}

Deno.test("startApiServer applies maxRequestsInflight to a real apiserver", async () => {
  const gate = gatedStore(await openStore({ storage: "memory" }));
  const server = await startApiServer({ store: gate.store, port: 0, maxRequestsInflight: 1 });
  try {
    gate.shut();
    const first = fetch(`${server.url}/api/v1/namespaces/default/pods`);
    await until("one list held on the store", () => gate.blocked() === 1);
    const raw = await fetch(`${server.url}/api/v1/namespaces`);
    assert.equal(raw.status, 429);
    assert.equal(raw.headers.get("retry-after"), "1");
    await raw.text();
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200, "health checks are never limited");
    await health.text();
    gate.open();
    const held = await first;
    assert.equal(held.status, 200);
    await held.text();
  } finally {
    gate.open();
    await server.close();
    await gate.store.close();
  }
});

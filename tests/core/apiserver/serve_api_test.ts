import assert from "node:assert/strict";
import { startApiServer } from "../../../core/apiserver/serve_api.ts";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import {
  jsonBody,
  startTestApiServer,
  type TestApiServer,
  testPod,
  type TestStorage,
} from "../../_helpers/apiserver.ts";
import { skipWithoutEtcd } from "../../_helpers/etcd.ts";

const COLLECTIONS = [
  "namespaces",
  "nodes",
  "namespaces/default/pods",
  "namespaces/team/pods",
  "namespaces/default/services",
  "namespaces/default/replicationcontrollers",
  "namespaces/default/endpoints",
  "namespaces/default/events",
];

async function populate(t: TestApiServer): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const r = await t.json(`/api/v1/${path}`, jsonBody("POST", body));
    assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  };
  await post("namespaces", { metadata: { name: "team", labels: { a: "b" } } });
  await post("nodes", { metadata: { name: "agent-1" }, status: { capacity: { cpu: "2" } } });
  const p1 = testPod("p1", { app: "web" });
  p1.metadata = { name: "p1", labels: { app: "web" }, annotations: { note: "grüße, 世界" } };
  await post("namespaces/default/pods", p1);
  await post("namespaces/team/pods", testPod("p2"));
  await post("namespaces/default/services", {
    metadata: { name: "web" },
    spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] },
  });
  await post("namespaces/default/replicationcontrollers", {
    metadata: { name: "rc" },
    spec: {
      replicas: 1,
      selector: { app: "web" },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "busybox" }] },
      },
    },
  });
  await post("namespaces/default/endpoints", {
    metadata: { name: "web" },
    subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
  });
  await post("namespaces/default/events", {
    metadata: { name: "e1" },
    involvedObject: { kind: "Pod", name: "p1", namespace: "default" },
    reason: "Scheduled",
    message: "assigned",
  });
  const bind = await t.json(
    "/api/v1/namespaces/default/pods/p1/binding",
    jsonBody("POST", { metadata: { name: "p1" }, target: { name: "agent-1" } }),
  );
  assert.equal(bind.status, 201);
}

/** Raw GET bodies of every object, by URL. */
async function rawObjects(t: TestApiServer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of COLLECTIONS) {
    const list = await t.json(`/api/v1/${c}`);
    for (const item of list.body.items as { metadata: { name: string } }[]) {
      const url = `/api/v1/${c}/${item.metadata.name}`;
      out.set(url, await (await t.fetch(url)).text());
    }
  }
  return out;
}

async function restartKeepsBytes(storage: TestStorage): Promise<void> {
  const t = await startTestApiServer(storage);
  try {
    await populate(t);
    const before = await rawObjects(t);
    assert.ok(before.size >= 10, `only ${before.size} objects`);
    const oldUrl = t.url;
    await t.restart();
    assert.notEqual(t.url, "", oldUrl);
    const after = await rawObjects(t);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [url, body] of before) assert.equal(after.get(url), body, `${url} changed`);
  } finally {
    await t.stop();
  }
}

Deno.test("restart on sqlite: every object survives byte for byte", async () => {
  await restartKeepsBytes("sqlite");
});

Deno.test({
  name: "restart on etcd: every object survives byte for byte",
  ignore: skipWithoutEtcd(),
  fn: () => restartKeepsBytes("etcd"),
});

Deno.test("a port in use fails with one clear line; close is idempotent", async () => {
  const store = new MemoryStore();
  const a = await startApiServer({ store, port: 0 });
  try {
    await assert.rejects(
      () => startApiServer({ store, port: a.port }),
      (e: Error) =>
        /cannot listen on 127\.0\.0\.1:\d+: the address is already in use/.test(e.message),
    );
    assert.equal(await (await fetch(`${a.url}/healthz`)).text(), "ok");
  } finally {
    await a.close();
    await a.close();
    await store.close();
  }
});

Deno.test("startApiServer closes connections that do not finish their headers within headersTimeoutMs", async () => {
  const store = new MemoryStore();
  const server = await startApiServer({ store, port: 0, headersTimeoutMs: 300 });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  try {
    await conn.write(new TextEncoder().encode("GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n"));
    const buf = new Uint8Array(1024);
    let answer = "";
    let gaveUp = false;
    const deadline = setTimeout(() => {
      gaveUp = true;
      conn.close();
    }, 20_000);
    while (true) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      answer += new TextDecoder().decode(buf.subarray(0, n));
    }
    clearTimeout(deadline);
    assert.equal(gaveUp, false, "the server kept the connection open for 20 s");
    assert.ok(answer === "" || /^HTTP\/1.1 408/.test(answer), answer);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(await health.text(), "ok");
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server
    }
    await server.close();
    await store.close();
  }
});

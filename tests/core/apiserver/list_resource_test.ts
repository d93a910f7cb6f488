import assert from "node:assert/strict";
import { startTestApiServer, type TestApiServer } from "../../_helpers/apiserver.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { CONTINUE_EXPIRED } from "../../../core/apiserver/continue_token.ts";

type PodList = {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; resourceVersion: string } }[];
};

async function createPods(api: TestApiServer, ns: string, names: string[]): Promise<void> {
  for (const name of names) {
    const r = await api.json(`/api/v1/namespaces/${ns}/pods`, {
      method: "POST",
      body: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: "paged" } },
        spec: { containers: [{ name: "c", image: "busybox" }] },
      }),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
}

async function setup(options = {}) {
  const api = await startTestApiServer("memory", options);
  const ns = await api.json("/api/v1/namespaces", {
    method: "POST",
    body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "p" } }),
  });
  assert.equal(ns.status, 201);
  const names = Array.from({ length: 25 }, (_, i) => `pod-${String(i).padStart(2, "0")}`);
  await createPods(api, "p", names);
  return { api, names };
}

async function page(api: TestApiServer, query: string): Promise<PodList> {
  const r = await api.json(`/api/v1/namespaces/p/pods?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as unknown as PodList;
}

Deno.test("limit and continue page through one snapshot; writes between pages do not show", async () => {
  const { api, names } = await setup();
  try {
    const before = await page(api, "");
    const first = await page(api, "limit=10");
    assert.equal(first.items.length, 10);
    assert.equal(first.metadata.remainingItemCount, 15);
    assert.ok(first.metadata.continue);
    // Between pages: add a pod, delete one not yet returned, change another.
    await createPods(api, "p", ["pod-99"]);
    assert.equal(
      (await api.json("/api/v1/namespaces/p/pods/pod-20", { method: "DELETE" })).status,
      200,
    );
    const patched = await api.json("/api/v1/namespaces/p/pods/pod-21", {
      method: "PATCH",
      headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ metadata: { labels: { changed: "yes" } } }),
    });
    assert.equal(patched.status, 200);
    const seen = [...first.items];
    let cont: string | undefined = first.metadata.continue;
    while (cont) {
      const p = await page(api, `limit=10&continue=${encodeURIComponent(cont)}`);
      assert.equal(p.metadata.resourceVersion, first.metadata.resourceVersion);
      seen.push(...p.items);
      cont = p.metadata.continue;
    }
    assert.deepEqual(seen.map((p) => p.metadata.name), names);
    assert.deepEqual(
      seen.map((p) => p.metadata.resourceVersion),
      before.items.map((p) => p.metadata.resourceVersion),
      "every object as it was at the first page's revision",
    );
  } finally {
    await api.stop();
  }
});

Deno.test("a continue token whose snapshot was compacted away is 410 Expired with kube's message", async () => {
  const { api } = await setup();
  try {
    const first = await page(api, "limit=5");
    await createPods(api, "p", ["late"]);
    const late = await page(api, "");
    await api.server.handler.compact(Number(late.metadata.resourceVersion));
    const r = await api.json(
      `/api/v1/namespaces/p/pods?limit=5&continue=${encodeURIComponent(first.metadata.continue!)}`,
    );
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, "Expired");
    assert.equal(r.body.message, CONTINUE_EXPIRED);
  } finally {
    await api.stop();
  }
});

Deno.test("forged or garbled continue tokens are 400 BadRequest", async () => {
  const { api } = await setup();
  try {
    const b64 = (v: unknown) =>
      btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const forged = [
      "not-a-token!!",
      b64("just a string"),
      b64({ v: "meta.k8s.io/v2", rv: 5, start: "pod-01" }),
      b64({ v: "meta.k8s.io/v1", rv: 0, start: "pod-01" }),
      b64({ v: "meta.k8s.io/v1", rv: 5, start: "../../secrets/kube-system/x" }),
      b64({ v: "meta.k8s.io/v1", rv: 5, start: "/registry/secrets/" }),
      b64({ v: "meta.k8s.io/v1", rv: 1e12, start: "pod-01" }),
    ];
    for (const token of forged) {
      const r = await api.json(
        `/api/v1/namespaces/p/pods?limit=5&continue=${encodeURIComponent(token)}`,
      );
      assert.equal(r.status, 400, `${token}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.reason, "BadRequest");
      assert.match(String(r.body.message), /^invalid continue token: /);
    }
  } finally {
    await api.stop();
  }
});

Deno.test("bad list query parameters get kube-apiserver's 400 and 422 answers", async () => {
  const { api } = await setup();
  try {
    const cases: [string, number, string][] = [
      [
        "resourceVersion=abc",
        400,
        'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
      ],
      ["limit=-1", 400, 'limit: Invalid value: "-1": must be a non-negative integer'],
      ["limit=ten", 400, 'limit: Invalid value: "ten": must be a non-negative integer'],
      ["timeoutSeconds=soon", 400, 'timeoutSeconds "soon" is not a non-negative whole number'],
      [
        "resourceVersionMatch=Exact",
        422,
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: ' +
        "resourceVersionMatch is forbidden unless resourceVersion is provided",
      ],
      [
        "resourceVersion=1&resourceVersionMatch=bogus",
        422,
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: ' +
        '"bogus": supported values: "Exact", "NotOlderThan", ""',
      ],
      [
        "resourceVersion=0&resourceVersionMatch=Exact",
        422,
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: ' +
        'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      ],
      [
        "resourceVersion=5&continue=abc",
        400,
        "specifying resource version is not allowed when using continue",
      ],
    ];
    for (const [query, code, message] of cases) {
      const r = await api.json(`/api/v1/namespaces/p/pods?${query}`);
      assert.equal(r.status, code, `${query}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.message, message, query);
    }
    const watch = await api.json("/api/v1/namespaces/p/pods?watch=true&resourceVersion=x1");
    assert.equal(watch.status, 400);
    const watchMatch = await api.json(
      "/api/v1/namespaces/p/pods?watch=true&resourceVersionMatch=Exact",
    );
    assert.equal(watchMatch.status, 422);
    assert.match(String(watchMatch.body.message), /forbidden for watch unless sendInitialEvents/);
    const get = await api.json("/api/v1/namespaces/p/pods/pod-01?resourceVersion=abc");
    assert.equal(get.status, 400);
  } finally {
    await api.stop();
  }
});

Deno.test("resourceVersionMatch=Exact lists the state at that revision; Table pages carry continue", async () => {
  const { api, names } = await setup();
  try {
    const then = await page(api, "");
    await createPods(api, "p", ["newer"]);
    const exact = await page(
      api,
      `resourceVersion=${then.metadata.resourceVersion}&resourceVersionMatch=Exact`,
    );
    assert.deepEqual(exact.items.map((p) => p.metadata.name), names);
    const table = await api.json("/api/v1/namespaces/p/pods?limit=4", {
      headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" },
    });
    assert.equal(table.body.kind, "Table");
    const meta = table.body.metadata as PodList["metadata"];
    assert.equal((table.body.rows as unknown[]).length, 4);
    assert.ok(meta.continue);
  } finally {
    await api.stop();
  }
});

Deno.test("RestClient.list pages with limit and returns the whole collection", async () => {
  const { api, names } = await setup();
  const client = new RestClient({ server: api.url });
  try {
    const list = await client.list({ resource: "pods", namespace: "p" }, { limit: 7 });
    assert.deepEqual(list.items.map((p) => p.metadata.name), names);
    assert.equal(list.metadata.continue, undefined);
  } finally {
    client.close();
    await api.stop();
  }
});

import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

const LISTS = [
  "/api/v1/pods",
  "/api/v1/services",
  "/api/v1/replicationcontrollers",
  "/api/v1/namespaces",
  "/api/v1/nodes",
  "/api/v1/endpoints",
  "/api/v1/events",
];

async function snapshot(t: Awaited<ReturnType<typeof startTestApiServer>>): Promise<string[]> {
  return await Promise.all(LISTS.map(async (p) => await (await t.fetch(p)).text()));
}

Deno.test("health, version and metrics endpoints answer", async () => {
  const t = await startTestApiServer();
  try {
    for (const p of ["/healthz", "/readyz", "/livez"]) {
      const r = await t.fetch(p);
      assert.equal(r.status, 200);
      assert.equal(await r.text(), "ok");
    }
    const v = await t.json("/version");
    assert.equal(v.body.major, "1");
    assert.equal(v.body.minor, "32");
    assert.match(String(v.body.gitVersion), /^v1\.32\./);
    assert.equal(v.body.compiler, "deno");
    await (await t.fetch("/api/v1/namespaces/default/pods")).text();
    await (await t.fetch("/api/v1/namespaces/default/pods/nope")).text();
    const m = await (await t.fetch("/metrics")).text();
    assert.match(m, /apiserver_request_total\{verb="LIST",resource="pods",code="200"\} 1/);
    assert.match(m, /apiserver_request_total\{verb="GET",resource="pods",code="404"\} 1/);
    assert.match(
      m,
      /apiserver_request_duration_seconds_bucket\{verb="LIST",resource="pods",le="\+Inf"\} 1/,
    );
    assert.match(m, /apiserver_storage_operation_duration_seconds_count\{operation="create"\} \d+/);
    assert.match(m, /apiserver_registered_watchers/);
  } finally {
    await t.stop();
  }
});

Deno.test("create, get, list, update with resourceVersion, stale update, delete", async () => {
  const t = await startTestApiServer();
  try {
    const body = testPod("web-1", { app: "web" });
    delete body.kind;
    delete body.apiVersion; // client-node omits them
    const c = await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", body));
    assert.equal(c.status, 201);
    assert.equal(c.body.kind, "Pod");
    assert.equal(c.body.apiVersion, "v1");
    const meta = c.body.metadata as Record<string, unknown>;
    assert.match(String(meta.uid), /^[0-9a-f-]{36}$/);
    assert.match(String(meta.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(meta.generation, 1);
    assert.equal(meta.namespace, "default");
    const rv = String(meta.resourceVersion);

    const g = await t.json("/api/v1/namespaces/default/pods/web-1");
    assert.deepEqual(g.body, c.body);
    const l = await t.json("/api/v1/namespaces/default/pods");
    assert.equal(l.body.kind, "PodList");
    assert.equal((l.body.metadata as Record<string, string>).resourceVersion, rv);
    assert.equal((l.body.items as unknown[]).length, 1);

    const upd = structuredClone(c.body) as Record<string, Record<string, unknown>>;
    upd.metadata.labels = { app: "web", tier: "front" };
    const u = await t.json("/api/v1/namespaces/default/pods/web-1", jsonBody("PUT", upd));
    assert.equal(u.status, 200);
    assert.deepEqual((u.body.metadata as Record<string, unknown>).labels, {
      app: "web",
      tier: "front",
    });
    assert.equal((u.body.metadata as Record<string, unknown>).generation, 1, "labels are not spec");

    const stale = await t.json("/api/v1/namespaces/default/pods/web-1", jsonBody("PUT", upd));
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, "Conflict");
    assert.equal(
      stale.body.message,
      'Operation cannot be fulfilled on pods "web-1": the object has been modified; please ' +
        "apply your changes to the latest version and try again",
    );

    const dup = await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", body));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.reason, "AlreadyExists");
    assert.deepEqual(dup.body.details, { name: "web-1", kind: "pods" });

    const d = await t.json("/api/v1/namespaces/default/pods/web-1", { method: "DELETE" });
    assert.equal(d.status, 200);
    assert.equal((d.body.metadata as Record<string, unknown>).name, "web-1");
    const gone = await t.json("/api/v1/namespaces/default/pods/web-1");
    assert.deepEqual(gone.body, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods "web-1" not found',
      reason: "NotFound",
      details: { name: "web-1", kind: "pods" },
      code: 404,
    });
  } finally {
    await t.stop();
  }
});

Deno.test("YAML bodies are accepted", async () => {
  const t = await startTestApiServer();
  try {
    const yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-yaml\nspec:\n" +
      "  containers:\n  - name: c\n    image: busybox\n";
    const r = await t.json(
      "/api/v1/namespaces/default/pods",
      jsonBody("POST", yaml, "application/yaml"),
    );
    assert.equal(r.status, 201);
    assert.equal((r.body.metadata as Record<string, unknown>).name, "from-yaml");
  } finally {
    await t.stop();
  }
});

Deno.test("bad input gets the right 4xx Status, the store is unchanged and the server answers", async () => {
  const t = await startTestApiServer();
  try {
    await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", testPod("keep")));
    const before = await snapshot(t);
    const post = (body: unknown, type?: string) =>
      t.json("/api/v1/namespaces/default/pods", jsonBody("POST", body, type));
    const cases: [
      string,
      Promise<{ status: number; body: Record<string, unknown> }>,
      number,
      RegExp,
    ][] = [
      ["malformed JSON", post('{"metadata": {"name": "x"'), 400, /not valid JSON/],
      [
        "metadata a string",
        post({ ...testPod("x"), metadata: "x" }),
        400,
        /metadata must be an object/,
      ],
      [
        "label value a number",
        post({ ...testPod("x"), metadata: { name: "x", labels: { a: 1 } } }),
        400,
        /metadata\.labels\.a/,
      ],
      ["spec an array", post({ ...testPod("x"), spec: [] }), 400, /spec must be an object/],
      ["invalid name", post(testPod("Bad_Name")), 422, /metadata\.name/],
      [
        "missing containers",
        post({ ...testPod("x"), spec: {} }),
        422,
        /spec\.containers: Required value/,
      ],
      [
        "wrong kind",
        post({ ...testPod("x"), kind: "Service" }),
        400,
        /kind in the data \("Service"\)/,
      ],
      [
        "wrong namespace in body",
        post({ ...testPod("x"), metadata: { name: "x", namespace: "other" } }),
        400,
        /"other".*"default"/,
      ],
      ["unknown resource", t.json("/api/v1/namespaces/default/foos"), 404, /could not find/],
      [
        "missing namespace",
        t.json("/api/v1/namespaces/nope/pods", jsonBody("POST", testPod("x"))),
        404,
        /namespaces "nope" not found/,
      ],
      [
        "bad label selector",
        t.json("/api/v1/pods?labelSelector=a%20in%20(b"),
        400,
        /labelSelector/,
      ],
      [
        "unsupported field label",
        t.json("/api/v1/pods?fieldSelector=spec.foo%3Dx"),
        400,
        /spec\.foo/,
      ],
      [
        "bad method",
        t.json("/api/v1/namespaces/default/pods", { method: "PUT", body: "{}" }),
        405,
        /does not allow/,
      ],
    ];
    for (const [what, p, code, message] of cases) {
      const r = await p;
      assert.equal(r.status, code, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.kind, "Status", what);
      assert.equal(r.body.code, code, what);
      assert.match(String(r.body.message), message, what);
    }
    const invalidName = await post(testPod("Bad_Name"));
    const causes = (invalidName.body.details as { causes?: { field?: string }[] }).causes ?? [];
    assert.ok(causes.some((c) => c.field === "metadata.name"), JSON.stringify(invalidName.body));

    const big = JSON.stringify({ ...testPod("big"), data: "x".repeat(5 * 1024 * 1024) });
    const r413 = await post(big);
    assert.equal(r413.status, 413);
    assert.equal(r413.body.reason, "RequestEntityTooLarge");
    // Without Content-Length (chunked): counted while reading.
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < chunks.length; i += 65536) c.enqueue(chunks.slice(i, i + 65536));
        c.close();
      },
    });
    const chunked = await t.json("/api/v1/namespaces/default/pods", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      // @ts-ignore: Deno's fetch takes duplex for streaming request bodies
      duplex: "half",
    });
    assert.equal(chunked.status, 413);

    assert.deepEqual(await snapshot(t), before, "the store must hold exactly what it held");
    assert.equal(await (await t.fetch("/healthz")).text(), "ok");
  } finally {
    await t.stop();
  }
});

Deno.test("verbs a resource does not serve are 405 (no deletecollection of namespaces)", async () => {
  const t = await startTestApiServer();
  try {
    const names = async () =>
      ((await t.json("/api/v1/namespaces")).body.items as { metadata: { name: string } }[])
        .map((n) => n.metadata.name).sort();
    const before = await names();
    assert.ok(before.includes("default"));
    const r = await t.json("/api/v1/namespaces", { method: "DELETE" });
    assert.equal(r.status, 405);
    assert.equal(r.body.reason, "MethodNotAllowed");
    assert.deepEqual(await names(), before, "no namespace was deleted");
    const b = await t.json("/api/v1/namespaces/default/bindings");
    assert.equal(b.status, 405);
  } finally {
    await t.stop();
  }
});

/**
 * The hostile-input suite (issue 12): hundreds of malformed, deep, wrongly typed, out-of-range,
 * badly named, immutable-field-changing, oversize and badly parameterised requests over real
 * HTTP against a real apiserver. Every answer is a 4xx Kubernetes Status (bad query parameters:
 * anything but a 5xx), the store is unchanged (full LISTs of every resource compared) and the
 * server still answers /healthz.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, type TestApiServer } from "../_helpers/apiserver.ts";
import { baseCases, type HostileCase, seedObjects } from "./hostile_input_cases.ts";
import { type Current, moreCases } from "./hostile_input_more.ts";
import { fieldAndQueryCases } from "./hostile_input_fields.ts";
import { patchAndSizeCases } from "./hostile_input_patches.ts";

interface Discovered {
  name: string;
  verbs: string[];
}

/** The list paths of every listable resource the server advertises. */
async function listPaths(t: TestApiServer): Promise<string[]> {
  const versions = ["/api/v1"];
  const groups = (await t.json("/apis")).body.groups as {
    preferredVersion: { groupVersion: string };
  }[];
  for (const g of groups) versions.push(`/apis/${g.preferredVersion.groupVersion}`);
  const out: string[] = [];
  for (const v of versions) {
    const resources = (await t.json(v)).body.resources as Discovered[];
    for (const r of resources) {
      if (!r.name.includes("/") && r.verbs.includes("list")) out.push(`${v}/${r.name}`);
    }
  }
  return out;
}

/** Every object of every resource, as the server lists them. */
async function snapshot(t: TestApiServer, paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    const res = await t.fetch(p);
    assert.equal(res.status, 200, `LIST ${p}`);
    out[p] = await res.text();
  }
  return out;
}

/** Sends one case; returns a description of what is wrong with its answer, or undefined. */
async function run(t: TestApiServer, c: HostileCase): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers["content-type"] = c.contentType;
  const res = await t.fetch(c.path, { method: c.method, headers, body: c.body });
  const text = await res.text();
  const where = `${c.name}: ${c.method} ${c.path.slice(0, 80)} → ${res.status} ${
    text.slice(0, 200)
  }`;
  if (res.status >= 500) return where;
  if (c.expect === "not5xx") return undefined;
  if (
    typeof c.expect === "number" ? res.status !== c.expect : res.status < 400 || res.status > 499
  ) {
    return `${where} (expected ${c.expect})`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return `${where} (not JSON)`;
  }
  if (body.kind !== "Status" || body.code !== res.status || body.status !== "Failure") {
    return `${where} (not a Failure Status with code ${res.status})`;
  }
  return undefined;
}

/** Sends raw bytes on a new connection; returns the status line ("" when closed unanswered). */
async function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(request));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    return n === null ? "" : new TextDecoder().decode(buf.subarray(0, n)).split("\r\n")[0];
  } catch {
    return "";
  } finally {
    conn.close();
  }
}

Deno.test("hostile input: every request is a 4xx Status, the store is unchanged, the server lives", async () => {
  const t = await startTestApiServer();
  try {
    for (const [path, obj] of seedObjects()) {
      const r = await t.json(path, jsonBody("POST", obj));
      assert.equal(r.status, 201, `seed ${path}: ${JSON.stringify(r.body)}`);
    }
    const ns = "/api/v1/namespaces/default";
    const current: Current = {
      pod: (await t.json(`${ns}/pods/p1`)).body,
      svc: (await t.json(`${ns}/services/s1`)).body,
      rc: (await t.json(`${ns}/replicationcontrollers/rc1`)).body,
    };
    const paths = await listPaths(t);
    assert.ok(paths.length >= 8, `listable resources: ${paths.join(", ")}`);
    const before = await snapshot(t, paths);

    const cases = [
      ...baseCases(),
      ...fieldAndQueryCases(),
      ...moreCases(current),
      ...patchAndSizeCases(),
    ];
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);
    const failures: string[] = [];
    for (const c of cases) {
      const wrong = await run(t, c);
      if (wrong !== undefined) failures.push(wrong);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} answers were wrong`);

    const framing = [
      "POST /api/v1/namespaces/default/pods HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
      "POST /api/v1/namespaces/default/pods HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "POST /api/v1/namespaces/default/pods HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "GET /api/v1/pods HTTP/9.9\r\nHost: x\r\n\r\n",
      "\u0000\u0001\u0002 garbage\r\n\r\n",
    ];
    for (const request of framing) {
      const line = await rawRequest(t.url, request);
      assert.ok(!/^HTTP\/1\.[01] 5\d\d/.test(line), `${JSON.stringify(request)} → ${line}`);
    }

    assert.deepEqual(await snapshot(t, paths), before, "the store changed");
    const health = await t.fetch("/healthz");
    assert.equal(health.status, 200);
    assert.equal(await health.text(), "ok");
  } finally {
    await t.stop();
  }
});

Deno.test("hostile input: a changed creationTimestamp is ignored, as kube-apiserver ignores it", async () => {
  const t = await startTestApiServer();
  try {
    const path = "/api/v1/namespaces/default/pods";
    const [, p1] = seedObjects()[0];
    const created = await t.json(path, jsonBody("POST", p1));
    assert.equal(created.status, 201);
    const meta = created.body.metadata as Record<string, unknown>;
    for (const type of ["application/merge-patch+json", "application/strategic-merge-patch+json"]) {
      const body = { metadata: { creationTimestamp: "2000-01-01T00:00:00Z" } };
      const r = await t.json(`${path}/p1`, jsonBody("PATCH", body, type));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const now = r.body.metadata as Record<string, unknown>;
      assert.equal(now.creationTimestamp, meta.creationTimestamp);
      assert.equal(now.uid, meta.uid);
    }
  } finally {
    await t.stop();
  }
});

/**
 * ProbeManager against a real HTTP server: the startup probe gates liveness and readiness,
 * thresholds count consecutive results, and a startup probe that never passes asks for a
 * restart.
 */
import assert from "node:assert/strict";
import { ProbeManager } from "../../../core/executor/probe_manager.ts";
import { waitFor } from "../../../core/util/wait.ts";

function server(state: Record<string, boolean>, hits: Record<string, number>) {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    return new Response("", { status: state[path] ? 200 : 503 });
  });
}

Deno.test("ProbeManager: startup gates the others; readiness needs successThreshold in a row", async () => {
  const state: Record<string, boolean> = { "/startup": false, "/ready": true, "/live": true };
  const hits: Record<string, number> = {};
  const srv = server(state, hits);
  const probe = (path: string, extra = {}) => ({
    httpGet: { host: "127.0.0.1", port: srv.addr.port, path },
    periodSeconds: 1,
    ...extra,
  });
  const failures: string[] = [];
  let changes = 0;
  let readyAfter: number | undefined;
  const pm: ProbeManager = new ProbeManager({
    startup: probe("/startup", { failureThreshold: 30 }),
    liveness: probe("/live"),
    readiness: probe("/ready", { successThreshold: 2 }),
    target: { host: "127.0.0.1", container: { name: "c" } },
    onFailure: (kind) => failures.push(kind),
    onChange: () => {
      changes++;
      if (pm.ready && readyAfter === undefined) readyAfter = hits["/ready"];
    },
  });
  try {
    pm.start();
    await waitFor(() => (hits["/startup"] ?? 0) >= 2, { what: "two startup probes" });
    assert.equal(pm.started, false);
    assert.equal(pm.ready, false);
    assert.equal(hits["/live"] ?? 0, 0, "no liveness probe before startup passed");
    assert.equal(hits["/ready"] ?? 0, 0, "no readiness probe before startup passed");
    state["/startup"] = true;
    await waitFor(() => pm.started, { what: "started" });
    await waitFor(() => pm.ready, { what: "ready" });
    assert.equal(readyAfter, 2, "ready only after two successes (successThreshold 2)");
    assert.ok(changes >= 2, "started and ready were announced");
    assert.deepEqual(failures, []);
  } finally {
    await pm.stop();
    await srv.shutdown();
  }
});

Deno.test("ProbeManager: a startup probe failing failureThreshold times asks for a restart", async () => {
  const hits: Record<string, number> = {};
  const srv = server({}, hits);
  const failures: string[] = [];
  const pm = new ProbeManager({
    startup: {
      httpGet: { host: "127.0.0.1", port: srv.addr.port, path: "/s" },
      periodSeconds: 1,
      failureThreshold: 2,
    },
    target: { host: "127.0.0.1", container: { name: "c" } },
    onFailure: (kind, message) => failures.push(`${kind}: ${message}`),
    onChange: () => {},
  });
  try {
    pm.start();
    await waitFor(() => failures.length > 0, { what: "a startup failure" });
    assert.equal(hits["/s"], 2, "after exactly failureThreshold probes");
    assert.match(failures[0], /^startup: Startup probe failed: .*503/);
  } finally {
    await pm.stop();
    await srv.shutdown();
  }
});

Deno.test("ProbeManager: a success with a warning stays a success and is reported as a warning", async () => {
  const srv = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) =>
      new Response("elsewhere", {
        status: 301,
        headers: { location: `http://localhost:${new URL(req.url).port}/` },
      }),
  );
  const warnings: string[] = [];
  const failures: string[] = [];
  let changes = 0;
  const pm = new ProbeManager({
    readiness: { httpGet: { host: "127.0.0.1", port: srv.addr.port, path: "/" }, periodSeconds: 1 },
    target: { host: "127.0.0.1", container: { name: "c" } },
    onFailure: (kind) => failures.push(kind),
    onChange: () => changes++,
    onWarning: (kind, warning) => warnings.push(`${kind}: ${warning}`),
  });
  try {
    pm.start();
    await waitFor(() => pm.ready && warnings.length >= 1, { what: "ready with a warning" });
    assert.equal(warnings[0], "readiness: Probe terminated redirects, Response body: elsewhere");
    assert.deepEqual(failures, []);
    assert.ok(changes >= 1);
  } finally {
    await pm.stop();
    await srv.shutdown();
  }
});

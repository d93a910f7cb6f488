import assert from "node:assert/strict";
import { probeTargetFor, runProbe } from "../../../../core/executor/probes/probe_runner.ts";
import type { ProbeTarget } from "../../../../core/executor/probes/probe_result.ts";
import { ProcessRuntime } from "../../../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { freePort, makePod } from "../runtime_contract.ts";

/** A real HTTP server on a free loopback port; `release` unblocks the /slow handler. */
function startServer() {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const seen: Headers[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(req.headers);
    if (path === "/ok") return new Response("fine");
    if (path === "/redirect") {
      return new Response(null, { status: 302, headers: { location: "/ok" } });
    }
    if (path === "/away") {
      const location = `http://localhost:${new URL(req.url).port}/ok`;
      return new Response("moved", { status: 302, headers: { location } });
    }
    if (path === "/loop") {
      return new Response(null, { status: 302, headers: { location: "/loop" } });
    }
    if (path === "/fail") return new Response("broken", { status: 500 });
    if (path === "/slow") {
      await released;
      return new Response("late");
    }
    return new Response("nope", { status: 404 });
  });
  return { server, port: server.addr.port, seen, release };
}

function target(port: number): ProbeTarget {
  return {
    host: "127.0.0.1",
    container: { name: "web", ports: [{ name: "http", containerPort: port }] },
  };
}

Deno.test("runProbe httpGet: statuses, named ports, headers, refusal and timeout", async () => {
  const s = startServer();
  try {
    const t = target(s.port);
    const ok = await runProbe({
      httpGet: { path: "/ok", port: "http", httpHeaders: [{ name: "X-Probe", value: "yes" }] },
    }, t);
    assert.equal(ok.result, "success");
    assert.equal(s.seen.at(-1)?.get("x-probe"), "yes");
    assert.match(s.seen.at(-1)?.get("user-agent") ?? "", /^kube-probe\//);
    const redirected = await runProbe({ httpGet: { path: "/redirect", port: s.port } }, t);
    assert.equal(redirected.result, "success");
    assert.equal(redirected.warning, undefined, "a same-host redirect is followed, no warning");
    const fail = await runProbe({ httpGet: { path: "/fail", port: s.port } }, t);
    assert.equal(fail.result, "failure");
    assert.match(fail.message, /500/);
    assert.equal(
      (await runProbe({ httpGet: { path: "/missing", port: s.port } }, t)).result,
      "failure",
    );
    const badName = await runProbe({ httpGet: { path: "/ok", port: "metrics" } }, t);
    assert.equal(badName.result, "error");
    assert.match(badName.message, /"metrics"/);
    const refused = await runProbe({ httpGet: { path: "/", port: freePort() } }, t);
    assert.equal(refused.result, "failure");
    const slow = await runProbe(
      { httpGet: { path: "/slow", port: s.port }, timeoutSeconds: 0.2 },
      t,
    );
    assert.equal(slow.result, "failure");
    assert.match(slow.message, /timed out/);
  } finally {
    s.release();
    await s.server.shutdown();
  }
});

Deno.test("runProbe httpGet: a redirect to another host is a success with kubelet's warning", async () => {
  const s = startServer();
  try {
    const t = target(s.port);
    const hits = s.seen.length;
    const away = await runProbe({ httpGet: { path: "/away", port: s.port } }, t);
    assert.equal(away.result, "success");
    assert.equal(away.warning, "Probe terminated redirects, Response body: moved");
    assert.equal(s.seen.length, hits + 1, "the redirect to localhost was not followed");
    const loop = await runProbe({ httpGet: { path: "/loop", port: s.port } }, t);
    assert.equal(loop.result, "failure");
    assert.match(loop.message, /stopped after 10 redirects/);
  } finally {
    s.release();
    await s.server.shutdown();
  }
});

Deno.test("runProbe tcpSocket: open port succeeds, closed port fails", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const accepting = (async () => {
    for await (const conn of listener) conn.close();
  })();
  try {
    assert.equal((await runProbe({ tcpSocket: { port } }, target(port))).result, "success");
    assert.equal((await runProbe({ tcpSocket: { port: "http" } }, target(port))).result, "success");
  } finally {
    listener.close();
    await accepting.catch(() => {});
  }
  const closed = await runProbe({ tcpSocket: { port } }, target(port));
  assert.equal(closed.result, "failure");
  assert.match(closed.message, new RegExp(`127.0.0.1:${port}`));
});

Deno.test("runProbe without a handler is an error", async () => {
  const r = await runProbe({ periodSeconds: 1 }, target(80));
  assert.equal(r.result, "error");
});

Deno.test("probeTargetFor + exec and port mapping through the process runtime", async () => {
  const root = await Deno.makeTempDir({ prefix: "k8sm-probe-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const hostPort = freePort();
  const container = {
    name: "web",
    command: ["sh", "-c", 'touch ready; exec busybox httpd -f -p "$PORT" -h .'],
    ports: [{ containerPort: 8080 }],
  };
  const pod = makePod("probed", [container]);
  try {
    const ctx = { hostPorts: { "8080": hostPort } };
    const sandbox = await runtime.ensureSandbox(pod, ctx);
    const ref = await runtime.startContainer(pod, container, ctx);
    const t = probeTargetFor(runtime, sandbox, container, ref, ctx);
    const ready = await waitFor(async () => {
      const r = await runProbe({ exec: { command: ["test", "-f", "ready"] } }, t);
      return r.result === "success" ? r : undefined;
    }, { what: "the exec probe to see the ready file" });
    assert.equal(ready.result, "success");
    const missing = await runProbe({ exec: { command: ["test", "-f", "absent"] } }, t);
    assert.equal(missing.result, "failure");
    assert.match(missing.message, /exited with 1/);
    const timeout = await runProbe({ exec: { command: ["sleep", "5"] }, timeoutSeconds: 0.2 }, t);
    assert.equal(timeout.result, "failure");
    assert.match(timeout.message, /timed out/);
    await waitFor(
      async () => (await runProbe({ tcpSocket: { port: 8080 } }, t)).result === "success",
      {
        what: `httpd on mapped host port ${hostPort}`,
      },
    );
    const http = await runProbe({ httpGet: { path: "/ready", port: 8080 } }, t);
    assert.equal(http.result, "success", http.message);
    assert.match(http.message, new RegExp(`:${hostPort}/ready`));
  } finally {
    await runtime.removeSandbox(pod.metadata.uid!, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

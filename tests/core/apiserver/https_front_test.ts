import assert from "node:assert/strict";
import type { ConnInfo } from "../../../core/apiserver/conn_info.ts";
import {
  type FrontHandler,
  type FrontServer,
  serveHttp,
  serveHttps,
} from "../../../core/apiserver/https_front.ts";
import {
  createCaCertificate,
  createClientCertificate,
  createServingCertificate,
} from "../../../core/auth/pki/certificate.ts";
import { verifyClientCertificate } from "../../../core/auth/pki/verify_client_certificate.ts";

const ca = createCaCertificate({ commonName: "front-test-ca" });
const serving = createServingCertificate(ca, { commonName: "api" }, ["localhost", "127.0.0.1"]);
const alice = createClientCertificate(ca, "alice", ["devs", "ops"]);

/** Resolves with `p`, or fails the test with `what` after 20 s. */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fail = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 20_000);
  });
  return Promise.race([p, fail]).finally(() => clearTimeout(timer));
}

/** A response that sends one line and then stays open until cancelled. */
function endlessStream(cancelled: PromiseWithResolvers<void>): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode("first line\n"));
    },
    cancel() {
      cancelled.resolve();
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain" } });
}

async function withHttps(
  handler: FrontHandler,
  fn: (base: string, client: Deno.HttpClient, server: FrontServer) => Promise<void>,
  clientCert = true,
): Promise<void> {
  const server = await serveHttps(handler, {
    hostname: "127.0.0.1",
    port: 0,
    cert: serving.certPem,
    key: serving.keyPem,
  });
  const client = Deno.createHttpClient(
    clientCert
      ? { caCerts: [ca.certPem], cert: alice.certPem, key: alice.keyPem }
      : { caCerts: [ca.certPem] },
  );
  try {
    await fn(`https://localhost:${server.addr.port}`, client, server);
  } finally {
    client.close();
    await server.shutdown();
  }
}

const whoami: FrontHandler = (_req, conn: ConnInfo) => {
  const id = conn.peerCertificates
    ? verifyClientCertificate(conn.peerCertificates, [ca.certPem])
    : "none";
  return Promise.resolve(Response.json({ id, remote: conn.remoteAddr?.hostname }));
};

Deno.test("serveHttps passes the client certificate chain, which verifies to the user and groups", () =>
  withHttps(whoami, async (base, client) => {
    const res = await fetch(`${base}/whoami`, { client });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      id: { user: "alice", groups: ["devs", "ops"] },
      remote: "127.0.0.1",
    });
  }));

Deno.test("serveHttps serves clients without a certificate, with no peerCertificates", () =>
  withHttps(whoami, async (base, client) => {
    const res = await fetch(`${base}/whoami`, { client });
    assert.deepEqual(await res.json(), { id: "none", remote: "127.0.0.1" });
  }, false));

Deno.test("serveHttps gives the handler method, https URL, headers and body; sends every Set-Cookie", () =>
  withHttps(async (req) => {
    const headers = new Headers({
      "content-type": "text/plain",
      "x-method": req.method,
      "x-url": req.url,
    });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    headers.set("x-echo", req.headers.get("x-test") ?? "");
    return new Response(`echo:${await req.text()}`, { status: 201, headers });
  }, async (base, client) => {
    const payload = "x".repeat(300_000);
    const res = await fetch(`${base}/api/v1/pods?watch=0`, {
      client,
      method: "POST",
      body: payload,
      headers: { "x-test": "yes" },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("x-method"), "POST");
    assert.equal(res.headers.get("x-url"), `${base}/api/v1/pods?watch=0`);
    assert.equal(res.headers.get("x-echo"), "yes");
    assert.deepEqual(res.headers.getSetCookie(), ["a=1", "b=2"]);
    assert.equal(res.headers.get("content-length"), String(payload.length + 5));
    assert.equal(await res.text(), `echo:${payload}`);
  }));

Deno.test("serveHttps returns the handler's 404 and turns a thrown error into a 500 Status", () =>
  withHttps((req) => {
    if (req.url.endsWith("/missing")) {
      return Promise.resolve(new Response("no such thing", { status: 404 }));
    }
    throw new Error("boom");
  }, async (base, client) => {
    const missing = await fetch(`${base}/missing`, { client });
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), "no such thing");
    const failed = await fetch(`${base}/fails`, { client });
    assert.equal(failed.status, 500);
    const status = await failed.json();
    assert.equal(status.kind, "Status");
    assert.equal(status.code, 500);
    assert.match(status.message, /boom/);
  }));

Deno.test("a streaming response is cancelled and the request signal fires when the client aborts", async () => {
  const cancelled = Promise.withResolvers<void>();
  const aborted = Promise.withResolvers<void>();
  await withHttps((req) => {
    req.signal.addEventListener("abort", () => aborted.resolve());
    return Promise.resolve(endlessStream(cancelled));
  }, async (base, client) => {
    const ac = new AbortController();
    const res = await fetch(`${base}/watch`, { client, signal: ac.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value), "first line\n");
    ac.abort();
    await within(cancelled.promise, "the response body to be cancelled");
    await within(aborted.promise, "the request signal to fire");
  });
});

Deno.test("concurrent requests on one server each get their own answer; keep-alive reuses the connection", () =>
  withHttps(async (req, conn) => {
    const n = new URL(req.url).searchParams.get("n");
    return Response.json({
      n,
      port: conn.remoteAddr?.port,
      body: req.body ? await req.text() : null,
    });
  }, async (base, client) => {
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => fetch(`${base}/?n=${i}`, { client }).then((r) => r.json()),
      ),
    );
    assert.deepEqual(answers.map((a) => a.n), Array.from({ length: 20 }, (_, i) => String(i)));
    const one = await (await fetch(`${base}/?n=a`, { client })).json();
    const two = await (await fetch(`${base}/?n=b`, { client })).json();
    assert.equal(one.port, two.port, "sequential requests should share one kept-alive connection");
    assert.equal(one.body, null, "a GET has no body");
  }));

Deno.test("a streamed body larger than the socket buffers arrives whole and in order", () =>
  withHttps(() => {
    let sent = 0;
    const chunk = 64 * 1024;
    const total = 16 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) return c.close();
        c.enqueue(new Uint8Array(chunk).fill((sent / chunk) % 251));
        sent += chunk;
        return new Promise((resolve) => setTimeout(resolve, 0)); // not ready at once: streamed
      },
    });
    return Promise.resolve(new Response(body));
  }, async (base, client) => {
    const res = await fetch(`${base}/big`, { client });
    assert.equal(res.headers.get("content-length"), null, "a live body is sent chunked");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(bytes.length, 16 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 64 * 1024) {
      assert.equal(bytes[i], (i / (64 * 1024)) % 251);
    }
  }));

Deno.test("shutdown of serveHttps with an open stream ends the stream and resolves", async () => {
  const cancelled = Promise.withResolvers<void>();
  const server = await serveHttps(() => Promise.resolve(endlessStream(cancelled)), {
    hostname: "127.0.0.1",
    port: 0,
    cert: serving.certPem,
    key: serving.keyPem,
  });
  const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
  try {
    const res = await fetch(`https://localhost:${server.addr.port}/watch`, { client });
    const reader = res.body!.getReader();
    await reader.read();
    await within(server.shutdown(), "shutdown");
    await within(cancelled.promise, "the open stream to be cancelled");
    const rest = await within(
      reader.read().catch(() => ({ done: true })),
      "the client stream to end",
    );
    assert.equal(rest.done, true);
  } finally {
    client.close();
  }
});

/** Sends raw bytes over TLS and returns everything the server answers until it closes. */
async function rawTls(port: number, request: string): Promise<string> {
  const conn = await Deno.connectTls({ hostname: "localhost", port, caCerts: [ca.certPem] });
  try {
    await conn.write(new TextEncoder().encode(request));
    let text = "";
    const buf = new Uint8Array(4096);
    while (true) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) return text;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } finally {
    try {
      conn.close();
    } catch {
      // already closed by the server
    }
  }
}

Deno.test("an upgrade request without onUpgrade is answered by the handler (so it authenticates first)", () =>
  withHttps((req) =>
    Promise.resolve(
      Response.json({ kind: "Status", reason: "Unauthorized", path: new URL(req.url).pathname }, {
        status: 401,
      }),
    ), async (base) => {
    const port = Number(new URL(base).port);
    for (const upgrade of ["websocket", "SPDY/3.1"]) {
      const answer = await within(
        rawTls(
          port,
          "POST /api/v1/namespaces/default/pods/p/exec?command=id HTTP/1.1\r\nHost: localhost\r\n" +
            `Connection: Upgrade, close\r\nUpgrade: ${upgrade}\r\nContent-Length: 0\r\n\r\n`,
        ),
        `the answer to an ${upgrade} upgrade`,
      );
      assert.match(answer, /^HTTP\/1.1 401 Unauthorized/);
      assert.match(
        answer,
        /"reason":"Unauthorized","path":"\/api\/v1\/namespaces\/default\/pods\/p\/exec"/,
      );
    }
  }));

Deno.test("onUpgrade receives upgrade requests with their socket", async () => {
  const server = await serveHttps(whoami, {
    hostname: "127.0.0.1",
    port: 0,
    cert: serving.certPem,
    key: serving.keyPem,
    onUpgrade: (req, socket) =>
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nX-Path: ${req.url}\r\n\r\nhi`),
  });
  try {
    const answer = await within(
      rawTls(
        server.addr.port,
        "GET /exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n",
      ),
      "the upgraded answer",
    );
    assert.match(answer, /^HTTP\/1.1 101 Switching Protocols\r\nX-Path: \/exec\r\n\r\nhi$/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a client that never finishes its headers is disconnected", async () => {
  const server = await serveHttps(whoami, {
    hostname: "127.0.0.1",
    port: 0,
    cert: serving.certPem,
    key: serving.keyPem,
    headersTimeoutMs: 300,
  });
  try {
    const answer = await within(
      rawTls(server.addr.port, "GET / HTTP/1.1\r\nHost: x\r\n"),
      "the server to hang up",
    );
    assert.ok(answer === "" || /^HTTP\/1.1 408/.test(answer), answer);
  } finally {
    await server.shutdown();
  }
});

Deno.test("serveHttp passes the peer address and no certificates, echoes bodies, and shuts down open streams", async () => {
  const cancelled = Promise.withResolvers<void>();
  const server = await serveHttp(async (req, conn) => {
    if (req.url.endsWith("/watch")) return endlessStream(cancelled);
    return Response.json({
      remote: conn.remoteAddr?.hostname,
      certs: conn.peerCertificates ?? null,
      body: await req.text(),
    });
  }, { hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const res = await fetch(`${base}/echo`, { method: "PUT", body: "payload" });
  assert.deepEqual(await res.json(), { remote: "127.0.0.1", certs: null, body: "payload" });
  const stream = await fetch(`${base}/watch`);
  const reader = stream.body!.getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), "first line\n");
  await within(server.shutdown(), "shutdown");
  await within(cancelled.promise, "the open stream to be cancelled");
  const rest = await within(
    reader.read().catch(() => ({ done: true })),
    "the client stream to end",
  );
  assert.equal(rest.done, true);
});

/** Reads a plain TCP connection until the server closes it; what it sent. */
async function readUntilClosed(conn: Deno.TcpConn): Promise<string> {
  let text = "";
  const buf = new Uint8Array(4096);
  while (true) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return text;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
}

Deno.test("serveHttp closes every connection that has not sent its headers within the timeout", async () => {
  const server = await serveHttp(whoami, { hostname: "127.0.0.1", port: 0, headersTimeoutMs: 300 });
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
      await conn.write(new TextEncoder().encode("GET /slow HTTP/1.1\r\nHost: x\r\nX-Partial: "));
      conns.push(conn);
    }
    const answers = await within(Promise.all(conns.map(readUntilClosed)), "the server to hang up");
    for (const a of answers) assert.ok(a === "" || /^HTTP\/1.1 408/.test(a), a);
    // The server still answers complete requests.
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/whoami`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    for (const c of conns) {
      try {
        c.close();
      } catch {
        // already closed by the server
      }
    }
    await server.shutdown();
  }
});

Deno.test("serveHttp closes an idle keep-alive connection after the idle timeout", async () => {
  const server = await serveHttp(whoami, {
    hostname: "127.0.0.1",
    port: 0,
    idleTimeoutMs: 200,
    headersTimeoutMs: 10_000,
  });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  try {
    await conn.write(new TextEncoder().encode("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n"));
    const answer = await within(readUntilClosed(conn), "the idle connection to be closed");
    assert.match(answer, /^HTTP\/1.1 200/);
  } finally {
    try {
      conn.close();
    } catch {
      // already closed by the server
    }
    await server.shutdown();
  }
});

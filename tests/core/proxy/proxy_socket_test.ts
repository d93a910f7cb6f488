import assert from "node:assert/strict";
import { RoundRobin } from "../../../core/proxy/round_robin.ts";
import { ProxySocket } from "../../../core/proxy/proxy_socket.ts";

/** A TCP server that answers every connection with its name, then echoes. */
function namedServer(name: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const done = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      (async () => {
        const w = conn.writable.getWriter();
        await w.write(new TextEncoder().encode(`${name}\n`));
        w.releaseLock();
        await conn.readable.pipeTo(conn.writable).catch(() => {});
        conns.delete(conn);
      })();
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
      await done;
    },
  };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function ask(port: number): Promise<{ name: string; conn: Deno.Conn }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const buf = new Uint8Array(64);
  let text = "";
  while (!text.includes("\n")) {
    const n = await conn.read(buf);
    if (n === null) break;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  return { name: text.trim(), conn };
}

async function askAndClose(port: number): Promise<string> {
  const { name, conn } = await ask(port);
  conn.close();
  return name;
}

Deno.test("round robin spreads connections and skips a refusing endpoint", async () => {
  const a = namedServer("a");
  const b = namedServer("b");
  const dead = freePort();
  const rr = new RoundRobin();
  rr.setEndpoints([
    { host: "127.0.0.1", port: a.port },
    { host: "127.0.0.1", port: dead },
    { host: "127.0.0.1", port: b.port },
  ]);
  const sock = ProxySocket.listen("default/svc:http", rr, 0, "127.0.0.1");
  try {
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push(await askAndClose(sock.port));
    assert.ok(seen.includes("a") && seen.includes("b"), `both endpoints used: ${seen}`);
    assert.equal(seen.filter((s) => s === "").length, 0, "no connection failed");
  } finally {
    await sock.close();
    await a.close();
    await b.close();
  }
});

Deno.test("ClientIP affinity keeps a client on one endpoint", async () => {
  const a = namedServer("a");
  const b = namedServer("b");
  const rr = new RoundRobin();
  rr.setAffinity({ clientIP: true, timeoutSeconds: 10800 });
  rr.setEndpoints([{ host: "127.0.0.1", port: a.port }, { host: "127.0.0.1", port: b.port }]);
  const sock = ProxySocket.listen("default/svc:http", rr, 0, "127.0.0.1");
  try {
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) seen.add(await askAndClose(sock.port));
    assert.equal(seen.size, 1);
  } finally {
    await sock.close();
    await a.close();
    await b.close();
  }
});

Deno.test("an endpoint change keeps established connections and routes new ones", async () => {
  const a = namedServer("a");
  const b = namedServer("b");
  const rr = new RoundRobin();
  rr.setEndpoints([{ host: "127.0.0.1", port: a.port }]);
  const sock = ProxySocket.listen("default/svc:http", rr, 0, "127.0.0.1");
  try {
    const first = await ask(sock.port);
    assert.equal(first.name, "a");
    rr.setEndpoints([{ host: "127.0.0.1", port: b.port }]);
    assert.equal(await askAndClose(sock.port), "b");
    // the established connection still echoes through endpoint a
    await first.conn.write(new TextEncoder().encode("ping\n"));
    const buf = new Uint8Array(16);
    const n = await first.conn.read(buf);
    assert.equal(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "ping\n");
    first.conn.close();
  } finally {
    await sock.close();
    await a.close();
    await b.close();
  }
});

Deno.test("no endpoints: the connection is closed at once", async () => {
  const rr = new RoundRobin();
  const sock = ProxySocket.listen("default/empty:http", rr, 0, "127.0.0.1");
  try {
    assert.equal(await askAndClose(sock.port), "");
    assert.equal(sock.stats.failed, 1);
  } finally {
    await sock.close();
  }
});

/** A TCP server that reads until the client half-closes, then answers with the bytes' sum. */
function summingServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    for await (const conn of listener) {
      (async () => {
        let sum = 0, count = 0;
        const buf = new Uint8Array(64 * 1024);
        for (;;) {
          const n = await conn.read(buf);
          if (n === null) break;
          for (let i = 0; i < n; i++) sum = (sum + buf[i]) % 1_000_003;
          count += n;
        }
        await conn.write(new TextEncoder().encode(`${count} ${sum}\n`));
        conn.close();
      })().catch(() => {});
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      await done;
    },
  };
}

Deno.test("a client's half-close reaches the endpoint, whose answer still comes back in full", async () => {
  const server = summingServer();
  const rr = new RoundRobin();
  rr.setEndpoints([{ host: "127.0.0.1", port: server.port }]);
  const sock = ProxySocket.listen("default/sum:http", rr, 0, "127.0.0.1");
  try {
    for (const size of [3, 300_000, 5]) { // small, then past every copy buffer size, then small
      const data = new Uint8Array(size).map((_, i) => (i * 7) % 251);
      const want = `${size} ${data.reduce((s, b) => (s + b) % 1_000_003, 0)}\n`;
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: sock.port });
      for (let off = 0; off < size;) off += await conn.write(data.subarray(off));
      await conn.closeWrite();
      let text = "";
      const buf = new Uint8Array(64);
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) break;
        text += new TextDecoder().decode(buf.subarray(0, n));
      }
      conn.close();
      assert.equal(text, want, `${size} bytes summed through the proxy`);
    }
  } finally {
    await sock.close();
    await server.close();
  }
});

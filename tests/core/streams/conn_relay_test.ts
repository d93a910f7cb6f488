/**
 * relaySocketConn: a node socket (as an upgrade hands it over) relayed to a Deno connection
 * carries 5 MiB both ways byte-exact, and the client's half-close reaches the backend, whose
 * own end then reaches the client.
 */
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { relaySocketConn } from "../../../core/streams/conn_relay.ts";

async function readAll(conn: Deno.Conn): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(64 * 1024);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    parts.push(buf.slice(0, n));
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

Deno.test("relaySocketConn echoes 5 MiB byte-exact and passes half-closes both ways", async () => {
  // The backend echoes until the client's end arrives, then ends its side.
  const backend = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const echoed = (async () => {
    const conn = await backend.accept();
    const buf = new Uint8Array(64 * 1024);
    let total = 0;
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      total += n;
      for (let off = 0; off < n;) off += await conn.write(buf.subarray(off, n));
    }
    await conn.closeWrite();
    await readAll(conn); // until the relay closes it
    conn.close();
    return total;
  })();
  const relays: Promise<void>[] = [];
  const front = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    relays.push((async () => {
      const port = (backend.addr as Deno.NetAddr).port;
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await relaySocketConn(socket, conn);
    })());
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", () => resolve()));
  const frontPort = (front.address() as { port: number }).port;
  try {
    const payload = new Uint8Array(5 << 20);
    for (let off = 0; off < payload.length; off += 65536) {
      crypto.getRandomValues(payload.subarray(off, off + 65536));
    }
    const client = await Deno.connect({ hostname: "127.0.0.1", port: frontPort });
    const received = readAll(client);
    for (let off = 0; off < payload.length;) off += await client.write(payload.subarray(off));
    await client.closeWrite();
    const back = await received;
    client.close();
    assert.equal(await echoed, payload.length, "the backend saw every byte and the client's end");
    assert.equal(back.length, payload.length);
    assert.ok(back.every((b, i) => b === payload[i]), "the echo is byte-identical");
    await Promise.all(relays);
  } finally {
    backend.close();
    await new Promise<void>((resolve) => front.close(() => resolve()));
  }
});

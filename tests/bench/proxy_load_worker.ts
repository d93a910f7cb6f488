/**
 * The cluster bench's load generator and backends, run in a Worker (its own thread): the
 * clients and servers of the proxy figures must not share the event loop of the proxy they
 * measure, as a real client and backend do not share kube-proxy's. Requests are
 * `ProxyLoadRequest`s; each is answered with `{ id, value }` or `{ id, error }`.
 */

/** What the main thread asks the worker. */
export type ProxyLoadRequest =
  | { id: number; op: "backend"; name: string; bulkBytes: number }
  | { id: number; op: "closeBackend"; port: number }
  | { id: number; op: "rate"; port: number; connections: number; parallel: number }
  | { id: number; op: "streams"; port: number; parallel: number };

/** The worker's answer to request `id`. */
export type ProxyLoadReply = { id: number; value: number } | { id: number; error: string };

const backends = new Map<number, { listener: Deno.Listener; served: Promise<void> }>();

/** A backend: with `bulkBytes` it streams that many bytes and closes; else echoes `name`. */
function backend(name: string, bulkBytes: number): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const chunk = new Uint8Array(64 * 1024);
  const line = new TextEncoder().encode(`${name}\n`);
  const served = (async () => {
    for await (const conn of listener) {
      (async () => {
        try {
          if (bulkBytes > 0) {
            for (let sent = 0; sent < bulkBytes; sent += chunk.length) await conn.write(chunk);
          } else {
            await conn.read(new Uint8Array(64));
            await conn.write(line);
          }
        } catch { /* the client went away */ }
        try {
          conn.close();
        } catch { /* closed */ }
      })();
    }
  })().catch(() => {});
  const port = (listener.addr as Deno.NetAddr).port;
  backends.set(port, { listener, served });
  return port;
}

async function closeBackend(port: number): Promise<number> {
  const b = backends.get(port);
  backends.delete(port);
  b?.listener.close();
  await b?.served;
  return 0;
}

const hello = new TextEncoder().encode("hi\n");

/** Connections per second: `parallel` clients connect, send a line, read one, close. */
async function rate(port: number, connections: number, parallel: number): Promise<number> {
  const t = performance.now();
  let started = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    const buf = new Uint8Array(64);
    while (started < connections) {
      started++;
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(hello);
      await conn.read(buf);
      conn.close();
    }
  }));
  return started / ((performance.now() - t) / 1000);
}

/** MiB/s of `parallel` connections each reading until the backend closes. */
async function streams(port: number, parallel: number): Promise<number> {
  const t = performance.now();
  const sizes = await Promise.all(Array.from({ length: parallel }, async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const buf = new Uint8Array(256 * 1024);
    let n = 0;
    for (let r = await conn.read(buf); r !== null; r = await conn.read(buf)) n += r;
    conn.close();
    return n;
  }));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  return bytes / 1024 / 1024 / ((performance.now() - t) / 1000);
}

async function handle(req: ProxyLoadRequest): Promise<number> {
  switch (req.op) {
    case "backend":
      return backend(req.name, req.bulkBytes);
    case "closeBackend":
      return await closeBackend(req.port);
    case "rate":
      return await rate(req.port, req.connections, req.parallel);
    case "streams":
      return await streams(req.port, req.parallel);
  }
}

/** The worker's scope, typed for postMessage/onmessage. */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ProxyLoadRequest>) => void) | null;
  postMessage(reply: ProxyLoadReply): void;
};

scope.onmessage = (e) => {
  handle(e.data).then(
    (value) => scope.postMessage({ id: e.data.id, value }),
    (err) => scope.postMessage({ id: e.data.id, error: String(err) }),
  );
};

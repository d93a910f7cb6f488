/**
 * Copies an upgraded node socket (the client's side of an exec, attach, port-forward or proxy
 * upgrade) and a Deno connection to its backend both ways until both ends are done. Reads from
 * the backend use a large buffer and go to the socket without waiting for each write, up to a
 * window (`maxBuffered`), because node-compat socket writes cost per call, not per byte: the
 * kubelet-sized 32 KiB hops held port-forward well below a direct connection. Each side's end
 * is passed on as a half-close once its bytes are out; a side that stays open 30 s after the
 * other closed is cut.
 */
import type { Duplex } from "node:stream";
import { drained } from "./socket_io.ts";

/** Options of relaySocketConn. */
export interface RelayOptions {
  /** Bytes queued on the socket before reading from the backend pauses (default 4 MiB). */
  maxBuffered?: number;
  /** Backend read size (default 256 KiB). */
  readSize?: number;
  /** How long a half-closed side may stay open after the other ended (default 30 s). */
  lingerMs?: number;
}

/** Relays `socket` ⇄ `conn`; resolves when both are closed. */
export async function relaySocketConn(
  socket: Duplex,
  conn: Deno.Conn,
  opts: RelayOptions = {},
): Promise<void> {
  const maxBuffered = opts.maxBuffered ?? 4 << 20;
  const lingerMs = opts.lingerMs ?? 30_000;
  let connClosed = false;
  const closeConn = () => {
    if (connClosed) return;
    connClosed = true;
    try {
      conn.close();
    } catch { /* closed already */ }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const socketGone = new Promise<void>((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once("close", () => resolve());
  });
  socket.on("error", () => {
    socket.destroy();
    closeConn();
  });

  // Client → backend: pause the socket while a write is in flight.
  let writing = Promise.resolve();
  socket.on("data", (chunk: Uint8Array) => {
    socket.pause();
    writing = writing.then(() => writeAll(conn, chunk)).then(
      () => void socket.resume(),
      () => {
        socket.destroy();
        closeConn();
      },
    );
  });
  socket.on("end", () => {
    void writing.then(() => conn.closeWrite()).catch(() => {});
  });
  void socketGone.then(() =>
    writing.then(() => {
      if (connClosed) return;
      conn.closeWrite().catch(() => {});
      timer = setTimeout(closeConn, lingerMs);
    })
  );

  // Backend → client.
  const buf = new Uint8Array(opts.readSize ?? 256 << 10);
  for (;;) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) break;
    if (socket.destroyed) break;
    if (!socket.write(buf.slice(0, n)) && socket.writableLength > maxBuffered) {
      await drained(socket);
    }
  }
  clearTimeout(timer);
  closeConn();
  if (!socket.destroyed) {
    socket.end();
    const cut = setTimeout(() => socket.destroy(), lingerMs);
    await socketGone;
    clearTimeout(cut);
  }
}

/** Writes all of `bytes` to `conn`. */
export async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

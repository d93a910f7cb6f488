/**
 * Small helpers over an upgraded node socket (a Duplex): writes that wait for 'drain', an
 * HTTP/1.1 response written by hand before or instead of an upgrade, and a promise that
 * settles when the socket is gone.
 */
import type { Duplex } from "node:stream";

/**
 * Bytes a writer may queue on a socket before writeSocket waits for it to drain. Node's 16 KiB
 * default made every 32 KiB+ frame wait for its own write to finish, so a stream never had a
 * second write in flight; a larger window keeps the socket busy while staying bounded.
 */
export const WRITE_WINDOW = 1 << 20;

/** Writes `bytes`, resolving at once while under WRITE_WINDOW, else once the socket drained. */
export function writeSocket(socket: Duplex, bytes: Uint8Array | string): Promise<void> {
  if (socket.destroyed || !socket.writable) return Promise.resolve();
  if (socket.write(bytes) || socket.writableLength <= WRITE_WINDOW) return Promise.resolve();
  return drained(socket);
}

/** Resolves at the socket's next 'drain' (or when it closes). */
export function drained(socket: Duplex): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

/** Resolves when the socket closed (either side). */
export function socketClosed(socket: Duplex): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.once("close", () => resolve()));
}

const REASONS: Record<number, string> = {
  101: "Switching Protocols",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Writes a whole HTTP/1.1 response (headers as given) and, with `body`, ends the socket. */
export function writeHttpResponse(
  socket: Duplex,
  status: number,
  headers: [string, string][],
  body?: string | Uint8Array,
): Promise<void> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}`];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  if (bytes) lines.push(`Content-Length: ${bytes.length}`, "Connection: close");
  const head = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  if (!bytes) return writeSocket(socket, head);
  const all = new Uint8Array(head.length + bytes.length);
  all.set(head);
  all.set(bytes, head.length);
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.end(all, () => resolve());
  });
}

/** Writes a web Response (e.g. a 401/403 Status) on a socket that asked to upgrade. */
export async function writeWebResponse(socket: Duplex, res: Response): Promise<void> {
  const body = new Uint8Array(await res.arrayBuffer());
  const headers: [string, string][] = [];
  for (const [k, v] of res.headers) {
    if (k !== "content-length" && k !== "connection") headers.push([k, v]);
  }
  await writeHttpResponse(socket, res.status, headers, body);
}

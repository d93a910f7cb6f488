/**
 * The apiserver's listeners, both with one handler signature `(Request, ConnInfo)`:
 * `serveHttps` is a node:https server, because Deno.serve cannot ask for client certificates;
 * it hands the client's raw certificate chain on (unverified: node's `authorized` is not
 * trustworthy here, the x509 authenticator checks the chain). `serveHttp` is plain HTTP on
 * node:http (Deno.serve has no header-read timeout). Both close a connection whose request
 * headers are not in within `headersTimeoutMs`, end open streams (watches) and close every
 * connection on shutdown.
 */
import type { Buffer } from "node:buffer";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { makeStatus } from "../api/status.ts";
import type { ConnInfo } from "./conn_info.ts";
import { peerCertificateChain, sendWebResponse, toWebRequest } from "./node_bridge.ts";

/** A request handler both listeners call. */
export type FrontHandler = (req: Request, conn: ConnInfo) => Promise<Response>;

/** A running listener. */
export interface FrontServer {
  /** The bound address (the real port when 0 was asked for). */
  addr: { hostname: string; port: number };
  /** Stops listening, ends open responses, closes every connection; resolves when done. */
  shutdown(): Promise<void>;
}

/** Options of serveHttp. */
export interface ServeHttpOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Time a client has to send the request headers (default 30 s); not applied to responses. */
  headersTimeoutMs?: number;
  /** Time an idle keep-alive connection stays open between requests (default 60 s). */
  idleTimeoutMs?: number;
  /** Takes over `Connection: Upgrade` requests; without it the handler answers them as usual. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** Options of serveHttps. */
export interface ServeHttpsOptions extends ServeHttpOptions {
  /** PEM serving certificate chain and private key. */
  cert: string;
  key: string;
}

/** Serves `handler` over HTTPS, asking every client for a certificate (optional for it). */
export function serveHttps(handler: FrontHandler, opts: ServeHttpsOptions): Promise<FrontServer> {
  const server = createServer({
    key: opts.key,
    cert: opts.cert,
    requestCert: true,
    rejectUnauthorized: false,
    connectionsCheckingInterval: checkingInterval(opts),
  });
  return serveNode(server, "https", handler, opts);
}

/** Serves `handler` over plain HTTP; ConnInfo carries the peer address and raw target. */
export function serveHttp(handler: FrontHandler, opts: ServeHttpOptions): Promise<FrontServer> {
  const server = createHttpServer({ connectionsCheckingInterval: checkingInterval(opts) });
  return serveNode(server, "http", handler, opts);
}

function checkingInterval(opts: ServeHttpOptions): number {
  const headersTimeout = opts.headersTimeoutMs ?? 30_000;
  return Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 2)));
}

async function serveNode(
  server: Server,
  scheme: "http" | "https",
  handler: FrontHandler,
  opts: ServeHttpOptions & { onUpgrade?: ServeHttpsOptions["onUpgrade"] },
): Promise<FrontServer> {
  const headersTimeout = opts.headersTimeoutMs ?? 30_000;
  // headersTimeout bounds the wait for a request's headers and requestTimeout the wait for the
  // whole request (node's 5 minutes); neither applies once the request is in, so a watch
  // response can stream for as long as it needs.
  server.headersTimeout = headersTimeout;
  server.requestTimeout = Math.max(headersTimeout, 300_000);
  server.keepAliveTimeout = opts.idleTimeoutMs ?? 60_000;
  const sockets = new Set<Socket>();
  const inflight = new Set<Promise<void>>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let fallbackHost = `${opts.hostname}:${opts.port}`;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const done = handleNodeRequest(handler, req, res, fallbackHost, scheme);
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
  });
  // Without an "upgrade" listener node hands upgrade requests (exec, attach, port-forward) to
  // "request" like any other, so the handler authenticates them first: an anonymous one gets
  // 401, never an answer before authentication.
  if (opts.onUpgrade) server.on("upgrade", opts.onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: Error & { code?: string }) => reject(listenError(opts, e)));
    server.listen(opts.port, opts.hostname, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : opts.port;
  fallbackHost = `${opts.hostname.includes(":") ? `[${opts.hostname}]` : opts.hostname}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    addr: { hostname: opts.hostname, port },
    shutdown: () =>
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        await Promise.allSettled([...inflight]);
        await closed;
      })(),
  };
}

async function handleNodeRequest(
  handler: FrontHandler,
  req: IncomingMessage,
  res: ServerResponse,
  fallbackHost: string,
  scheme: "http" | "https",
): Promise<void> {
  const ac = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) ac.abort(new Error("the client disconnected"));
  });
  const socket = req.socket as TLSSocket;
  const conn: ConnInfo = {
    remoteAddr: socket.remoteAddress
      ? { hostname: socket.remoteAddress, port: socket.remotePort ?? 0 }
      : undefined,
    peerCertificates: peerCertificateChain(socket),
    rawTarget: req.url ?? "/",
  };
  let response: Response;
  try {
    response = await handler(toWebRequest(req, ac.signal, fallbackHost, scheme), conn);
  } catch (e) {
    response = internalError(e);
  }
  try {
    await sendWebResponse(req, res, response, ac.signal);
  } catch (e) {
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(makeStatus(500, "InternalError", messageOf(e))));
    } else {
      res.destroy();
    }
  }
  req.resume(); // drain an unread body so the connection can be reused
}

function listenError(opts: ServeHttpOptions, e: unknown): Error {
  const inUse = e instanceof Deno.errors.AddrInUse ||
    (e as { code?: string }).code === "EADDRINUSE";
  const why = inUse
    ? "the address is already in use; stop the other server or choose another port"
    : messageOf(e);
  return new Error(`cannot listen on ${opts.hostname}:${opts.port}: ${why}`);
}

/** The 500 Status answered when the handler threw instead of answering. */
export function internalError(e: unknown): Response {
  const body = makeStatus(
    500,
    "InternalError",
    `the server failed to handle the request: ${messageOf(e)}`,
  );
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { "content-type": "application/json" },
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

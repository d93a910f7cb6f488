/**
 * Bridges node:http(s) messages and web Requests/Responses for both listeners: an
 * IncomingMessage becomes a Request (streamed body, AbortSignal on disconnect), a Response is
 * written to a ServerResponse (all headers, whole or streamed body with backpressure), and the
 * TLS peer's certificate chain is read as DER.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import { ClientClosedError } from "./client_closed_error.ts";
import type { ConnInfo } from "./conn_info.ts";
import { settleBody } from "./front_body.ts";
import { readyBody } from "./ready_body.ts";

/** The web Request for `req`; `signal` should fire when the client goes away. */
export function toWebRequest(
  req: IncomingMessage,
  signal: AbortSignal,
  fallbackHost: string,
  scheme: "http" | "https" = "https",
): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // a header value fetch cannot hold; node already accepted it, the handler never sees it
    }
  }
  const method = req.method ?? "GET";
  const path = req.url ?? "/";
  const p = path.startsWith("/") ? path : `/${path}`;
  const hasBody = method !== "GET" && method !== "HEAD" &&
    (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0);
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody) {
    init.body = bodyStream(req);
    init.duplex = "half";
  }
  // Request parses (and normalises) the URL itself, before it looks at the body: a Host
  // header that is no authority fails there, and the listener's own address is used instead.
  const host = req.headers.host;
  if (host) {
    try {
      return new Request(`${scheme}://${host}${p}`, init);
    } catch {
      // fall back to the listener's address
    }
  }
  return new Request(`${scheme}://${fallbackHost}${p}`, init);
}

/** The request body as a stream that pauses the socket while the reader is behind. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Uint8Array) => {
        if (closed) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        if (!closed) controller.close();
        closed = true;
      });
      // A client that goes away mid-body surfaces as node's "aborted" error, or (once Deno's
      // server dropped the connection's resources) a BadResource that a later body read would
      // report as "Cannot read body as underlying resource unavailable": both are the client's
      // doing, told apart from server faults by their type.
      const gone = (cause?: unknown) => {
        if (!closed) controller.error(new ClientClosedError(cause));
        closed = true;
      };
      req.on("close", () => {
        if (!req.complete) gone();
        closed = true;
      });
      req.on("aborted", () => gone());
      req.on("error", gone);
    },
    pull() {
      req.resume();
    },
    cancel() {
      closed = true;
      req.resume(); // drain the rest so the connection can carry the next request
    },
  });
}

/**
 * The chain of each TLS socket, read once: every request of a keep-alive connection has the
 * same handshake (Deno's TLS does not renegotiate), and reading it was 1% of an `up`'s CPU.
 */
const chains = new WeakMap<TLSSocket, Uint8Array[] | undefined>();

/** The client's certificates (DER, leaf first) as sent in the TLS handshake; none: undefined. */
export function peerCertificateChain(socket: TLSSocket): Uint8Array[] | undefined {
  if (typeof socket.getPeerCertificate !== "function") return undefined;
  if (chains.has(socket)) return chains.get(socket);
  // Called for requests, so after the handshake: what it gave is final.
  const chain = readPeerCertificateChain(socket);
  chains.set(socket, chain);
  return chain;
}

function readPeerCertificateChain(socket: TLSSocket): Uint8Array[] | undefined {
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const chain: Uint8Array[] = [];
  while (cert?.raw && cert.raw.length > 0 && chain.length < 10) {
    const der = new Uint8Array(cert.raw);
    if (chain.some((c) => sameBytes(c, der))) break; // a self-signed root points at itself
    chain.push(der);
    cert = cert.issuerCertificate;
  }
  return chain.length > 0 ? chain : undefined;
}

/** The ConnInfo of an upgrade request's socket (peer address, certificates, raw target). */
export function upgradeConnInfo(socket: Duplex, rawTarget: string): ConnInfo {
  const tls = socket as TLSSocket;
  return {
    remoteAddr: tls.remoteAddress
      ? { hostname: tls.remoteAddress, port: tls.remotePort ?? 0 }
      : undefined,
    peerCertificates: peerCertificateChain(tls),
    rawTarget,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Writes `response` to `res`. A body ready at once is sent with a Content-Length; a live body
 * is streamed, waiting for 'drain' when the socket is full, and cancelled when `signal` fires.
 */
export async function sendWebResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  signal: AbortSignal,
): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  const noBody = req.method === "HEAD" || response.status === 204 || response.status === 304;
  const ready = noBody ? undefined : readyBody(response);
  if (ready !== undefined) {
    // Known whole (see ready_body.ts): no body stream to read back.
    if (!res.hasHeader("content-length")) res.setHeader("content-length", ready.byteLength);
    res.end(ready);
    return;
  }
  const body = response.body;
  if (body === null || noBody) {
    await body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const settled = await settleBody(body);
  if (settled.complete) {
    if (!res.hasHeader("content-length")) res.setHeader("content-length", settled.bytes.byteLength);
    res.end(settled.bytes);
    return;
  }
  const stop = () => void settled.cancel("client disconnected");
  if (signal.aborted) return stop();
  signal.addEventListener("abort", stop, { once: true });
  try {
    res.flushHeaders();
    for (const chunk of settled.head) await write(res, chunk);
    while (!res.destroyed) {
      const r = await settled.next();
      if (r.done) break;
      await write(res, r.value);
    }
    res.end();
  } catch {
    res.destroy(); // the body failed midway: the client must not take it as complete
  } finally {
    signal.removeEventListener("abort", stop);
    if (res.destroyed) stop();
  }
}

function write(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  if (res.destroyed || res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

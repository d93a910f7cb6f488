/**
 * The apiserver's in-process transport, what kube-apiserver's loopback client is to it: a
 * fetch-like function that hands a Request straight to the same front handler the listeners
 * call (in-flight limits, authentication, authorization, admission, audit and metrics
 * included), with no TLS, HTTP parsing or socket in between. Each transport is bound to one
 * client certificate chain, presented exactly as a TLS client would present it, so the
 * component keeps its own identity; the key must match the certificate, as the TLS handshake
 * would demand. It is reachable only by code holding the RunningApiServer, never on a socket.
 * Upgrades (exec, attach, port-forward) are not served here: they keep using HTTPS.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { pemDecodeAll } from "../auth/pki/pem.ts";
import type { ConnInfo } from "./conn_info.ts";
import { type FrontHandler, internalError } from "./https_front.ts";

/** Sends one request in-process and resolves with the answer, like fetch. */
export type InProcessTransport = (req: Request) => Promise<Response>;

/** The client certificate (PEM chain, leaf first) and its key a transport presents. */
export interface InProcessIdentity {
  certChain?: string;
  privateKey?: string;
}

/**
 * A transport to `handler` presenting `identity`'s certificate chain (none: an anonymous
 * client). `isOpen` false (the apiserver stopped) refuses requests as a closed port would.
 * Throws a sentence when the chain holds no certificate or the key does not match it.
 */
export function inProcessTransport(
  handler: FrontHandler,
  identity: InProcessIdentity | undefined,
  isOpen: () => boolean,
): InProcessTransport {
  const chain = presentedChain(identity);
  return async (req) => {
    if (!isOpen()) {
      throw new TypeError("the apiserver has stopped; its in-process transport is closed");
    }
    req.signal.throwIfAborted();
    const conn: ConnInfo = { peerCertificates: chain, rawTarget: targetOf(req.url) };
    let res: Response;
    try {
      res = await answerUnlessAborted(handler(req, conn), req.signal);
    } catch (e) {
      if (req.signal.aborted) throw req.signal.reason;
      res = internalError(e);
    }
    return abortableBody(res, req.signal);
  };
}

/** The path and query of an absolute URL (already normalized by the Request). */
function targetOf(url: string): string {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash < 0 ? "/" : url.slice(slash);
}

/** The chain as DER (leaf first), after checking the key matches the leaf. */
function presentedChain(identity: InProcessIdentity | undefined): Uint8Array[] | undefined {
  const { certChain, privateKey } = identity ?? {};
  if (certChain === undefined && privateKey === undefined) return undefined;
  if (certChain === undefined || privateKey === undefined) {
    throw new Error(
      "an in-process client certificate needs both the certificate chain and its private key",
    );
  }
  const chain = pemDecodeAll(certChain);
  if (chain.length === 0) {
    throw new Error("the in-process client certificate chain holds no PEM CERTIFICATE block");
  }
  let matches: boolean;
  try {
    matches = new X509Certificate(certChain).checkPrivateKey(createPrivateKey(privateKey));
  } catch (e) {
    throw new Error(
      `cannot read the in-process client certificate or key (${
        e instanceof Error ? e.message : String(e)
      }); pass PEM text`,
    );
  }
  if (!matches) {
    throw new Error("the private key does not match the in-process client certificate");
  }
  return chain;
}

/**
 * `answer`, or a rejection with the abort reason as soon as `signal` aborts (as fetch does);
 * an answer that comes after the abort has its body cancelled.
 */
function answerUnlessAborted(answer: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      answer.then((r) => r.body?.cancel(signal.reason), () => {}).catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * `res` with a body that fails with the abort reason once `signal` aborts, cancelling the
 * server's stream (which ends a watch), as a fetch body does when its request is aborted. It
 * pulls chunk by chunk (no read-ahead), so a slow reader holds the server's stream back.
 */
function abortableBody(res: Response, signal: AbortSignal): Response {
  if (res.body === null) return res;
  const reader = res.body.getReader();
  let onAbort = () => {};
  const stopListening = () => signal.removeEventListener("abort", onAbort);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(signal.reason);
        reader.cancel(signal.reason).catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const r = await reader.read();
        if (signal.aborted) return; // already errored with the abort reason
        if (r.done) {
          stopListening();
          controller.close();
        } else {
          controller.enqueue(r.value);
        }
      } catch (e) {
        stopListening();
        if (!signal.aborted) controller.error(e);
      }
    },
    cancel(reason) {
      stopListening();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return new Response(body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

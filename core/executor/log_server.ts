/**
 * The executor's kubelet-style endpoint on `--kubelet-port` (0 = any free port), over HTTPS
 * with a certificate the executor makes for itself (its own short-lived CA, published on its
 * Node so the apiserver can pin it): `/containerLogs/{namespace}/{pod}/{container}?follow&
 * tailLines&timestamps…` answered from the runtime, `/exec/…` upgrades (exec_endpoint.ts), `/healthz`, Prometheus `/metrics`, and
 * `/pods` (the pods this executor runs). Every path but `/healthz` passes the KubeletGuard.
 */
import type { ConnInfo } from "../apiserver/conn_info.ts";
import { type FrontServer, serveHttp, serveHttps } from "../apiserver/https_front.ts";
import { containerLogsHandler, type LogLookup } from "./container_logs_handler.ts";
import { execUpgradeHandler } from "./exec_endpoint.ts";
import type { KubeletGuard } from "./kubelet_guard.ts";
import type { Runtime } from "./runtime.ts";

/** Options of startLogServer. */
export interface LogServerOptions {
  runtime: Runtime;
  /** Address to bind (default 127.0.0.1). */
  address?: string;
  /** Port (0 = any free port). */
  port: number;
  /** Finds a pod's container (default: the runtime's newest attempt). */
  lookup?: LogLookup;
  /** The pods currently run, for `/pods`. */
  pods?: () => unknown[];
  /** Prometheus text for `/metrics`. */
  metrics?: () => string;
  /** Serve HTTPS with this certificate chain and key (default: plain HTTP). */
  tls?: { cert: string; key: string };
  /** Who may call (default: anyone, as on an open cluster). */
  guard?: KubeletGuard;
}

/** A running log server. */
export interface LogServer {
  /** The port actually bound (the one to publish in the Node). */
  port: number;
  address: string;
  /** "https" or "http". */
  scheme: string;
  /** Stops serving (following log streams are cut). */
  close(): Promise<void>;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Binds the server; throws a sentence naming the address when the port cannot be used. */
export async function startLogServer(opts: LogServerOptions): Promise<LogServer> {
  const logs = containerLogsHandler(opts.runtime, opts.lookup);
  const address = opts.address ?? "127.0.0.1";
  // Aborted on close: cuts following log streams so the server can shut down.
  const streams = new AbortController();
  const handler = async (req: Request, conn: ConnInfo): Promise<Response> => {
    const path = new URL(req.url).pathname;
    const refused = await opts.guard?.check(req, conn);
    if (refused) return refused;
    if (path === "/healthz") return text(200, "ok");
    if (path === "/metrics" && opts.metrics) {
      return new Response(opts.metrics(), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      });
    }
    if (path === "/pods" && opts.pods) {
      return new Response(
        JSON.stringify({ kind: "PodList", apiVersion: "v1", items: opts.pods() }),
        { headers: { "content-type": "application/json" } },
      );
    }
    try {
      const res = await logs(req);
      if (!res) {
        return text(404, `${path} is not served here; try /containerLogs/NS/POD/CONTAINER\n`);
      }
      if (!res.body) return res;
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      res.body.pipeTo(writable, { signal: streams.signal }).catch(() => {});
      return new Response(readable, { status: res.status, headers: res.headers });
    } catch (e) {
      return text(500, `reading the logs failed: ${e instanceof Error ? e.message : e}\n`);
    }
  };
  let server: FrontServer;
  try {
    const listen = { hostname: address, port: opts.port };
    const onUpgrade = execUpgradeHandler({
      runtime: opts.runtime,
      lookup: opts.lookup,
      guard: opts.guard,
    });
    server = opts.tls
      ? await serveHttps(handler, { ...listen, ...opts.tls, onUpgrade })
      : await serveHttp(handler, { ...listen, onUpgrade });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const why = e instanceof Deno.errors.AddrInUse || /in use/i.test(msg)
      ? "the port is in use; choose another --kubelet-port (0 picks a free one)"
      : msg;
    throw new Error(`cannot serve the kubelet endpoint on ${address}:${opts.port}: ${why}`);
  }
  return {
    port: server.addr.port,
    address,
    scheme: opts.tls ? "https" : "http",
    async close() {
      streams.abort();
      await server.shutdown();
    },
  };
}

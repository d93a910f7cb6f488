/**
 * Runs the apiserver on a socket: `startApiServer` opens the chosen store, builds the handler
 * and binds it with Deno.serve; `close()` ends watches, stops listening and closes the store
 * it opened. `k8sm apiserver`, `k8sm up` and tests all start it this way.
 */
import { openStore } from "../storage/open_store.ts";
import type { Store } from "../storage/store.ts";
import { type ApiHandler, type ApiHandlerOptions, createApiHandler } from "./api_handler.ts";
import { tokenAuthenticator } from "./auth/authenticator.ts";
import { loadTokenFile } from "./auth/token_file.ts";
import { loadTlsOptions, securityBanner, type TlsOptions } from "./auth/tls_options.ts";

/** Options of startApiServer. */
export interface StartApiServerOptions extends Omit<ApiHandlerOptions, "store"> {
  /** Listen address (default 127.0.0.1). */
  address?: string;
  /** Listen port (default 8080; 0 picks a free one). */
  port?: number;
  /** A store to use (left open on close); otherwise one is opened from the options below. */
  store?: Store;
  storage?: "memory" | "sqlite" | "etcd";
  etcdServers?: string[];
  dataDir?: string;
  /** --token-auth-file: static token CSV; requests then need a Bearer token. */
  tokenAuthFile?: string;
  /** --tls-cert-file and --tls-private-key-file: serve HTTPS. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
}

/** A running apiserver. */
export interface RunningApiServer {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  handler: ApiHandler;
  store: Store;
  /** Which backend serves it ("memory", "sqlite <path dir>", "etcd <servers>"). */
  storeDescription: string;
  /** How it is secured (TLS, token auth), for the start-up log. */
  security: string;
  /** Stops serving and releases everything it opened. */
  close(): Promise<void>;
}

/** The store description logged at start. */
function describeStore(opts: StartApiServerOptions): string {
  if (opts.store) return "the given store";
  const servers = (opts.etcdServers ?? []).filter((s) => s.trim() !== "");
  const storage = opts.storage ?? (servers.length > 0 ? "etcd" : "sqlite");
  if (storage === "etcd") return `etcd at ${servers.join(",")}`;
  if (storage === "memory") return "memory (nothing is kept after exit)";
  return `sqlite under ${opts.dataDir ?? "~/.k8sm"}`;
}

/** Binds `handler` on address:port; throws a one-line Error when the port cannot be used. */
export function serveApi(
  handler: (req: Request) => Promise<Response>,
  address: string,
  port: number,
  tls?: TlsOptions,
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({ hostname: address, port, onListen: () => {}, ...tls }, handler);
  } catch (e) {
    const why = e instanceof Deno.errors.AddrInUse
      ? "the address is already in use; stop the other server or choose another --port"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new Error(`cannot listen on ${address}:${port}: ${why}`);
  }
}

/** Starts an apiserver; see StartApiServerOptions. */
export async function startApiServer(opts: StartApiServerOptions = {}): Promise<RunningApiServer> {
  const tls = await loadTlsOptions(opts.tlsCertFile, opts.tlsPrivateKeyFile);
  const tokens = opts.tokenAuthFile ? await loadTokenFile(opts.tokenAuthFile) : undefined;
  const ownsStore = opts.store === undefined;
  const store = opts.store ??
    await openStore({
      storage: opts.storage,
      etcdServers: opts.etcdServers,
      dataDir: opts.dataDir,
    });
  let handler: ApiHandler | undefined;
  try {
    handler = await createApiHandler({
      ...opts,
      store,
      authenticator: opts.authenticator ?? (tokens ? tokenAuthenticator(tokens) : undefined),
    });
    const address = opts.address ?? "127.0.0.1";
    const server = serveApi(handler, address, opts.port ?? 8080, tls);
    const port = server.addr.port;
    const host = address.includes(":")
      ? `[${address}]`
      : address === "0.0.0.0"
      ? "127.0.0.1"
      : address;
    const h = handler;
    let closing: Promise<void> | undefined;
    return {
      url: `${tls ? "https" : "http"}://${host}:${port}`,
      port,
      handler: h,
      store,
      storeDescription: describeStore(opts),
      security: securityBanner(tls !== undefined, tokens !== undefined),
      close: () =>
        closing ??= (async () => {
          await h.close();
          await server.shutdown();
          if (ownsStore) await store.close();
        })(),
    };
  } catch (e) {
    await handler?.close();
    if (ownsStore) await store.close();
    throw e;
  }
}

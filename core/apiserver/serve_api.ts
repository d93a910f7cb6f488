/**
 * Runs the apiserver on sockets: `startApiServer` opens the chosen store, builds the handler
 * and binds it — HTTPS (node:https, so client certificates can authenticate) when a serving
 * certificate is given, else plain HTTP — plus, when asked, the seed's unauthenticated
 * insecure port. `close()` ends watches, stops listening and closes the store it opened.
 * `k8sm apiserver`, `k8sm up` and tests all start it this way.
 */
import { openStore } from "../storage/open_store.ts";
import {
  type EncryptionConfig,
  loadEncryptionConfig,
} from "../storage/encryption/encryption_config.ts";
import type { Store } from "../storage/store.ts";
import { type ApiHandler, type ApiHandlerOptions, createApiHandler } from "./api_handler.ts";
import type { ApiSecurity } from "./auth/api_security.ts";
import { loadApiSecurity, type SecurityFlags, wantsSecurity } from "./auth/load_security.ts";
import { loadTlsOptions, type TlsOptions } from "./auth/tls_options.ts";
import { type FrontServer, serveHttp, serveHttps } from "./https_front.ts";
import { type InflightOptions, limitInflight } from "./inflight_limit.ts";
import {
  type InProcessIdentity,
  type InProcessTransport,
  inProcessTransport,
} from "./in_process_transport.ts";

/** Options of startApiServer. */
export interface StartApiServerOptions
  extends Omit<ApiHandlerOptions, "store">, SecurityFlags, InflightOptions {
  /** Listen address (default 127.0.0.1). */
  address?: string;
  /** Listen port (default 8080; 0 picks a free one). */
  port?: number;
  /** A store to use (left open on close); otherwise one is opened from the options below. */
  store?: Store;
  storage?: "memory" | "sqlite" | "etcd";
  etcdServers?: string[];
  dataDir?: string;
  /**
   * --encryption-provider-config: kube-apiserver's EncryptionConfiguration file; the resources
   * it names are encrypted at rest in sqlite and etcd (the memory store keeps plain objects).
   */
  encryptionProviderConfig?: string;
  /** --tls-cert-file and --tls-private-key-file: serve HTTPS. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /** Serving certificate and key as PEM text (instead of the files). */
  tls?: TlsOptions;
  /** The seed's unauthenticated port: plain HTTP, no authentication or authorization. */
  insecurePort?: { address: string; port: number };
  /** Time a client has to send its request headers before the connection is closed (30 s). */
  headersTimeoutMs?: number;
  /** Time an idle keep-alive connection is kept (60 s). */
  idleTimeoutMs?: number;
}

/** A running apiserver. */
export interface RunningApiServer {
  /** Base URL, e.g. https://127.0.0.1:6443 (the insecure one when that is all there is). */
  url: string;
  port: number;
  /** The insecure port's URL, when one is open. */
  insecureUrl?: string;
  handler: ApiHandler;
  store: Store;
  /** Which backend serves it ("memory", "sqlite <path dir>", "etcd <servers>"). */
  storeDescription: string;
  /** How it is secured (TLS, authentication, authorization), for the start-up log. */
  security: string;
  /**
   * A transport for components in this process: requests go straight to the handler (in-flight
   * limits and all) presenting `identity`'s client certificate, without TLS or sockets.
   */
  inProcess(identity?: InProcessIdentity): InProcessTransport;
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

/** What the start-up log says of encryption at rest ("" without a config). */
function describeEncryption(opts: StartApiServerOptions, config?: EncryptionConfig): string {
  if (config === undefined) return "";
  if (opts.store === undefined && opts.storage === "memory") {
    return "; the encryption provider config does not apply to the memory store";
  }
  const rules = config.rules.map((r) =>
    `${r.resources.join(",")} with ${r.providers.map((p) => p.type).join(", then ")}`
  );
  return `; encrypting at rest: ${rules.join("; ")}`;
}

/** The start-up line saying how the server is secured. */
export function securityBanner(tls: boolean, security: ApiSecurity | undefined): string {
  if (!security) {
    return `serving ${tls ? "HTTPS" : "plain HTTP"} without authentication: anyone who can ` +
      "reach this port can read and change every object (give --client-ca-file, " +
      "--token-auth-file or --service-account-key-file to secure it)";
  }
  const methods = [
    security.clientCaPems?.length ? "client certificates" : "",
    security.tokens ? "static tokens" : "",
    security.serviceAccountKeys?.length ? "service account and node tokens" : "",
  ].filter(Boolean);
  return `serving ${tls ? "HTTPS" : "plain HTTP"}; authentication: ${
    methods.join(", ") || "none configured (every request is refused)"
  }; authorization: ${security.authorizationMode ?? "AlwaysAllow"}`;
}

function urlOf(scheme: string, address: string, port: number): string {
  const host = address.includes(":")
    ? (address === "::" ? "[::1]" : `[${address}]`)
    : address === "0.0.0.0"
    ? "127.0.0.1"
    : address;
  return `${scheme}://${host}:${port}`;
}

/** Starts an apiserver; see StartApiServerOptions. */
export async function startApiServer(opts: StartApiServerOptions = {}): Promise<RunningApiServer> {
  const tls = opts.tls ?? await loadTlsOptions(opts.tlsCertFile, opts.tlsPrivateKeyFile);
  const security = opts.security ?? (wantsSecurity(opts) ? await loadApiSecurity(opts) : undefined);
  const ownsStore = opts.store === undefined;
  const encryption = opts.encryptionProviderConfig
    ? await loadEncryptionConfig(opts.encryptionProviderConfig)
    : undefined;
  const store = opts.store ??
    await openStore({
      storage: opts.storage,
      etcdServers: opts.etcdServers,
      dataDir: opts.dataDir,
      encryption,
    });
  let handler: ApiHandler | undefined;
  const servers: FrontServer[] = [];
  try {
    const h = await createApiHandler({ ...opts, store, security });
    handler = h;
    const address = opts.address ?? "127.0.0.1";
    const listen = {
      hostname: address,
      port: opts.port ?? 8080,
      headersTimeoutMs: opts.headersTimeoutMs,
      idleTimeoutMs: opts.idleTimeoutMs,
    };
    // One set of in-flight limits for every listener, as one kube-apiserver has.
    const limited = limitInflight((req, conn) => h(req, conn), opts);
    const main = tls
      ? await serveHttps(limited, { ...listen, ...tls, onUpgrade: h.upgrade })
      : await serveHttp(limited, { ...listen, onUpgrade: h.upgrade });
    servers.push(main);
    let insecureUrl: string | undefined;
    if (opts.insecurePort) {
      const ip = opts.insecurePort;
      const plain = await serveHttp(
        (req, conn) => limited(req, { ...conn, insecurePort: true }),
        { ...listen, hostname: ip.address, port: ip.port },
      );
      servers.push(plain);
      insecureUrl = urlOf("http", ip.address, plain.addr.port);
    }
    let closing: Promise<void> | undefined;
    return {
      url: urlOf(tls ? "https" : "http", address, main.addr.port),
      port: main.addr.port,
      insecureUrl,
      handler: h,
      store,
      storeDescription: describeStore(opts) + describeEncryption(opts, encryption),
      security: securityBanner(tls !== undefined, security),
      inProcess: (identity) => inProcessTransport(limited, identity, () => closing === undefined),
      close: () =>
        closing ??= (async () => {
          await h.close();
          await Promise.all(servers.map((s) => s.shutdown()));
          if (ownsStore) await store.close();
        })(),
    };
  } catch (e) {
    await Promise.all(servers.map((s) => s.shutdown().catch(() => {})));
    await handler?.close();
    if (ownsStore) await store.close();
    throw e;
  }
}

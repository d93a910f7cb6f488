/**
 * The apiserver as a function from Request to Response (testable without a socket): health,
 * version, metrics, discovery, OpenAPI, `/api/v1` resources and the seed's `/api/v1beta1`.
 * Every failure becomes a Status response; nothing a request does can crash the server.
 */
import { requestUrl } from "./request_url.ts";
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { Store } from "../storage/store.ts";
import { RegistrySet } from "../registry/registry_set.ts";
import { logger } from "../util/log.ts";
import { AccessControl } from "./auth/access_control.ts";
import {
  type ApiSecurity,
  bootstrapRbacObjects,
  buildAuthenticator,
  buildAuthorizer,
} from "./auth/api_security.ts";
import { reviewRoutes } from "./auth/review_routes.ts";
import type { ConnInfo } from "./conn_info.ts";
import { KubeletDialer } from "./kubelet_target.ts";
import { serveDiscovery } from "./discovery/serve_discovery.ts";
import { serveOpenApi } from "./openapi/openapi_v3.ts";
import { openApiV2Response } from "./openapi/openapi_v2.ts";
import { DEFAULT_COMPACTION_INTERVAL_MS, startCompactor } from "./compactor.ts";
import { MeteredStore } from "./metered_store.ts";
import { ApiMetrics } from "./metrics.ts";
import { defaultPatchers, type Patcher } from "./patchers.ts";
import { type RequestInfo, resourceRequestInfo, type Verb } from "./request_info.ts";
import { checkRawPath } from "./path_guard.ts";
import { podEviction } from "./pod_eviction.ts";
import { podLogProxy } from "./pod_log_proxy.ts";
import { podExecUpgrade } from "./pod_exec_proxy.ts";
import { proxySubresourceRoute } from "./proxy_subresource.ts";
import { nodeProxyRoute } from "./node_proxy.ts";
import { dashboardRoute } from "../dashboard/dashboard_route.ts";
import { type DashboardLogins, dashboardLogins } from "../dashboard/login_routes.ts";
import { handleResource } from "./resource_handler.ts";
import type { ResponseShaper } from "./response_shaper.ts";
import { errorResponse, jsonValue, toApiError } from "./responses.ts";
import { tableShaper } from "./table_shaper.ts";
import { handleV1beta1, v1beta1Resource } from "./v1beta1_handler.ts";
import { versionInfo } from "./version_info.ts";
import { type UpgradeHook, withWatchSockets } from "./watch_socket.ts";
import { WatchStreams } from "./watch_stream.ts";

const log = logger("apiserver");

/** A route a plugin adds; undefined = not mine. */
export type ExtraRoute = (req: Request, url: URL) => Promise<Response | undefined>;

/** Options of createApiHandler. */
export interface ApiHandlerOptions {
  store: Store;
  /** --portal-net (default 10.10.10.0/24). */
  portalNet?: string;
  /** --service-node-port-range (default 30000-32767). */
  nodePortRange?: string;
  /** Events the watch cache keeps for replay (default 5,000). */
  watchCacheSize?: number;
  /** Mark bound pods for graceful deletion instead of removing them at once. */
  gracefulPodDeletion?: boolean;
  /** Idle watch heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** Watch bookmark interval (default 60 s). */
  bookmarkMs?: number;
  /** Extra PATCH formats by content type (added to merge, JSON and strategic merge). */
  patchers?: Map<string, Patcher>;
  /** Response shapers (default: the Table shaper). */
  shapers?: ResponseShaper[];
  /** Routes tried before the built-in ones. */
  routes?: ExtraRoute[];
  /** Subresource handlers served elsewhere, keyed "pods/log". */
  subresources?: Map<string, (req: Request, ri: RequestInfo) => Promise<Response>>;
  /** How often history is compacted (default 5 min; 0 = never). */
  compactionIntervalMs?: number;
  /** Objects created at start when absent (see RegistrySetOptions.bootstrapObjects). */
  bootstrapObjects?: KubeObject[];
  /**
   * Authentication, authorization and admission (401/403); absent = an open server where
   * every request is allowed (tests, the seed's insecure port).
   */
  security?: ApiSecurity;
}

/** The request handler plus what embedders need. */
export interface ApiHandler {
  (req: Request, conn?: ConnInfo): Promise<Response>;
  readonly registries: RegistrySet;
  readonly metrics: ApiMetrics;
  /**
   * Serves `Connection: Upgrade` requests on a listener that can take them: watches over
   * WebSocket (watch_socket.ts) and pods/exec, attach, port-forward and proxy streams.
   */
  readonly upgrade: UpgradeHook;
  /** The dashboard's single-use sign-in links (`k8sm up` mints its printed one here). */
  readonly dashboardLogins: DashboardLogins;
  /** Compacts the store and the watch history at `revision`. */
  compact(revision: number): Promise<void>;
  /** Ends all watches and stops the watch cache (the store stays open). */
  close(): Promise<void>;
}

const VERB_LABEL: Record<Verb, string> = {
  get: "GET",
  list: "LIST",
  watch: "WATCH",
  create: "POST",
  update: "PUT",
  patch: "PATCH",
  delete: "DELETE",
  deletecollection: "DELETECOLLECTION",
};

const TEXT = { "content-type": "text/plain; charset=utf-8" };

/** Builds the handler: starts the watch cache and registries over `opts.store`. */
export async function createApiHandler(opts: ApiHandlerOptions): Promise<ApiHandler> {
  const metrics = new ApiMetrics();
  const store = new MeteredStore(opts.store, metrics);
  const registries = await RegistrySet.open({
    store,
    portalNet: opts.portalNet,
    nodePortRange: opts.nodePortRange,
    watchCacheSize: opts.watchCacheSize,
    gracefulPodDeletion: opts.gracefulPodDeletion,
    bootstrapObjects: [
      ...(opts.security && opts.security.authorizationMode !== "AlwaysAllow"
        ? bootstrapRbacObjects()
        : []),
      ...opts.bootstrapObjects ?? [],
    ],
  });
  const watches = new WatchStreams(registries.cache, {
    heartbeatMs: opts.heartbeatMs,
    bookmarkMs: opts.bookmarkMs,
  });
  metrics.watchersFrom(() => watches.countsByKind());
  const dialer = new KubeletDialer(opts.security?.kubeletClient);
  const patchers = defaultPatchers();
  for (const [k, v] of opts.patchers ?? []) patchers.set(k, v);
  const ctx = {
    registries,
    watches,
    patchers,
    shapers: opts.shapers ?? [tableShaper],
    subresources: new Map([
      ["pods/log", podLogProxy(registries, dialer)],
      ["pods/eviction", podEviction(registries)],
      ...opts.subresources ?? [],
    ]),
  };
  const security = opts.security;
  const access = security
    ? new AccessControl({
      authenticator: buildAuthenticator(security, registries),
      authorizer: buildAuthorizer(security, registries),
      registries,
      patchers,
    })
    : undefined;
  const logins = dashboardLogins({
    access,
    registries,
    signingKey: security?.serviceAccountSigningKey,
    issuer: { issuer: security?.serviceAccountIssuer },
  });
  const routes = [
    ...(access
      ? [reviewRoutes({
        access,
        registries,
        signingKey: security?.serviceAccountSigningKey,
        issuer: { issuer: security?.serviceAccountIssuer },
      })]
      : []),
    proxySubresourceRoute(registries),
    nodeProxyRoute(registries, dialer),
    logins.route,
    dashboardRoute(),
    ...opts.routes ?? [],
  ];

  async function route(req: Request, url: URL, labels: { verb: string; resource: string }) {
    for (const r of routes) {
      const res = await r(req, url);
      if (res !== undefined) return res;
    }
    const path = url.pathname;
    if (
      path === "/healthz" || path === "/readyz" || path === "/livez" || path.startsWith("/healthz/")
    ) {
      return new Response("ok", { headers: TEXT });
    }
    if (path === "/version" || path === "/version/") return jsonValue(200, versionInfo());
    if (path === "/metrics") {
      return new Response(metrics.render(), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      });
    }
    if (path === "/openapi/v2" || path === "/openapi/v2/") {
      return openApiV2Response(req.headers.get("accept"));
    }
    if (path.startsWith("/openapi/")) {
      const doc = await serveOpenApi(path);
      if (doc !== undefined) return jsonValue(200, doc);
      throw notFoundPath(req, path);
    }
    const disc = req.method === "GET"
      ? serveDiscovery(path, req.headers.get("accept"), url.host)
      : undefined;
    if (disc !== undefined) {
      return new Response(JSON.stringify(disc.body), {
        headers: { "content-type": disc.contentType },
      });
    }
    const segments = splitPath(path);
    const ri = resourceRequestInfo(segments, req.method, url.searchParams);
    if (ri !== undefined) {
      labels.verb = VERB_LABEL[ri.verb];
      labels.resource = ri.subresource ? `${ri.info.resource}/${ri.subresource}` : ri.info.resource;
      return await handleResource(ctx, req, url, ri);
    }
    if (segments[0] === "api" && segments[1] === "v1beta1" && segments.length > 2) {
      labels.resource = v1beta1Resource(segments[2]);
      return await handleV1beta1(registries, req, url, segments.slice(2));
    }
    throw notFoundPath(req, path);
  }

  const handler = async (req: Request, conn?: ConnInfo): Promise<Response> => {
    const t0 = performance.now();
    const labels = { verb: req.method, resource: "" };
    let res: Response;
    try {
      const url = requestUrl(req);
      const gate = conn?.insecurePort ? undefined : access;
      await gate?.authenticate(req, conn, url);
      checkRawPath(conn?.rawTarget ?? req.url);
      await gate?.authorize(req, url, splitPath(url.pathname));
      res = await route(req, url, labels);
    } catch (e) {
      const err = toApiError(e);
      if (err.code >= 500) log.error(`${req.method} ${req.url}: ${err.message}`);
      res = errorResponse(err);
    }
    const watch = labels.verb === "WATCH" && res.status === 200;
    metrics.request(
      labels.verb,
      labels.resource,
      res.status,
      watch ? undefined : (performance.now() - t0) / 1000,
    );
    return res;
  };

  const compactor = startCompactor(
    registries.cache,
    opts.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS,
  );
  return Object.assign(handler, {
    registries,
    metrics,
    upgrade: withWatchSockets(handler, podExecUpgrade({ access, registries, dialer })),
    dashboardLogins: logins,
    compact: (revision: number) => registries.cache.compact(revision),
    close: async () => {
      compactor.stop();
      dialer.close();
      watches.closeAll();
      await registries.close();
    },
  });
}

function splitPath(path: string): string[] {
  try {
    return path.split("/").filter((s) => s !== "").map(decodeURIComponent);
  } catch {
    throw errors.badRequest(`the request path ${path} is not validly URL-encoded`);
  }
}

function notFoundPath(req: Request, path: string): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(
    404,
    "NotFound",
    `the server could not find the requested resource (${req.method} ${path})`,
  ));
}

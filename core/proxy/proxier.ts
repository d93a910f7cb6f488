/**
 * The proxier of `k8sm proxy`: watches services and endpoints and keeps one ProxySocket per TCP
 * service port, balancing round robin over the port's ready endpoints (ClientIP affinity when
 * the service asks). A port listens on the service's `nodePort` when it has one; otherwise on
 * a free local port, recorded in the service annotation `k8s.mesosphere.io/proxyPort-<port
 * name or number>` so that every proxy (and a restarted one) listens on the same port when it
 * can. In iptables mode, `clusterIP:port` is redirected to the listener as well; in userspace
 * mode a loopback clusterIP (127.0.0.0/8, local on Linux without any alias) gets a second
 * listener on `clusterIP:port` itself, so the host reaches it with no extra setup.
 */
import type { Endpoints } from "../api/types/endpoints.ts";
import type { EndpointSlice } from "../api/types/endpoint_slice.ts";
import type { Service, ServicePort } from "../api/types/service.ts";
import { describeError } from "../client/client_errors.ts";
import { Informer, objectKey } from "../client/informer.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { logger } from "../util/log.ts";
import { IptablesPortals } from "./iptables_portals.ts";
import { isLoopbackIPv4, LoopbackPortal } from "./loopback_portal.ts";
import { ProxySocket, type ProxySocketStats } from "./proxy_socket.ts";
import { type Endpoint, RoundRobin } from "./round_robin.ts";
import { serviceOfSlice, sliceEndpoints } from "./slice_endpoints.ts";

const log = logger("proxy");

export { isLoopbackIPv4 } from "./loopback_portal.ts";

/** The annotation prefix recording the local port of a service port without a nodePort. */
export const PROXY_PORT_ANNOTATION_PREFIX = "k8s.mesosphere.io/proxyPort-";

/** The annotation recording the proxy port of service port `sp`. */
export function proxyPortAnnotation(sp: ServicePort): string {
  return PROXY_PORT_ANNOTATION_PREFIX + (sp.name || String(sp.port));
}

/** Settings of the proxier. */
export interface ProxierOptions {
  api: RestConfig;
  /** userspace (default): listeners only; iptables: also redirect clusterIP:port to them. */
  mode?: "userspace" | "iptables";
  /** Address the listeners bind (default 0.0.0.0). */
  bindAddress?: string;
  /** The nat chain of iptables mode (default K8SM-PORTALS). */
  iptablesChain?: string;
  /** Record chosen ports in service annotations (default true). */
  recordPorts?: boolean;
  /** Called when a service port starts listening (for `k8sm up`'s output). */
  onListen?: (p: ProxiedPort) => void;
}

/** One proxied service port as the proxier currently runs it. */
export interface ProxiedPort {
  /** "namespace/name". */
  service: string;
  /** The service port's name ("" when unnamed). */
  portName: string;
  /** The service port number (the clusterIP's port). */
  servicePort: number;
  clusterIP?: string;
  /** The local listener's port. */
  port: number;
  endpoints: readonly Endpoint[];
  /** Connection counters of the listener. */
  stats: Readonly<ProxySocketStats>;
  /** True when a userspace listener answers on `clusterIP:servicePort` itself. */
  clusterIPListening: boolean;
}

interface PortState {
  service: string;
  sp: ServicePort;
  clusterIP?: string;
  socket: ProxySocket;
  balancer: RoundRobin;
  /** The userspace listener on a loopback `clusterIP:port` and its bookkeeping. */
  portal: LoopbackPortal;
}

/** Keeps listeners in step with services and their endpoints. */
export class Proxier {
  readonly #opts: ProxierOptions;
  readonly #client: RestClient;
  readonly #services: Informer<Service>;
  readonly #endpoints: Informer<Endpoints>;
  /** EndpointSlices win over Endpoints for a Service that has some (as kube-proxy reads). */
  readonly #slices: Informer<EndpointSlice>;
  readonly #ports = new Map<string, PortState>();
  #portals: IptablesPortals | undefined;
  #closed = false;

  constructor(opts: ProxierOptions) {
    this.#opts = opts;
    this.#client = new RestClient({ userAgent: "k8sm-proxy", ...opts.api });
    this.#services = new Informer<Service>(this.#client, {
      ref: { resource: "services" },
      resyncMs: 30_000,
      log,
    });
    this.#endpoints = new Informer<Endpoints>(this.#client, {
      ref: { resource: "endpoints" },
      log,
    });
    this.#slices = new Informer<EndpointSlice>(this.#client, {
      ref: { resource: "endpointslices", groupVersion: "discovery.k8s.io/v1" },
      log,
    });
  }

  /** Opens the iptables chain (iptables mode), starts watching and waits for the first sync. */
  async start(): Promise<void> {
    if (this.#opts.mode === "iptables") {
      this.#portals = await IptablesPortals.open(this.#opts.iptablesChain);
    }
    await this.#endpoints.addHandlers({
      onAdd: (e) => this.#applyEndpoints(objectKey(e)),
      onUpdate: (_o, e) => this.#applyEndpoints(objectKey(e)),
      onDelete: (e) => this.#applyEndpoints(objectKey(e)),
    });
    const sliced = (e: EndpointSlice) => {
      const key = serviceOfSlice(e);
      if (key) this.#applyEndpoints(key);
    };
    await this.#slices.addHandlers({
      onAdd: sliced,
      onUpdate: (_o, e) => sliced(e),
      onDelete: sliced,
    });
    await this.#services.addHandlers({
      onAdd: (s) => this.#syncService(objectKey(s)),
      onUpdate: (_o, s) => this.#syncService(objectKey(s)),
      onDelete: (s) => this.#syncService(objectKey(s)),
    });
    this.#endpoints.start();
    this.#slices.start();
    this.#services.start();
    await Promise.all(
      [this.#endpoints, this.#slices, this.#services].map((i) => i.waitForSync()),
    );
  }

  /** The proxied service ports. */
  ports(): ProxiedPort[] {
    return [...this.#ports.values()].map((s) => ({
      service: s.service,
      portName: s.sp.name ?? "",
      servicePort: s.sp.port,
      clusterIP: s.clusterIP,
      port: s.socket.port,
      endpoints: s.balancer.endpoints(),
      stats: s.socket.stats,
      clusterIPListening: s.portal.listening,
    }));
  }

  /** The proxied port of service `namespace/name` (its first port, or the one named). */
  port(service: string, portName?: string): ProxiedPort | undefined {
    return this.ports().find((p) =>
      p.service === service && (portName === undefined || p.portName === portName)
    );
  }

  /** Closes every listener and connection, removes the iptables chain, stops watching. */
  async stop(): Promise<void> {
    this.#closed = true;
    // Listeners go first; a watch that is slow to end must not keep the ports open.
    const informers = Promise.all(
      [this.#services, this.#endpoints, this.#slices].map((i) => i.stop()),
    );
    await Promise.all(
      [...this.#ports.values()].map((s) => Promise.all([s.socket.close(), s.portal.close()])),
    );
    this.#ports.clear();
    await this.#portals?.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      informers,
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.warn("the service/endpoints watches did not end within 5 s; going on");
          resolve();
        }, 5000);
      }),
    ]);
    clearTimeout(timer);
    this.#client.close();
  }

  async #syncService(key: string): Promise<void> {
    if (this.#closed) return;
    const svc = this.#services.get(key);
    const spec = svc?.spec;
    const proxied = spec && spec.type !== "ExternalName" && spec.clusterIP !== "None"
      ? (spec.ports ?? []).filter((p) => (p.protocol ?? "TCP") === "TCP")
      : [];
    const wanted = new Map(proxied.map((sp) => [`${key}:${sp.name || sp.port}`, sp]));
    for (const [k, st] of this.#ports) {
      if (st.service === key && !wanted.has(k)) {
        this.#ports.delete(k);
        await st.socket.close();
        await st.portal.close();
        log.info(`stopped proxying ${k}`);
      }
    }
    for (const [k, sp] of wanted) {
      await this.#syncPort(k, key, svc!, sp);
    }
    await this.#applyEndpoints(key);
    await this.#syncPortals();
  }

  async #syncPort(k: string, key: string, svc: Service, sp: ServicePort): Promise<void> {
    const recorded = Number(svc.metadata.annotations?.[proxyPortAnnotation(sp)] ?? 0) || 0;
    const want = sp.nodePort || recorded;
    const affinity = {
      clientIP: svc.spec?.sessionAffinity === "ClientIP",
      timeoutSeconds: svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800,
    };
    const st = this.#ports.get(k);
    if (st && (want === 0 || st.socket.port === want)) {
      st.sp = sp;
      st.clusterIP = svc.spec?.clusterIP;
      st.balancer.setAffinity(affinity);
      await st.portal.sync(k, this.#loopbackTarget(st), st.balancer, st.socket.port);
      return;
    }
    const balancer = st?.balancer ?? new RoundRobin();
    balancer.setAffinity(affinity);
    if (st) {
      this.#ports.delete(k);
      await st.socket.close();
      await st.portal.close();
    }
    const socket = this.#listen(k, balancer, want, sp.nodePort !== undefined && sp.nodePort > 0);
    if (!socket) return;
    const state: PortState = {
      service: key,
      sp,
      clusterIP: svc.spec?.clusterIP,
      socket,
      balancer,
      portal: new LoopbackPortal(),
    };
    this.#ports.set(k, state);
    await state.portal.sync(k, this.#loopbackTarget(state), balancer, socket.port);
    log.info(
      `proxying ${k} (clusterIP ${
        svc.spec?.clusterIP ?? "none"
      }:${sp.port}) on port ${socket.port}`,
    );
    if (!sp.nodePort && socket.port !== recorded && this.#opts.recordPorts !== false) {
      await this.#client.patch(
        {
          resource: "services",
          namespace: svc.metadata.namespace,
          name: svc.metadata.name,
        },
        { metadata: { annotations: { [proxyPortAnnotation(sp)]: String(socket.port) } } },
        "merge",
      )
        .catch((e) => log.warn(`could not record the proxy port of ${k}: ${describeError(e)}`));
    }
    this.#opts.onListen?.(this.ports().find((p) => p.port === socket.port)!);
  }

  #listen(
    k: string,
    balancer: RoundRobin,
    port: number,
    isNodePort: boolean,
  ): ProxySocket | undefined {
    const host = this.#opts.bindAddress ?? "0.0.0.0";
    try {
      return ProxySocket.listen(k, balancer, port, host);
    } catch (e) {
      if (isNodePort) {
        log.error(
          `cannot listen on nodePort ${port} for ${k} (${
            (e as Error).message
          }); free the port or change the service's nodePort`,
        );
        return undefined;
      }
      log.warn(`port ${port} for ${k} is taken (${(e as Error).message}); using a free port`);
      return ProxySocket.listen(k, balancer, 0, host);
    }
  }

  /** Userspace mode: the clusterIP:port to listen on too (loopback clusterIPs only). */
  #loopbackTarget(st: PortState): string | undefined {
    return this.#opts.mode !== "iptables" && isLoopbackIPv4(st.clusterIP)
      ? `${st.clusterIP}:${st.sp.port}`
      : undefined;
  }

  #applyEndpoints(key: string): void {
    const ep = this.#endpoints.get(key);
    const slices = this.#slices.list().filter((s) => serviceOfSlice(s) === key);
    for (const st of this.#ports.values()) {
      if (st.service !== key) continue;
      const backends = slices.length > 0
        ? sliceEndpoints(slices, st.sp)
        : readyEndpoints(ep, st.sp);
      st.balancer.setEndpoints(backends);
    }
  }

  async #syncPortals(): Promise<void> {
    if (!this.#portals) return;
    const portals = [...this.#ports.values()]
      .filter((s) => s.clusterIP && s.clusterIP !== "None")
      .map((s) => ({ ip: s.clusterIP!, port: s.sp.port, toPort: s.socket.port }));
    await this.#portals.sync(portals);
  }
}

/** The ready addresses of `ep` for service port `sp` (matched by port name). */
export function readyEndpoints(ep: Endpoints | undefined, sp: ServicePort): Endpoint[] {
  const out: Endpoint[] = [];
  for (const subset of ep?.subsets ?? []) {
    const port = subset.ports?.find((p) => (p.name ?? "") === (sp.name ?? "")) ??
      (subset.ports?.length === 1 && !sp.name ? subset.ports[0] : undefined);
    if (!port) continue;
    for (const a of subset.addresses ?? []) out.push({ host: a.ip, port: port.port });
  }
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
}

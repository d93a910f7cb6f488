/**
 * Where the apiserver may reach a node's executor (its kubelet endpoint), and how: only a Node
 * the scheduler registered for a Mesos agent (`spec.providerID` = `mesos://<agent id>`), at the
 * address the scheduler wrote (InternalIP, else Hostname) and the port the executor published.
 * On a secured cluster the connection is HTTPS pinned to the serving certificate the executor
 * published on its Node, and the apiserver presents its kubelet client certificate; so a Node
 * pointed at another host:port yields a TLS failure, never that service's answer.
 */
import * as errors from "../api/status.ts";
import type { Node } from "../api/types/node.ts";

/**
 * The Node annotation holding the PEM CA certificate the executor's kubelet endpoint serving
 * certificate is signed by (the executor's own, made at its start): what the apiserver pins.
 */
export const KUBELET_SERVING_CERT_ANNOTATION = "k8s.mesosphere.io/kubelet-serving-cert";

/** The prefix of the providerID the scheduler gives the Nodes of Mesos agents. */
export const MESOS_PROVIDER_PREFIX = "mesos://";

/** The apiserver's client identity towards executors (`--kubelet-client-certificate/-key`). */
export interface KubeletClientIdentity {
  certChain: string;
  privateKey: string;
}

/** A resolved kubelet endpoint: its base URL and, over HTTPS, the certificate to pin. */
export interface KubeletTarget {
  baseUrl: string;
  /** The pinned CA of the serving certificate (PEM); absent for plain-HTTP executors. */
  servingCertPem?: string;
}

function unavailable(message: string): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(503, "ServiceUnavailable", message));
}

/**
 * Resolves the kubelet endpoint of `node`. With `secured` (the apiserver has a kubelet client
 * identity) the node must have published its serving certificate; throws a Status otherwise.
 */
export function kubeletTarget(node: Node, secured: boolean): KubeletTarget {
  const name = node.metadata.name ?? "";
  if (!node.spec?.providerID?.startsWith(MESOS_PROVIDER_PREFIX)) {
    throw errors.badRequest(
      `node ${name} is not a Mesos agent registered by the k8sm scheduler (its spec.providerID ` +
        `is ${JSON.stringify(node.spec?.providerID ?? "")}); the apiserver only connects to ` +
        "registered agents",
    );
  }
  const addrs = node.status?.addresses ?? [];
  const host = addrs.find((a) => a.type === "InternalIP")?.address ??
    addrs.find((a) => a.type === "Hostname")?.address ?? "";
  if (host === "" || /[\s/?#@[\]]/.test(host.replace(/^\[|\]$/g, "").replaceAll(":", ""))) {
    throw unavailable(`node ${name} has no usable InternalIP or Hostname address (${host})`);
  }
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!Number.isInteger(port) || port === undefined || port < 1 || port > 65535) {
    throw errors.badRequest(
      `node ${name} has published no kubelet port (status.daemonEndpoints.kubeletEndpoint); ` +
        "is a k8sm executor running there?",
    );
  }
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const pem = node.metadata.annotations?.[KUBELET_SERVING_CERT_ANNOTATION];
  const published = pem !== undefined && pem.includes("-----BEGIN CERTIFICATE-----");
  if (published) return { baseUrl: `https://${hostPart}:${port}`, servingCertPem: pem };
  if (secured) {
    throw unavailable(
      `node ${name} has published no kubelet serving certificate (annotation ` +
        `${KUBELET_SERVING_CERT_ANNOTATION}); its executor may still be starting`,
    );
  }
  return { baseUrl: `http://${hostPart}:${port}` };
}

/** Opens fetches to kubelet endpoints with the apiserver's identity, one client per pin. */
export class KubeletDialer {
  readonly #identity: KubeletClientIdentity | undefined;
  readonly #clients = new Map<string, Deno.HttpClient>();

  constructor(identity: KubeletClientIdentity | undefined) {
    this.#identity = identity;
  }

  /** True when executors are reached over pinned HTTPS with a client certificate. */
  get secured(): boolean {
    return this.#identity !== undefined;
  }

  /** The client certificate and key presented to executors (absent on open clusters). */
  get identity(): KubeletClientIdentity | undefined {
    return this.#identity;
  }

  /** Fetches `path` (with query) from the node's executor. */
  fetch(target: KubeletTarget, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    const url = `${target.baseUrl}${pathAndQuery}`;
    if (!target.servingCertPem) return fetch(url, init);
    let client = this.#clients.get(target.servingCertPem);
    if (!client) {
      const caCerts = [target.servingCertPem];
      const id = this.#identity;
      client = id
        ? Deno.createHttpClient({ caCerts, cert: id.certChain, key: id.privateKey })
        : Deno.createHttpClient({ caCerts });
      if (this.#clients.size > 256) this.close();
      this.#clients.set(target.servingCertPem, client);
    }
    return fetch(url, { ...init, client });
  }

  /** Releases every TLS client. */
  close(): void {
    for (const c of this.#clients.values()) c.close();
    this.#clients.clear();
  }
}

/**
 * Publishes the executor's log server port as `status.daemonEndpoints.kubeletEndpoint.Port` of
 * the Node named after its agent's hostname (and its serving CA as an annotation), so the apiserver's `pods/{name}/log` finds it. The
 * scheduler's node registrar owns the rest of the Node: this only merge-patches that one field,
 * waits for the Node to exist, and re-checks now and then that the port is still there.
 */
import type { Node, NodeSystemInfo } from "../api/types/node.ts";
import { KUBELET_SERVING_CERT_ANNOTATION } from "../apiserver/kubelet_target.ts";
import { isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { delay } from "../util/backoff.ts";
import { logger } from "../util/log.ts";

const log = logger("executor");

/** Options of a NodePublisher. */
export interface NodePublisherOptions {
  client: RestClient;
  /** The Node's name (the agent hostname). */
  nodeName: string;
  /** The log server's port. */
  port: number;
  /** How often to retry while the Node does not exist (default 1 s). */
  retryMs?: number;
  /** How often to re-check a published port (default 30 s). */
  recheckMs?: number;
  /** PEM CA of the endpoint's serving certificate, published as a Node annotation. */
  servingCaPem?: string;
  /** The kubelet's `status.nodeInfo` (versions, OS, kernel, runtime), published with the port. */
  nodeInfo?: () => Promise<NodeSystemInfo>;
}

/** Keeps the kubelet endpoint port on the Node until closed. */
export class NodePublisher {
  readonly #opts: NodePublisherOptions;
  readonly #abort = new AbortController();
  readonly #loop: Promise<void>;
  #published = false;
  #info?: NodeSystemInfo;
  readonly #first = Promise.withResolvers<void>();

  constructor(opts: NodePublisherOptions) {
    this.#opts = opts;
    this.#loop = this.#run();
  }

  /** True once the port was written to the Node. */
  get published(): boolean {
    return this.#published;
  }

  /** Resolves once the port is on the Node (never, if it never is: race it with a timeout). */
  get firstPublished(): Promise<void> {
    return this.#first.promise;
  }

  async #run(): Promise<void> {
    const { client, nodeName, port } = this.#opts;
    const ref = { resource: "nodes", name: nodeName };
    let warned = false;
    while (!this.#abort.signal.aborted) {
      let wait = this.#opts.retryMs ?? 1000;
      try {
        const node = await client.get<Node>(ref);
        const pem = this.#opts.servingCaPem;
        if (pem && node.metadata.annotations?.[KUBELET_SERVING_CERT_ANNOTATION] !== pem) {
          await client.patch(
            ref,
            { metadata: { annotations: { [KUBELET_SERVING_CERT_ANNOTATION]: pem } } },
            "merge",
          );
        }
        this.#info ??= await this.#opts.nodeInfo?.();
        const info = this.#info;
        const infoStale = info !== undefined &&
          JSON.stringify(node.status?.nodeInfo) !== JSON.stringify(info);
        if (node.status?.daemonEndpoints?.kubeletEndpoint?.Port !== port || infoStale) {
          await client.patch(
            { ...ref, subresource: "status" },
            {
              status: {
                daemonEndpoints: { kubeletEndpoint: { Port: port } },
                ...(info ? { nodeInfo: info } : {}),
              },
            },
            "merge",
          );
          log.info(`published kubelet port ${port} and node info on Node ${nodeName}`);
        }
        this.#published = true;
        this.#first.resolve();
        wait = this.#opts.recheckMs ?? 30_000;
      } catch (e) {
        if (!warned && !this.#abort.signal.aborted) {
          log.warn(
            isNotFound(e)
              ? `Node ${nodeName} does not exist yet; the log port is published once the ` +
                `scheduler registered it`
              : `cannot publish the log port on Node ${nodeName}, retrying: ${
                e instanceof Error ? e.message : e
              }`,
          );
          warned = true;
        }
      }
      await delay(wait, this.#abort.signal);
    }
  }

  /** Stops re-checking. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }
}

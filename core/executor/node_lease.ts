/**
 * The executor's node heartbeat, as the kubelet's: the coordination.k8s.io/v1 Lease named after
 * its node in `kube-node-lease`, holder = the node, `leaseDurationSeconds` 40, renewed every
 * 10 s (created when missing, then replaced with the resourceVersion the last write returned: one
 * request a renewal; a conflict or a deleted Lease makes it read the Lease again). The scheduler's node registrar marks the Node NotReady once it lapses.
 * With a node identity, NodeRestriction lets an executor write only its own node's Lease.
 */
import { type Lease, microTime, NODE_LEASE_NAMESPACE } from "../api/groups/leases.ts";
import { ApiError, isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { logger } from "../util/log.ts";

const log = logger("executor");

/** Options of a NodeLease. */
export interface NodeLeaseOptions {
  client: RestClient;
  /** The node (the agent's hostname): the Lease's name and holder. */
  nodeName: string;
  /** Renewal period (default 10 s). */
  renewIntervalMs?: number;
  /** spec.leaseDurationSeconds written (default 40). */
  durationSeconds?: number;
}

/** Renews one node's Lease until closed. */
export class NodeLease {
  readonly #o: NodeLeaseOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #beat: Promise<void> | undefined;
  /** The Lease as the last create or update returned it. */
  #last: Lease | undefined;
  #warned = false;

  /** Starts renewing at once. */
  constructor(opts: NodeLeaseOptions) {
    this.#o = opts;
    this.#renewSoon();
    this.#timer = setInterval(() => this.#renewSoon(), opts.renewIntervalMs ?? 10_000);
  }

  #renewSoon(): void {
    if (this.#beat) return;
    this.#beat = this.renew().catch((e) => {
      if (!this.#warned) log.warn(`could not renew the node Lease: ${(e as Error).message}`);
      this.#warned = true;
    }).finally(() => this.#beat = undefined);
  }

  /**
   * One renewal: creates the Lease, or writes a fresh renewTime into it. The Lease the last write
   * returned is replaced directly (one PUT, as the kubelet does); without one, or when that write
   * meets a conflict (another writer) or a deleted Lease, it is read first (GET, then PUT).
   */
  async renew(): Promise<void> {
    if (this.#last) {
      try {
        this.#last = await this.#replace(this.#last);
        this.#warned = false;
        return;
      } catch (e) {
        this.#last = undefined;
        if (!(e instanceof ApiError && (e.code === 409 || e.code === 404))) throw e;
      }
    }
    const current = await this.#o.client.get<Lease>(this.#ref).catch((e) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (!current) {
      try {
        const spec = this.#spec();
        this.#last = await this.#o.client.create<Lease>(this.#ref, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: this.#o.nodeName, namespace: NODE_LEASE_NAMESPACE },
          spec: { ...spec, acquireTime: spec.renewTime },
        });
        this.#warned = false;
        return;
      } catch (e) {
        if (e instanceof ApiError && e.code === 409) return; // renewed on the next beat
        throw e;
      }
    }
    this.#last = await this.#replace(current);
    this.#warned = false;
  }

  get #ref() {
    return {
      resource: "leases",
      namespace: NODE_LEASE_NAMESPACE,
      name: this.#o.nodeName,
      groupVersion: "coordination.k8s.io/v1",
    };
  }

  #spec() {
    return {
      holderIdentity: this.#o.nodeName,
      leaseDurationSeconds: this.#o.durationSeconds ?? 40,
      renewTime: microTime(),
    };
  }

  /** PUTs `lease` (its resourceVersion guards the write) with a fresh spec; the stored Lease. */
  #replace(lease: Lease): Promise<Lease> {
    return this.#o.client.update<Lease>(this.#ref, {
      ...lease,
      spec: { ...lease.spec, ...this.#spec() },
    });
  }

  /** Stops renewing (the Lease then lapses). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beat;
  }
}

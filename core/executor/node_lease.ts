/**
 * The executor's node heartbeat, as the kubelet's: the coordination.k8s.io/v1 Lease named after
 * its node in `kube-node-lease`, holder = the node, `leaseDurationSeconds` 40, renewed every
 * 10 s (created when missing, replaced with the read resourceVersion, so a conflict is retried
 * on the next beat). The scheduler's node registrar marks the Node NotReady once it lapses.
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

  /** One renewal: creates the Lease, or writes a fresh renewTime into it. */
  async renew(): Promise<void> {
    const { client, nodeName } = this.#o;
    const ref = {
      resource: "leases",
      namespace: NODE_LEASE_NAMESPACE,
      name: nodeName,
      groupVersion: "coordination.k8s.io/v1",
    };
    const spec = {
      holderIdentity: nodeName,
      leaseDurationSeconds: this.#o.durationSeconds ?? 40,
      renewTime: microTime(),
    };
    let current: Lease | undefined;
    try {
      current = await client.get<Lease>(ref);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (!current) {
      try {
        await client.create<Lease>(ref, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE },
          spec: { ...spec, acquireTime: spec.renewTime },
        });
        this.#warned = false;
        return;
      } catch (e) {
        if (e instanceof ApiError && e.code === 409) return; // renewed on the next beat
        throw e;
      }
    }
    await client.update<Lease>(ref, { ...current, spec: { ...current.spec, ...spec } });
    this.#warned = false;
  }

  /** Stops renewing (the Lease then lapses). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beat;
  }
}

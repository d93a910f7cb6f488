/**
 * One Node per Mesos agent: named after the agent hostname, labelled with
 * `kubernetes.io/hostname` and `k8s.mesosphere.io/attribute-<name>`, capacity and allocatable
 * from the agent's offered resources, the agent address, and a Ready condition that is True
 * while the agent sends offers (refreshed at most every `heartbeatMs`) and False once Mesos
 * reports the agent removed, or once the node's Lease in kube-node-lease (renewed by its
 * executor every 10 s) lapsed: not renewed for `leaseGraceMs` (default 40 s). A node whose
 * executor never wrote a Lease follows offers only; a lapsed one is Ready again on renewal.
 */
import type { Node } from "../api/types/node.ts";
import { ApiError, isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { cpus, disk, mem } from "../mesos/resource_query.ts";
import { logger } from "../util/log.ts";
import type { EventRecorder } from "./event_recorder.ts";
import { agentLabels } from "./fit.ts";
import { type MesosOffer, offerAttributes } from "./offer_cache.ts";
import { type Lease, NODE_LEASE_NAMESPACE } from "../api/groups/leases.ts";

const log = logger("scheduler");

interface AgentRecord {
  agentId: string;
  hostname: string;
  ip?: string;
  attributes: Record<string, string>;
  cpus: number;
  memMb: number;
  diskMb: number;
  ready: boolean;
  lastWrite: number;
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

/** Keeps Node objects in step with the agents Mesos offers. */
export class NodeRegistrar {
  #agents = new Map<string, AgentRecord>();
  #chains = new Map<string, Promise<void>>();
  /** agent id → hostname from the Nodes an earlier run registered (providerID mesos://id). */
  #known = new Map<string, string>();

  /** Hostnames whose Lease lapsed. */
  #lapsed = new Set<string>();
  #leaseCheckedAt = 0;
  #leaseCheck?: Promise<void>;

  constructor(
    readonly client: RestClient,
    readonly events?: EventRecorder,
    readonly heartbeatMs = 30_000,
    /** A node whose Lease was not renewed for this long is NotReady (kubelet: 40 s). */
    readonly leaseGraceMs = 40_000,
  ) {}

  /**
   * Reads the node Leases (at most every quarter of the grace) and marks the Nodes whose
   * Lease lapsed NotReady, and those renewed again Ready. Call it periodically.
   */
  checkLeases(now = Date.now()): void {
    if (this.#leaseCheck || now - this.#leaseCheckedAt < this.leaseGraceMs / 4) return;
    this.#leaseCheckedAt = now;
    this.#leaseCheck = this.#readLeases().catch((e) =>
      log.warn(`could not read node Leases: ${(e as Error).message}`)
    ).finally(() => this.#leaseCheck = undefined);
  }

  async #readLeases(): Promise<void> {
    const list = await this.client.list<Lease>({
      resource: "leases",
      namespace: NODE_LEASE_NAMESPACE,
      groupVersion: "coordination.k8s.io/v1",
    });
    const now = Date.now();
    for (const lease of list.items) {
      const host = lease.metadata.name ?? "";
      const renewed = Date.parse(lease.spec?.renewTime ?? "");
      const rec = [...this.#agents.values()].find((a) => a.hostname === host);
      if (!rec || Number.isNaN(renewed)) continue;
      if (now - renewed > this.leaseGraceMs) {
        if (this.#lapsed.has(host)) continue;
        this.#lapsed.add(host);
        this.#markNotReady(
          rec,
          "NodeLeaseExpired",
          `the executor stopped renewing the node's Lease (last renewed ${lease.spec?.renewTime}, more than ${
            this.leaseGraceMs / 1000
          } s ago)`,
        );
      } else if (this.#lapsed.delete(host) && !rec.ready) {
        rec.ready = true;
        rec.lastWrite = now;
        this.#enqueue(
          rec.agentId,
          () => this.#write(rec, "True", "NodeLeaseRenewed", "the executor renews the Lease"),
        );
      }
    }
  }

  /** The hostname and attributes of every agent seen (for constraints' GROUP_BY). */
  agents(): { agentId: string; hostname: string; attributes: Record<string, string> }[] {
    return [...this.#agents.values()].filter((a) => a.ready);
  }

  /** The hostname of an agent seen in an offer or registered as a Node by an earlier run. */
  hostnameOf(agentId: string): string | undefined {
    return this.#agents.get(agentId)?.hostname ?? this.#known.get(agentId);
  }

  /** Learns agent hostnames from existing Nodes (so a restarted scheduler knows them). */
  async loadExisting(): Promise<void> {
    const list = await this.client.list<Node>({ resource: "nodes" });
    for (const n of list.items) {
      const id = n.spec?.providerID?.match(/^mesos:\/\/(.+)$/)?.[1];
      if (id && n.metadata.name) this.#known.set(id, n.metadata.name);
    }
  }

  /** Notes an offer: creates or refreshes the agent's Node when needed. */
  observeOffer(offer: MesosOffer, now = Date.now()): void {
    const id = offer.agent_id.value;
    const rs = offer.resources ?? [];
    const prev = this.#agents.get(id);
    const address = (offer.url as { address?: { ip?: string } } | undefined)?.address;
    const rec: AgentRecord = {
      agentId: id,
      hostname: offer.hostname,
      ip: address?.ip,
      attributes: offerAttributes(offer),
      cpus: Math.max(prev?.cpus ?? 0, cpus(rs)),
      memMb: Math.max(prev?.memMb ?? 0, mem(rs)),
      diskMb: Math.max(prev?.diskMb ?? 0, disk(rs)),
      ready: !this.#lapsed.has(offer.hostname),
      lastWrite: prev?.lastWrite ?? 0,
    };
    this.#agents.set(id, rec);
    if (!rec.ready) return;
    const changed = !prev || !prev.ready || prev.cpus !== rec.cpus || prev.memMb !== rec.memMb;
    if (changed || now - rec.lastWrite >= this.heartbeatMs) {
      rec.lastWrite = now;
      this.#enqueue(id, () => this.#write(rec, "True", "AgentOffering", "Mesos agent is offering"));
    }
  }

  /** Marks the agent's Node NotReady (Mesos removed the agent). */
  agentLost(agentId: string, why: string): void {
    const rec = this.#agents.get(agentId);
    if (rec) this.#markNotReady(rec, "AgentRemoved", why);
  }

  #markNotReady(rec: AgentRecord, reason: string, why: string): void {
    if (!rec.ready) return;
    rec.ready = false;
    rec.lastWrite = Date.now();
    this.#enqueue(rec.agentId, async () => {
      await this.#write(rec, "False", reason, why);
      this.events?.record(
        { kind: "Node", metadata: { name: rec.hostname, uid: rec.hostname } },
        "Warning",
        "NodeNotReady",
        `Node ${rec.hostname} is NotReady: ${why}`,
      );
    });
  }

  /** Waits for pending Lease reads and Node writes. */
  async flush(): Promise<void> {
    await this.#leaseCheck;
    await Promise.allSettled([...this.#chains.values()]);
  }

  #enqueue(agentId: string, fn: () => Promise<void>): void {
    const prev = this.#chains.get(agentId) ?? Promise.resolve();
    const next = prev.then(fn).catch((e) =>
      log.warn(`could not write the Node of agent ${agentId}: ${(e as Error).message}`)
    );
    this.#chains.set(agentId, next);
  }

  async #write(rec: AgentRecord, ready: "True" | "False", reason: string, message: string) {
    const capacity = {
      cpu: String(rec.cpus),
      memory: `${Math.floor(rec.memMb)}Mi`,
      "ephemeral-storage": `${Math.floor(rec.diskMb)}Mi`,
      pods: "110",
    };
    const now = stamp();
    const status: Node["status"] = {
      capacity,
      allocatable: capacity,
      conditions: [{
        type: "Ready",
        status: ready,
        reason,
        message,
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      }],
      addresses: [
        { type: "Hostname", address: rec.hostname },
        ...(rec.ip ? [{ type: "InternalIP" as const, address: rec.ip }] : []),
      ],
    };
    const labels = agentLabels(rec.hostname, rec.attributes);
    const ref = { resource: "nodes", name: rec.hostname };
    let existing: Node | undefined;
    try {
      existing = await this.client.get<Node>(ref);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (!existing) {
      try {
        await this.client.create(ref, {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: rec.hostname, labels },
          spec: { providerID: `mesos://${rec.agentId}` },
          status,
        });
        return;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 409)) throw e;
      }
    } else if (
      labels[Object.keys(labels)[0]] !== existing.metadata.labels?.[Object.keys(labels)[0]]
    ) {
      await this.client.patch(ref, { metadata: { labels } }, "merge");
    }
    const old = existing?.status?.conditions?.find((c) => c.type === "Ready");
    if (old && old.status === ready && status.conditions?.[0]) {
      status.conditions[0].lastTransitionTime = old.lastTransitionTime;
    }
    await this.client.patch({ ...ref, subresource: "status" }, { status }, "merge");
  }
}

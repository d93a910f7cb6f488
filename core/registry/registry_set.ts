/**
 * Every registry of the apiserver over one store and one watch cache: builds the per-kind
 * strategies, rebuilds the ClusterIP/NodePort allocators from the stored services, creates the
 * `default` and `kube-system` namespaces, and implements namespace lifecycle (no creates in a
 * missing or terminating namespace; deleting a namespace deletes what is in it first). Also
 * keeps a `default` ServiceAccount per namespace and creates the bootstrap objects it is given.
 */
import { apiVersionOf, type ResourceInfo, RESOURCES } from "../api/kinds.ts";
import { declarationOf } from "../api/groups/declared_resources.ts";
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { Store, StoredObject } from "../storage/store.ts";
import { ClusterIpAllocator, DEFAULT_PORTAL_NET } from "./cluster_ip_allocator.ts";
import { DEFAULT_NODE_PORT_RANGE, nodePortAllocator } from "./node_port_allocator.ts";
import { collectionPrefix, storageResource } from "./keys.ts";
import { ensureBootstrapObjects } from "./bootstrap_objects.ts";
import { declaredStrategy } from "./declared_strategy.ts";
import { DefaultServiceAccounts } from "./default_service_accounts.ts";
import { nowTimestamp } from "./object_names.ts";
import { podStrategy } from "./pod_strategy.ts";
import { Registry, type RegistryContext, type RegistryHooks } from "./registry.ts";
import { markServiceAllocations, serviceStrategy } from "./service_strategy.ts";
import {
  NAMESPACE_STRATEGY,
  NODE_STRATEGY,
  PLAIN_STRATEGY,
  RC_STRATEGY,
  type Strategy,
} from "./strategy.ts";
import { type CacheEntry, WatchCache } from "./watch_cache.ts";

function phaseOf(obj: StoredObject): string {
  return String((obj.status as { phase?: string } | undefined)?.phase ?? "");
}

/** Namespaces that always exist (kube-node-lease holds the nodes' heartbeat Leases). */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-node-lease"];

/** Namespaces that may not be deleted. */
const UNDELETABLE = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** Options of RegistrySet.open. */
export interface RegistrySetOptions {
  store: Store;
  /** Service network (--portal-net), default 10.10.10.0/24. */
  portalNet?: string;
  /** NodePort range (--service-node-port-range), default 30000-32767. */
  nodePortRange?: string;
  /** Events the watch cache keeps for replay. */
  watchCacheSize?: number;
  /** Pods get deletionTimestamp + grace instead of immediate removal. */
  gracefulPodDeletion?: boolean;
  /**
   * Objects of any served kind created at start when absent; existing ones are kept unless
   * annotated `rbac.authorization.kubernetes.io/autoupdate: "true"` (then reconciled).
   */
  bootstrapObjects?: KubeObject[];
}

/** The registries of every served resource. */
export class RegistrySet {
  readonly #registries = new Map<string, Registry>();
  /** Namespace phase by cache entry (entries are replaced, never mutated, on change). */
  readonly #phases = new WeakMap<CacheEntry, string>();
  #accounts: DefaultServiceAccounts | undefined;

  private constructor(readonly store: Store, readonly cache: WatchCache) {}

  /** Starts the watch cache, rebuilds allocators and ensures the system namespaces. */
  static async open(opts: RegistrySetOptions): Promise<RegistrySet> {
    const ips = new ClusterIpAllocator(opts.portalNet ?? DEFAULT_PORTAL_NET);
    const ports = nodePortAllocator(opts.nodePortRange ?? DEFAULT_NODE_PORT_RANGE);
    const cache = await WatchCache.start(opts.store, { historySize: opts.watchCacheSize });
    const set = new RegistrySet(opts.store, cache);
    try {
      const svcInfo = RESOURCES.find((r) => r.resource === "services");
      if (svcInfo) {
        for (const e of cache.list(collectionPrefix(svcInfo))) {
          markServiceAllocations(JSON.parse(e.json) as KubeObject, ips, ports);
        }
      }
      const ctx: RegistryContext = {
        store: opts.store,
        cache,
        checkNamespace: (ns) => set.#checkNamespace(ns),
      };
      const strategies: Record<string, Strategy> = {
        pods: podStrategy({ gracefulDeletion: opts.gracefulPodDeletion }),
        services: serviceStrategy(ips, ports),
        replicationcontrollers: RC_STRATEGY,
        namespaces: NAMESPACE_STRATEGY,
        nodes: NODE_STRATEGY,
      };
      for (const info of RESOURCES) {
        const hooks: RegistryHooks = info.resource === "namespaces"
          ? { beforeDelete: (_ns, name) => set.#emptyNamespace(name) }
          : {};
        const decl = declarationOf(info);
        const strategy = decl !== undefined
          ? declaredStrategy(decl)
          : info.group === ""
          ? strategies[info.resource] ?? PLAIN_STRATEGY
          : PLAIN_STRATEGY;
        set.#registries.set(storageResource(info), new Registry(info, ctx, strategy, hooks));
      }
      for (const ns of SYSTEM_NAMESPACES) await set.#ensureNamespace(ns);
      set.#accounts = new DefaultServiceAccounts(
        cache,
        set.must("namespaces"),
        set.must("serviceaccounts"),
      );
      await set.#accounts.start();
      await ensureBootstrapObjects(opts.bootstrapObjects ?? [], (obj) => {
        const info = RESOURCES.find((r) =>
          r.kind === obj.kind && apiVersionOf(r) === (obj.apiVersion ?? "v1")
        );
        return info && set.forResource(info);
      });
      return set;
    } catch (e) {
      set.#accounts?.stop();
      await cache.close();
      throw e;
    }
  }

  /**
   * The registry of a resource by storage name (core plural "pods", or
   * "rbac.authorization.k8s.io/roles"), or undefined when not served.
   */
  registry(resource: string): Registry | undefined {
    return this.#registries.get(resource);
  }

  /** The registry of a resource that is known to be served (see `registry`). */
  must(resource: string): Registry {
    const r = this.#registries.get(resource);
    if (r === undefined) throw new Error(`no registry for ${resource}`);
    return r;
  }

  /** The registry serving `info`. */
  forResource(info: ResourceInfo): Registry {
    return this.must(storageResource(info));
  }

  /** Resolves once the default ServiceAccounts being created have been written. */
  serviceAccountsSettled(): Promise<void> {
    return this.#accounts?.settled() ?? Promise.resolve();
  }

  /** Stops the watch cache (the store stays open: its owner closes it). */
  close(): Promise<void> {
    this.#accounts?.stop();
    return this.cache.close();
  }

  async #ensureNamespace(name: string): Promise<void> {
    const nsReg = this.must("namespaces");
    if (await this.store.get(nsReg.key("", name)) !== undefined) return;
    try {
      await nsReg.create("", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    } catch (e) {
      if (!errors.isApiError(e, 409)) throw e;
    }
  }

  async #checkNamespace(ns: string): Promise<void> {
    const nsReg = this.must("namespaces");
    const key = nsReg.key("", ns);
    const cached = this.cache.get(key);
    let phase: string | undefined;
    if (cached !== undefined) {
      phase = this.#phases.get(cached);
      if (phase === undefined) {
        phase = phaseOf(JSON.parse(cached.json) as StoredObject);
        this.#phases.set(cached, phase);
      }
    } else {
      const obj = await this.store.get<StoredObject>(key);
      if (obj === undefined) throw errors.notFound("namespaces", ns);
      phase = phaseOf(obj);
    }
    if (phase === "Terminating") {
      throw errors.forbidden(
        "namespaces",
        ns,
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  /** Marks namespace `name` Terminating, then deletes every object in it. */
  async #emptyNamespace(name: string): Promise<void> {
    if (UNDELETABLE.has(name)) {
      throw errors.forbidden("namespaces", name, "this namespace may not be deleted");
    }
    await this.must("namespaces").mutate("", name, (ns) => ({
      ...ns,
      metadata: {
        ...ns.metadata,
        deletionTimestamp: ns.metadata.deletionTimestamp ?? nowTimestamp(),
      },
      status: { ...(ns.status as object | undefined), phase: "Terminating" },
    }), "system");
    for (const info of RESOURCES) {
      if (!info.namespaced) continue;
      const reg = this.forResource(info);
      const { items } = await this.store.list<StoredObject>(collectionPrefix(info, name));
      for (const obj of items) {
        const objName = String(obj.metadata?.name ?? "");
        try {
          await reg.delete(name, objName, { gracePeriodSeconds: 0 });
        } catch (e) {
          if (!errors.isApiError(e, 404)) throw e;
        }
      }
    }
  }
}

/**
 * Keeps a `default` ServiceAccount in every active namespace, as kube-controller-manager's
 * serviceaccounts controller does, but inside the apiserver (a controller-manager may not run):
 * created for namespaces that exist at start and for new ones, and recreated when deleted.
 * It follows the watch cache, so writes by any apiserver over the same store are seen.
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import { DEFAULT_SERVICE_ACCOUNT } from "../api/groups/service_accounts.ts";
import { logger } from "../util/log.ts";
import type { Registry } from "./registry.ts";
import type { CacheEvent, CacheListener, WatchCache } from "./watch_cache.ts";
import { collectionPrefix } from "./keys.ts";

const log = logger("serviceaccounts");

/** Follows namespaces and service accounts and ensures each namespace's default account. */
export class DefaultServiceAccounts {
  #closed = false;
  readonly #pending = new Set<Promise<void>>();
  #listeners: CacheListener[] = [];

  constructor(
    private readonly cache: WatchCache,
    private readonly namespaces: Registry,
    private readonly accounts: Registry,
  ) {}

  /** Subscribes to the cache and ensures the account in every namespace that exists now. */
  start(): Promise<void> {
    this.#subscribe();
    return this.settled();
  }

  /** Resolves once every creation started so far has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Stops following the cache (creations under way finish on their own). */
  stop(): void {
    this.#closed = true;
    for (const l of this.#listeners) this.cache.unsubscribe(l);
    this.#listeners = [];
  }

  #subscribe(): void {
    if (this.#closed) return;
    const onEnd = () => {
      // The cache resynchronised (or closed): follow it again from its current state.
      if (this.#closed) return;
      for (const l of this.#listeners) this.cache.unsubscribe(l);
      this.#listeners = [];
      queueMicrotask(() => this.#subscribe());
    };
    const nsListener: CacheListener = {
      resource: "namespaces",
      deliver: (ev) => {
        if (ev.type === "ADDED") this.#ensure(namespaceOf(ev));
      },
      end: onEnd,
    };
    const saListener: CacheListener = {
      resource: "serviceaccounts",
      deliver: (ev) => {
        const meta = (JSON.parse(ev.entry.json) as KubeObject).metadata;
        if (ev.type === "DELETED" && meta.name === DEFAULT_SERVICE_ACCOUNT) {
          this.#ensure(meta.namespace ?? "");
        }
      },
      end: onEnd,
    };
    this.#listeners = [nsListener, saListener];
    try {
      const sub = this.cache.subscribe(
        nsListener,
        collectionPrefix(this.namespaces.info),
        undefined,
      );
      this.cache.subscribe(saListener, collectionPrefix(this.accounts.info), this.cache.revision);
      for (const e of sub.snapshot ?? []) {
        this.#ensure((JSON.parse(e.json) as KubeObject).metadata.name ?? "");
      }
    } catch (e) {
      if (!this.#closed) log.warn(`cannot follow namespaces: ${String(e)}`);
    }
  }

  #ensure(namespace: string): void {
    if (namespace === "" || this.#closed) return;
    const key = this.accounts.key(namespace, DEFAULT_SERVICE_ACCOUNT);
    if (this.cache.get(key) !== undefined) return;
    const p = this.accounts.create(namespace, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: DEFAULT_SERVICE_ACCOUNT },
    }).then(() => {}, (e) => {
      // 409: it exists; 404/403: the namespace is gone or terminating. Nothing to do then.
      if (errors.isApiError(e, 409) || errors.isApiError(e, 404) || errors.isApiError(e, 403)) {
        return;
      }
      if (!this.#closed) {
        log.warn(`cannot create the default ServiceAccount in namespace ${namespace}: ${e}`);
      }
    }).finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }
}

function namespaceOf(ev: CacheEvent): string {
  const obj = JSON.parse(ev.entry.json) as KubeObject;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  return phase === "Terminating" ? "" : obj.metadata.name ?? "";
}

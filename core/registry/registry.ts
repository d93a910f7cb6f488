/**
 * The generic registry of one resource: get/list from the watch cache (consistent: it waits
 * until the cache has every committed write), and create/update/delete through the store with
 * the kind's Strategy, defaulting, validation and optimistic concurrency.
 */
import type { ResourceInfo } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import type { Preconditions, Store, StoredObject } from "../storage/store.ts";
import { isStoreError } from "../storage/store.ts";
import { DryRunStore } from "../storage/dry_run_store.ts";
import type { LabelSelector } from "../api/label_selector.ts";
import type { FieldSelector } from "../api/field_selector.ts";
import * as errors from "../api/status.ts";
import { type CacheEntry, makeEntry, type WatchCache } from "./watch_cache.ts";
import { collectionPrefix, objectKey } from "./keys.ts";
import type { Allocation, DeleteOptions, Strategy } from "./strategy.ts";
import { finalized, markForFinalizers } from "./finalizers.ts";
import { prepareCreate, prepareUpdate } from "./object_preparation.ts";
import { markForeground } from "./orphan_dependents.ts";

export { withTypeFirst } from "./object_preparation.ts";

/** A KubeObject as the store holds it. */
type Stored = KubeObject & StoredObject;

/** What every registry shares. */
export interface RegistryContext {
  store: Store;
  cache: WatchCache;
  /** Throws an ApiError (404 or 403) when objects may not be created in `namespace`. */
  checkNamespace(namespace: string): Promise<void>;
}

/** Selection of a list. */
export interface ListOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  /** "0" = any cached state is fine; otherwise the read is consistent. */
  resourceVersion?: string;
  /** At most this many objects (0/absent: all); the rest is reported in `continueKey`. */
  limit?: number;
  /**
   * A later page, or resourceVersionMatch=Exact: the snapshot at `revision` from key `start`
   * on (RevisionExpiredError when the cache no longer reaches back that far).
   */
  continueFrom?: { revision: number; start: string };
}

/** A list result as cached JSON entries. */
export interface EntryList {
  revision: number;
  entries: CacheEntry[];
  /** With a limit that cut the list: the key the next page starts at. */
  continueKey?: string;
  /** With continueKey and no selectors: how many objects the later pages hold. */
  remaining?: number;
}

/** How `mutate` treats what the producer returns. */
export type MutateMode = "update" | "status" | "system";

/** Optional behaviour around deletes (namespaces cascade). */
export interface RegistryHooks {
  /** Runs before an object is deleted; may delete dependents. */
  beforeDelete?(namespace: string, name: string): Promise<void>;
}

/** The registry of one resource. */
export class Registry {
  constructor(
    readonly info: ResourceInfo,
    private readonly ctx: RegistryContext,
    readonly strategy: Strategy,
    private readonly hooks: RegistryHooks = {},
    /** A dry-run registry: checks and returns what a write would do, stores nothing. */
    readonly dry = false,
  ) {}

  /**
   * The same registry for `?dryRun=All`: defaulting, validation and allocation checks run,
   * results come back, but nothing is stored, no allocation is kept and no hook runs.
   */
  dryRun(): Registry {
    if (this.dry) return this;
    const ctx = { ...this.ctx, store: new DryRunStore(this.ctx.store) };
    return new Registry(this.info, ctx, this.strategy, {}, true);
  }

  /** The store key of an object. */
  key(namespace: string, name: string): string {
    return objectKey(this.info, namespace, name);
  }

  /** The cached JSON of one object; 404 when absent. */
  async getEntry(namespace: string, name: string, resourceVersion?: string): Promise<CacheEntry> {
    const key = this.key(namespace, name);
    let entry: CacheEntry | undefined;
    if (resourceVersion === "0" || await this.ctx.cache.fresh()) {
      entry = this.ctx.cache.get(key);
    } else {
      const obj = await this.ctx.store.get<StoredObject>(key);
      entry = obj && makeEntry(key, obj, Number(obj.metadata?.resourceVersion ?? 0));
    }
    if (entry === undefined) throw errors.notFound(this.info.resource, name, this.info.group);
    return entry;
  }

  /**
   * The watch cache's JSON of `obj` (an object this registry just returned from a write) when
   * the cache already holds exactly that revision of it, else undefined: a response can then
   * send the cached bytes instead of serialising the object again.
   */
  writtenEntry(obj: KubeObject): CacheEntry | undefined {
    if (this.dry) return undefined;
    const m = obj.metadata;
    const entry = this.ctx.cache.get(this.key(m.namespace ?? "", m.name ?? ""));
    return entry !== undefined && String(entry.revision) === m.resourceVersion ? entry : undefined;
  }

  /** One object, parsed; 404 when absent. */
  async get(namespace: string, name: string): Promise<KubeObject> {
    return JSON.parse((await this.getEntry(namespace, name)).json) as KubeObject;
  }

  /**
   * The objects of a namespace (or all, with namespace ""), filtered by selectors; with a
   * limit, one page of a consistent snapshot (see ListOptions).
   */
  async list(namespace: string, opts: ListOptions = {}): Promise<EntryList> {
    const prefix = collectionPrefix(this.info, namespace);
    let revision: number;
    let entries: CacheEntry[];
    const from = opts.continueFrom;
    if (from !== undefined) {
      if (from.revision > this.ctx.cache.revision) await this.ctx.cache.fresh();
      revision = from.revision;
      entries = this.#snapshot(prefix, from.revision, from.start);
    } else if (opts.resourceVersion === "0" || await this.ctx.cache.fresh()) {
      revision = this.ctx.cache.revision;
      entries = this.ctx.cache.list(prefix);
    } else {
      const r = await this.ctx.store.list<StoredObject>(prefix);
      revision = r.revision;
      entries = r.items.map((o) => {
        const m = o.metadata ?? {};
        const key = this.key(String(m.namespace ?? ""), String(m.name ?? ""));
        return makeEntry(key, o, Number(m.resourceVersion ?? 0));
      });
    }
    const { labelSelector: ls, fieldSelector: fs } = opts;
    const filtered = (ls && !ls.empty()) || (fs && !fs.empty());
    if (filtered) {
      entries = entries.filter((e) =>
        (!ls || ls.matches(e.labels)) && (!fs || fs.matches(e.fields))
      );
    }
    const limit = opts.limit ?? 0;
    if (limit <= 0 || entries.length <= limit) return { revision, entries };
    const page = entries.slice(0, limit);
    return {
      revision,
      entries: page,
      continueKey: `${page[page.length - 1].key}\u0000`,
      remaining: filtered ? undefined : entries.length - limit,
    };
  }

  #snapshot(prefix: string, revision: number, start: string): CacheEntry[] {
    if (revision > this.ctx.cache.revision) {
      throw errors.badRequest(
        `invalid continue token: resource version ${revision} is newer than the server's; ` +
          "start a new list without the continue parameter",
      );
    }
    return this.ctx.cache.listAt(prefix, revision, start);
  }

  /** Creates an object in `namespace` (ignored for cluster-scoped resources); takes `body` over. */
  async create(namespace: string, body: KubeObject): Promise<KubeObject> {
    const info = this.info;
    if (info.namespaced) await this.ctx.checkNamespace(namespace);
    const generate = !body.metadata.name && !!body.metadata.generateName;
    for (let attempt = 0;; attempt++) {
      // `body` is the caller's to give away: preparing it again on a retry (a generated name
      // that collided) overwrites every server-set field, so no copy is needed.
      const obj = prepareCreate(this.info, this.strategy, namespace, body, generate);
      const allocation = this.strategy.allocate?.(obj);
      try {
        const key = this.key(namespace, obj.metadata.name ?? "");
        const created = await this.ctx.store.create<Stored>(key, obj as Stored);
        if (this.dry) allocation?.release();
        return created;
      } catch (e) {
        allocation?.release();
        if (isStoreError(e, "AlreadyExists")) {
          if (generate && attempt < 5) continue;
          throw errors.alreadyExists(info.resource, obj.metadata.name ?? "", info.group);
        }
        throw this.#mapError(e, obj.metadata.name ?? "");
      }
    }
  }

  /** Replaces an object (PUT): stale metadata.resourceVersion → 409, absent → 404. */
  update(namespace: string, name: string, body: KubeObject): Promise<KubeObject> {
    return this.mutate(namespace, name, () => structuredClone(body), "update");
  }

  /** Replaces an object's status (PUT …/status); everything else is kept. */
  updateStatus(namespace: string, name: string, body: KubeObject): Promise<KubeObject> {
    return this.mutate(namespace, name, () => structuredClone(body), "status");
  }

  /**
   * Read-modify-write: `produce` gets a private copy of the current object and returns the
   * desired one; a resourceVersion it leaves set that is not the current one is a 409.
   * Retried on concurrent writes, so `produce` must be pure.
   */
  async mutate(
    namespace: string,
    name: string,
    produce: (current: KubeObject) => KubeObject,
    mode: MutateMode,
    precondition?: Preconditions,
  ): Promise<KubeObject> {
    let allocation: Allocation | undefined;
    let old: KubeObject | undefined;
    try {
      const result = await this.ctx.store.update<Stored>(
        this.key(namespace, name),
        (current) => {
          allocation?.release();
          allocation = undefined;
          old = current;
          // Stores decode a fresh object per attempt; only strategies that compare old and new
          // after the write (allocations) need `current` kept intact.
          const next = produce(this.strategy.allocate ? structuredClone(current) : current);
          const sent = next?.metadata?.resourceVersion;
          if (sent !== undefined && sent !== "" && sent !== current.metadata.resourceVersion) {
            throw errors.conflict(this.info.resource, name, this.info.group);
          }
          const prepared = prepareUpdate(
            this.info,
            this.strategy,
            namespace,
            name,
            next,
            current,
            mode,
          );
          if (mode === "update") allocation = this.strategy.allocate?.(prepared, current);
          return prepared as Stored;
        },
        precondition,
      );
      if (this.dry) allocation?.release();
      else if (old !== undefined) this.strategy.release?.(old, result);
      if (!this.dry && finalized(result)) {
        return await this.#removeFinalized(namespace, name, result);
      }
      return result;
    } catch (e) {
      allocation?.release();
      throw this.#mapError(e, name);
    }
  }

  /** Deletes an object and returns it (or, for a graceful delete, the marked object). */
  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<KubeObject> {
    await this.hooks.beforeDelete?.(namespace, name);
    const pre: Preconditions | undefined = options.preconditions;
    const current = await this.get(namespace, name);
    if (options.propagationPolicy === "Foreground" && this.strategy.planDelete === undefined) {
      // The garbage collector deletes the dependents, then removes the finalizer.
      return await this.mutate(namespace, name, markForeground, "system", pre);
    }
    if (this.strategy.planDelete !== undefined) {
      const plan = this.strategy.planDelete(current, options);
      if (!plan.now) return await this.mutate(namespace, name, plan.mark, "system", pre);
    }
    if ((current.metadata.finalizers ?? []).length > 0) {
      // Finalizers hold the object: it is only marked; the update removing the last one
      // removes it (see `finalized`).
      return await this.mutate(namespace, name, markForFinalizers, "system", pre);
    }
    try {
      const obj = await this.ctx.store.delete<Stored>(
        this.key(namespace, name),
        pre,
      );
      if (!this.dry) this.strategy.release?.(obj);
      return obj;
    } catch (e) {
      throw this.#mapError(e, name);
    }
  }

  /** Deletes every selected object; returns what was deleted. */
  async deleteCollection(
    namespace: string,
    opts: ListOptions,
    options: DeleteOptions = {},
  ): Promise<KubeObject[]> {
    const { entries } = await this.list(namespace, opts);
    const out: KubeObject[] = [];
    for (const e of entries) {
      const m = (JSON.parse(e.json) as KubeObject).metadata;
      try {
        out.push(await this.delete(m.namespace ?? "", m.name ?? "", options));
      } catch (err) {
        if (!errors.isApiError(err, 404)) throw err;
      }
    }
    return out;
  }

  /** Removes an object whose last finalizer was just cleared (unless it changed meanwhile). */
  async #removeFinalized(namespace: string, name: string, obj: KubeObject): Promise<KubeObject> {
    try {
      const key = this.key(namespace, name);
      const pre = { resourceVersion: obj.metadata.resourceVersion };
      const gone = await this.ctx.store.delete<Stored>(key, pre);
      this.strategy.release?.(gone);
      return gone;
    } catch (e) {
      if (isStoreError(e, "NotFound") || isStoreError(e, "Conflict")) return obj;
      throw this.#mapError(e, name);
    }
  }

  #mapError(e: unknown, name: string): unknown {
    if (errors.isApiError(e)) return e;
    if (isStoreError(e, "NotFound")) {
      return errors.notFound(this.info.resource, name, this.info.group);
    }
    if (isStoreError(e, "Conflict")) {
      return errors.conflict(this.info.resource, name, this.info.group);
    }
    if (isStoreError(e, "AlreadyExists")) {
      return errors.alreadyExists(this.info.resource, name, this.info.group);
    }
    return e;
  }
}

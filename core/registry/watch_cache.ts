/**
 * The apiserver's watch cache (Kubernetes' "cacher"): one store watch for every object under
 * /registry/, kept in memory as serialized JSON plus the few fields selectors need, and a
 * bounded history of recent events. Any number of API watchers, GETs and LISTs are served from
 * it, so N clients never cost N store watches and a LIST never re-serialises objects.
 */
import type { Store, StoredObject, Watch, WatchEvent } from "../storage/store.ts";
import { logger } from "../util/log.ts";
import { type ResourceInfo, RESOURCES } from "../api/kinds.ts";
import { collectionPrefix, objectKey, resourceOfKey, storageResource } from "./keys.ts";
import { type CacheEntry, makeEntry } from "./cache_entry.ts";

export { CacheEntry, makeEntry } from "./cache_entry.ts";

const log = logger("watch-cache");
const SERVED = new Set(RESOURCES.map(storageResource));

/** One change, as the cache records and fans it out. */
export interface CacheEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  revision: number;
  key: string;
  /** The storage resource of the key ("pods", "rbac.authorization.k8s.io/roles"). */
  resource: string;
  /** The object after the change (for DELETED, the last state at the delete revision). */
  entry: CacheEntry;
  /** The object before the change (MODIFIED, DELETED). */
  prev?: CacheEntry;
}

/** Something receiving a resource's live events from the cache. */
export interface CacheListener {
  /** Only events of this storage resource (see storageResource) are delivered. */
  readonly resource: string;
  deliver(ev: CacheEvent): void;
  /** The cache dropped the listener (closing, or resynchronising after a store failure). */
  end(): void;
}

/** What a new subscriber must send before live events. */
export interface Subscription {
  /** Current objects under the prefix (when subscribing from "now"). */
  snapshot?: CacheEntry[];
  /** Past events after the requested revision (when subscribing from a revision). */
  backlog?: CacheEvent[];
  /** The cache revision at subscription time. */
  revision: number;
}

/** Thrown by subscribe when the requested revision is older than the history kept. */
export class RevisionExpiredError extends Error {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = "RevisionExpiredError";
  }
}

/** Options of a WatchCache. */
export interface WatchCacheOptions {
  /** Events kept for replay (default 5,000). */
  historySize?: number;
}

/** The in-memory mirror of the store. Create with `WatchCache.start`. */
export class WatchCache {
  #entries = new Map<string, CacheEntry>();
  #sorted: string[] | undefined;
  #listedAt = new Map<string, number>();
  #history: CacheEvent[] = [];
  #historyStart = 0;
  #revision = 0;
  #watch: Watch<StoredObject> | undefined;
  #waiters = new Set<{ revision: number; resolve: (ok: boolean) => void }>();
  #listeners = new Map<string, Set<CacheListener>>();
  #closed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #loop: Promise<void> = Promise.resolve();
  #probe: Promise<number> | undefined;
  #queuedProbe: Promise<number> | undefined;
  readonly #historySize: number;

  private constructor(private readonly store: Store, options: WatchCacheOptions) {
    this.#historySize = Math.max(1, options.historySize ?? 5000);
  }

  /** Lists the store, starts watching it and resolves once the cache is filled. */
  static async start(store: Store, options: WatchCacheOptions = {}): Promise<WatchCache> {
    const cache = new WatchCache(store, options);
    await cache.#sync();
    return cache;
  }

  /** The newest revision applied. */
  get revision(): number {
    return this.#revision;
  }

  /** The oldest revision a watch may start after. */
  get oldestRevision(): number {
    return this.#historyStart;
  }

  /** Number of registered listeners. */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  /** The cached object at `key`. */
  get(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  /** The sorted keys, sorted once and then kept in order as keys come and go. */
  #keys(): string[] {
    if (this.#sorted === undefined) this.#sorted = [...this.#entries.keys()].sort();
    return this.#sorted;
  }

  /** Puts a new key in its place (re-sorting every key per create cost most of a busy LIST). */
  #sortIn(key: string): void {
    if (this.#sorted === undefined) return;
    this.#sorted.splice(lowerBound(this.#sorted, key), 0, key);
  }

  /** Takes a deleted key out of the sorted keys. */
  #unsort(key: string): void {
    if (this.#sorted === undefined) return;
    const at = lowerBound(this.#sorted, key);
    if (this.#sorted[at] === key) this.#sorted.splice(at, 1);
  }

  /** Every cached object whose key starts with `prefix` (and is not before `from`), in key order. */
  list(prefix: string, from = ""): CacheEntry[] {
    const keys = this.#keys();
    const first = from > prefix ? from : prefix;
    const lo = lowerBound(keys, first);
    const out: CacheEntry[] = [];
    for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) {
      out.push(this.#entries.get(keys[i]) as CacheEntry);
    }
    return out;
  }

  /**
   * The objects under `prefix` from key `from` on as they were at `revision` (a consistent
   * snapshot for paged lists): today's objects with the kept history after `revision` undone.
   * Throws RevisionExpiredError when that history is no longer kept (compacted or rolled over).
   */
  listAt(prefix: string, revision: number, from = ""): CacheEntry[] {
    if (revision < this.#historyStart) throw new RevisionExpiredError(revision, this.#historyStart);
    const current = this.list(prefix, from);
    // The state at `revision` of every key changed since: the oldest later event's "before".
    const then = new Map<string, CacheEntry | null>();
    for (const ev of this.#history) {
      if (ev.revision <= revision || then.has(ev.key)) continue;
      if (!ev.key.startsWith(prefix) || ev.key < from) continue;
      then.set(ev.key, ev.type === "ADDED" ? null : ev.prev ?? null);
    }
    if (then.size === 0) return current;
    const out: CacheEntry[] = [];
    for (const e of current) if (!then.has(e.key)) out.push(e);
    for (const e of then.values()) if (e !== null) out.push(e);
    return out.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }

  /**
   * Waits until the cache has applied every write the store had committed when called.
   * Resolves false when that takes longer than `timeoutMs` (the caller then reads the store).
   */
  async fresh(timeoutMs = 3000): Promise<boolean> {
    const target = await this.#revisionProbe();
    if (this.#revision >= target) return true;
    if (this.#closed) return false;
    return await new Promise<boolean>((resolve) => {
      const waiter = {
        revision: target,
        resolve: (ok: boolean) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /**
   * The store's current revision, read by a probe that started after this call: concurrent
   * callers share one in-flight probe, and callers arriving while one runs share the next.
   */
  #revisionProbe(): Promise<number> {
    if (this.#probe === undefined) {
      const p = this.store.currentRevision();
      this.#probe = p;
      const clear = () => {
        if (this.#probe === p) this.#probe = undefined;
      };
      p.then(clear, clear);
      return p;
    }
    if (this.#queuedProbe === undefined) {
      const queued = this.#probe.then(noop, noop).then(() => {
        if (this.#queuedProbe === queued) this.#queuedProbe = undefined;
        // Any probe running now started after these callers were queued.
        return this.#probe ?? this.#revisionProbe();
      });
      this.#queuedProbe = queued;
    }
    return this.#queuedProbe;
  }

  /**
   * Registers `listener` and returns what precedes live events: with `from` undefined, the
   * current objects under `prefix`; otherwise the history after revision `from` (throws
   * RevisionExpiredError when it is no longer kept). Both happen in one synchronous step.
   */
  subscribe(listener: CacheListener, prefix: string, from: number | undefined): Subscription {
    if (this.#closed) throw new Error("the watch cache is closed");
    let sub: Subscription;
    if (from === undefined) {
      sub = { snapshot: this.list(prefix), revision: this.#revision };
    } else {
      if (from < this.#historyStart) throw new RevisionExpiredError(from, this.#historyStart);
      const backlog: CacheEvent[] = [];
      for (const ev of this.#history) {
        if (ev.revision > from && ev.key.startsWith(prefix)) backlog.push(ev);
      }
      sub = { backlog, revision: this.#revision };
    }
    let set = this.#listeners.get(listener.resource);
    if (set === undefined) this.#listeners.set(listener.resource, set = new Set());
    set.add(listener);
    return sub;
  }

  /** Removes a listener (idempotent). */
  unsubscribe(listener: CacheListener): void {
    this.#listeners.get(listener.resource)?.delete(listener);
  }

  /** Compacts the store at `revision` and forgets cached history up to it. */
  async compact(revision: number): Promise<void> {
    await this.store.compact(revision);
    const upTo = Math.min(revision, this.#revision);
    if (upTo <= this.#historyStart) return;
    this.#history = this.#history.filter((ev) => ev.revision > upTo);
    this.#historyStart = upTo;
  }

  /** Stops watching the store and ends every listener. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#watch?.stop();
    this.#endListeners();
    for (const w of [...this.#waiters]) w.resolve(false);
    return this.#loop;
  }

  async #sync(): Promise<void> {
    // One consistent list per resource (items carry no keys; keys follow from metadata), then
    // one watch from the oldest list revision; per resource, events the list already holds
    // are skipped.
    const listed: { info: ResourceInfo; items: StoredObject[]; revision: number }[] = [];
    for (const info of RESOURCES) {
      const r = await this.store.list<StoredObject>(collectionPrefix(info));
      listed.push({ info, items: r.items, revision: r.revision });
    }
    const from = Math.min(...listed.map((l) => l.revision));
    const watch = await this.store.watch<StoredObject>("/", from);
    this.#entries.clear();
    this.#listedAt.clear();
    for (const { info, items, revision } of listed) {
      this.#listedAt.set(storageResource(info), revision);
      for (const obj of items) {
        const meta = obj.metadata ?? {};
        const key = objectKey(info, String(meta.namespace ?? ""), String(meta.name ?? ""));
        this.#entries.set(key, makeEntry(key, obj, Number(meta.resourceVersion ?? 0)));
      }
    }
    this.#sorted = undefined;
    this.#revision = from;
    this.#history = [];
    this.#historyStart = Math.max(...listed.map((l) => l.revision));
    this.#watch = watch;
    this.#loop = this.#run(watch);
  }

  async #run(watch: Watch<StoredObject>): Promise<void> {
    try {
      for await (const ev of watch) this.#apply(ev);
    } catch (e) {
      if (!this.#closed) log.warn(`the store watch failed (${errorText(e)}); resynchronising`);
    }
    if (this.#closed) return;
    this.#endListeners();
    this.#scheduleResync(100);
  }

  #scheduleResync(delayMs: number): void {
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#closed) return;
      // Watchers that subscribed while the store watch was down saw stale state: end them so
      // their clients watch again from their last resourceVersion.
      this.#sync().then(() => this.#endListeners(), (e) => {
        log.warn(`cannot resynchronise the watch cache (${errorText(e)}); retrying`);
        this.#scheduleResync(Math.min(delayMs * 2, 5000));
      });
    }, delayMs);
  }

  #apply(ev: WatchEvent<StoredObject>): void {
    if (ev.revision > this.#revision) this.#revision = ev.revision;
    const resource = resourceOfKey(ev.key);
    if (SERVED.has(resource) && ev.revision > (this.#listedAt.get(resource) ?? 0)) {
      const prev = this.#entries.get(ev.key);
      const entry = makeEntry(ev.key, ev.object, ev.revision);
      if (ev.type === "DELETED") {
        if (prev !== undefined) this.#unsort(ev.key);
        this.#entries.delete(ev.key);
      } else {
        if (prev === undefined) this.#sortIn(ev.key);
        this.#entries.set(ev.key, entry);
      }
      const cev: CacheEvent = {
        type: ev.type,
        revision: ev.revision,
        key: ev.key,
        resource,
        entry,
      };
      if (prev !== undefined) cev.prev = prev;
      this.#history.push(cev);
      if (this.#history.length > this.#historySize + (this.#historySize >> 3) + 16) {
        const drop = this.#history.length - this.#historySize;
        this.#historyStart = this.#history[drop - 1].revision;
        this.#history = this.#history.slice(drop);
      }
      const set = this.#listeners.get(resource);
      if (set !== undefined) {
        for (const l of set) l.deliver(cev);
      }
    }
    if (this.#waiters.size > 0) {
      for (const w of [...this.#waiters]) if (this.#revision >= w.revision) w.resolve(true);
    }
  }

  #endListeners(): void {
    const all = [...this.#listeners.values()].flatMap((s) => [...s]);
    this.#listeners.clear();
    for (const l of all) l.end();
  }
}

function noop(): void {}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The index of the first of the sorted `keys` that is not before `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

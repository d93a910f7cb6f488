/**
 * The Informer every daemon reads the API through: list, then watch from the list's
 * resourceVersion, keep a local cache keyed by namespace/name, call handlers on add, update
 * and delete; relist on 410 Expired, reconnect with backoff, and resync periodically.
 */
import type { KubeObject } from "../api/object.ts";
import { Backoff, delay } from "../util/backoff.ts";
import { type Logger, logger } from "../util/log.ts";
import { apiTrouble } from "./api_trouble.ts";
import { isExpired } from "./client_errors.ts";
import type { ResourceRef } from "./resource_path.ts";
import type { RestClient } from "./rest_client.ts";

/** Default silence after which a watch is presumed dead and re-established. */
export const WATCH_IDLE_MS = 45_000;

/** Callbacks of an informer; each is awaited in event order. */
export interface InformerHandlers<T extends KubeObject> {
  onAdd?(obj: T): void | Promise<void>;
  onUpdate?(oldObj: T, newObj: T): void | Promise<void>;
  onDelete?(obj: T): void | Promise<void>;
}

/** What an informer watches and how it behaves. */
export interface InformerOptions {
  /** The collection (namespace undefined = every namespace / cluster scope). */
  ref: ResourceRef;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every resyncMs, onUpdate(obj, obj) is called for each cached object; 0 = never (default). */
  resyncMs?: number;
  /** Reconnect backoff; defaults to 100 ms doubling to 10 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Server-side watch timeout asked for, in seconds (the informer rewatches after it). */
  watchTimeoutSeconds?: number;
  /**
   * Rewatch (from the last resourceVersion) when the stream is silent this long; default 45 s,
   * three of the apiserver's 15 s heartbeats, so a dead connection cannot stall the informer.
   */
  watchIdleMs?: number;
  log?: Logger;
}

/** The cache key of an object: "namespace/name", or "name" when cluster-scoped. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ""}` : obj.metadata.name ?? "";
}

/** A list+watch cache of one collection with event handlers. */
export class Informer<T extends KubeObject = KubeObject> {
  readonly #client: RestClient;
  readonly #opts: InformerOptions;
  readonly #cache = new Map<string, T>();
  readonly #handlers: InformerHandlers<T>[] = [];
  readonly #abort = new AbortController();
  readonly #log: Logger;
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #resourceVersion = "";
  #running: Promise<void>[] = [];
  /** Serializes cache changes, their handler calls and replays to new handlers. */
  #turn: Promise<void> = Promise.resolve();

  constructor(client: RestClient, opts: InformerOptions) {
    this.#client = client;
    this.#opts = opts;
    this.#log = opts.log ?? logger("informer");
  }

  /**
   * Registers handlers. When the cache holds objects (synced, or in the middle of delivering a
   * list), they are replayed to the new handlers as adds first, so every object reaches them
   * exactly once. Must not be awaited from inside a handler of the same informer.
   */
  addHandlers(h: InformerHandlers<T>): Promise<void> {
    return this.#exclusive(async () => {
      this.#handlers.push(h);
      for (const obj of this.#cache.values()) await h.onAdd?.(obj);
    });
  }

  /** Starts listing and watching in the background. */
  start(): void {
    if (this.#running.length > 0) return;
    this.#running.push(this.#run());
    if (this.#opts.resyncMs && this.#opts.resyncMs > 0) {
      this.#running.push(this.#resync(this.#opts.resyncMs));
    }
  }

  /** Stops the watch and waits for the background loops to end. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#running);
    for (const w of this.#syncWaiters) w();
    this.#syncWaiters = [];
  }

  /** True once the first list has been loaded into the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves when the first list is loaded (or the informer stops). */
  waitForSync(): Promise<void> {
    if (this.#synced || this.#abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  /** The cached objects. */
  list(): T[] {
    return [...this.#cache.values()];
  }

  /** A cached object by key ("ns/name" or "name"). */
  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  /** The resourceVersion the informer has seen up to. */
  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** Runs `fn` after every earlier cache change and replay has finished. */
  #exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.#turn.then(fn);
    this.#turn = run.catch(() => {});
    return run;
  }

  async #emit(fn: (h: InformerHandlers<T>) => void | Promise<void>): Promise<void> {
    for (const h of this.#handlers) {
      try {
        await fn(h);
      } catch (e) {
        this.#log.error(
          `informer handler for ${this.#opts.ref.resource} failed: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
    }
  }

  async #relist(): Promise<void> {
    const list = await this.#client.list<T>(this.#opts.ref, {
      labelSelector: this.#opts.labelSelector,
      fieldSelector: this.#opts.fieldSelector,
    });
    await this.#exclusive(() => this.#replace(list.items, list.metadata?.resourceVersion ?? ""));
  }

  async #replace(items: T[], resourceVersion: string): Promise<void> {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.#cache.get(key);
      this.#cache.set(key, obj);
      if (!old) await this.#emit((h) => h.onAdd?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        await this.#emit((h) => h.onUpdate?.(old, obj));
      }
    }
    for (const [key, old] of [...this.#cache]) {
      if (seen.has(key)) continue;
      this.#cache.delete(key);
      await this.#emit((h) => h.onDelete?.(old));
    }
    this.#resourceVersion = resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      for (const w of this.#syncWaiters) w();
      this.#syncWaiters = [];
    }
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    const backoff = new Backoff(
      this.#opts.backoffInitialMs ?? 100,
      this.#opts.backoffMaxMs ?? 10_000,
    );
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.#relist();
          needList = false;
          backoff.reset();
        }
        const events = this.#client.watch<T>(
          this.#opts.ref,
          {
            resourceVersion: this.#resourceVersion,
            labelSelector: this.#opts.labelSelector,
            fieldSelector: this.#opts.fieldSelector,
            allowWatchBookmarks: true,
            timeoutSeconds: this.#opts.watchTimeoutSeconds,
          },
          signal,
          undefined,
          this.#opts.watchIdleMs ?? WATCH_IDLE_MS,
        );
        const began = Date.now();
        let got = false;
        for await (const ev of events) {
          got = true;
          backoff.reset();
          await this.#exclusive(() => this.#apply(ev.type, ev.object));
        }
        // A server that ends watches at once must not make the informer spin.
        if (!got && Date.now() - began < 1000) await delay(backoff.next(), signal);
      } catch (e) {
        if (signal.aborted) break;
        if (isExpired(e)) {
          this.#log.v(
            2,
            `watch of ${this.#opts.ref.resource} expired at ${this.#resourceVersion}; relisting`,
          );
          needList = true;
          continue;
        }
        const wait = backoff.next();
        this.#reportFailure(e, wait);
        await delay(wait, signal);
      }
    }
  }

  /**
   * Logs a failed list or watch. Refused credentials and an untrusted certificate are explained
   * in one warning per client until the apiserver answers again (every informer of a daemon
   * shares the client, so a bad token makes one line, not one per resource and retry).
   */
  #reportFailure(e: unknown, waitMs: number): void {
    const what = `watch of ${this.#opts.ref.resource}`;
    const trouble = apiTrouble(e, this.#client.config.server);
    if (trouble) {
      if (this.#client.notices.firstSinceSuccess(trouble.kind)) this.#log.warn(trouble.text);
      else this.#log.v(2, `${what} failed again (${trouble.kind}); retrying in ${waitMs} ms`);
      return;
    }
    this.#log.warn(
      `${what} failed (${e instanceof Error ? e.message : e}); retrying in ${waitMs} ms`,
    );
  }

  async #apply(type: string, obj: T): Promise<void> {
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.#resourceVersion = rv;
    if (type === "BOOKMARK") return;
    const key = objectKey(obj);
    const old = this.#cache.get(key);
    if (type === "DELETED") {
      this.#cache.delete(key);
      await this.#emit((h) => h.onDelete?.(obj));
      return;
    }
    this.#cache.set(key, obj);
    if (old) await this.#emit((h) => h.onUpdate?.(old, obj));
    else await this.#emit((h) => h.onAdd?.(obj));
  }

  async #resync(everyMs: number): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await delay(everyMs, signal);
      if (signal.aborted || !this.#synced) continue;
      await this.#exclusive(async () => {
        for (const obj of this.#cache.values()) await this.#emit((h) => h.onUpdate?.(obj, obj));
      });
    }
  }
}

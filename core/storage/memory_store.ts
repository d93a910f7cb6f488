/**
 * An in-process Store: a map of JSON strings plus a bounded log of recent revisions for watch
 * replay. Nothing survives the process; used by `--storage=memory` and tests.
 */
import {
  type ListResult,
  type Preconditions,
  type Store,
  type StoredObject,
  StoreError,
  type Watch,
} from "./store.ts";
import {
  alreadyExists,
  checkPreconditions,
  decodeObject,
  encodeObject,
  expired,
  notFound,
  withRevision,
} from "./stored_value.ts";
import type { RawEvent } from "./queue_watch.ts";
import { type RawEntry, updateWithRetry } from "./update_loop.ts";
import { WatchHub } from "./watch_hub.ts";

/** Options of a MemoryStore. */
export interface MemoryStoreOptions {
  /** Newest revisions kept for watch replay (default 10,000); older ones are compacted. */
  historyLimit?: number;
}

/** The in-memory Store backend. */
export class MemoryStore implements Store {
  #data = new Map<string, RawEntry>();
  #sortedKeys: string[] | undefined = [];
  #log: RawEvent[] = [];
  #revision = 0;
  #compacted = 0;
  #closed = false;
  #hub = new WatchHub();
  readonly #historyLimit: number;
  readonly #backend = {
    read: (key: string) => this.#read(key),
    swap: (key: string, value: string, expected: RawEntry) => this.#swap(key, value, expected),
  };

  /** Creates an empty store. */
  constructor(options: MemoryStoreOptions = {}) {
    this.#historyLimit = Math.max(1, options.historyLimit ?? 10_000);
  }

  get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const e = this.#read(key);
    return Promise.resolve(e === undefined ? undefined : decodeObject<T>(e.value, e.modRevision));
  }

  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    this.#open(prefix);
    if (this.#sortedKeys === undefined) this.#sortedKeys = [...this.#data.keys()].sort();
    const keys = this.#sortedKeys;
    let i = lowerBound(keys, prefix);
    const items: T[] = [];
    for (; i < keys.length && keys[i].startsWith(prefix); i++) {
      const e = this.#data.get(keys[i]) as RawEntry;
      items.push(decodeObject<T>(e.value, e.modRevision));
    }
    return Promise.resolve({ items, revision: this.#revision });
  }

  create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    try {
      this.#open(key);
      const { json, stripped } = encodeObject(key, obj);
      if (this.#data.has(key)) throw alreadyExists(key);
      const revision = this.#commit({ type: "ADDED", key, revision: 0, value: json });
      return Promise.resolve(withRevision(stripped, revision));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    return updateWithRetry(this.#backend, key, fn, precondition);
  }

  delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T> {
    try {
      const e = this.#read(key);
      if (e === undefined) throw notFound(key);
      checkPreconditions(key, decodeObject(e.value, e.modRevision), e.modRevision, precondition);
      const revision = this.#commit({
        type: "DELETED",
        key,
        revision: 0,
        value: e.value,
        prevValue: e.value,
        prevRevision: e.modRevision,
      });
      return Promise.resolve(decodeObject<T>(e.value, revision));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>> {
    try {
      this.#open(prefix);
      if (afterRevision < this.#compacted) throw expired(prefix, afterRevision, this.#compacted);
      const log = this.#log;
      // log[i].revision === this.#compacted + 1 + i: every revision is one logged write.
      const start = Math.max(0, afterRevision - this.#compacted);
      const backlog: RawEvent[] = [];
      for (let i = start; i < log.length; i++) {
        if (log[i].key.startsWith(prefix)) backlog.push(log[i]);
      }
      return Promise.resolve(this.#hub.open<T>(prefix, backlog, afterRevision));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  currentRevision(): Promise<number> {
    return Promise.resolve(this.#revision);
  }

  compact(revision: number): Promise<void> {
    const upTo = Math.min(revision, this.#revision);
    if (upTo > this.#compacted) {
      this.#log = this.#log.slice(upTo - this.#compacted);
      this.#compacted = upTo;
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#hub.closeAll();
    return Promise.resolve();
  }

  #open(key: string): void {
    if (this.#closed) {
      throw new StoreError("Unavailable", key, `the memory store is closed; cannot use ${key}`);
    }
  }

  #read(key: string): RawEntry | undefined {
    this.#open(key);
    return this.#data.get(key);
  }

  #swap(key: string, value: string, expected: RawEntry): number | undefined {
    const e = this.#read(key);
    if (e === undefined || e.modRevision !== expected.modRevision) return undefined;
    return this.#commit({
      type: "MODIFIED",
      key,
      revision: 0,
      value,
      prevValue: e.value,
      prevRevision: e.modRevision,
    });
  }

  /** Applies one change at the next revision, logs it and tells watchers; returns the revision. */
  #commit(ev: RawEvent): number {
    const revision = ++this.#revision;
    ev.revision = revision;
    if (ev.type === "DELETED") {
      this.#data.delete(ev.key);
      this.#sortedKeys = undefined;
    } else {
      if (ev.type === "ADDED") this.#sortedKeys = undefined;
      this.#data.set(ev.key, { value: ev.value, modRevision: revision });
    }
    this.#log.push(ev);
    const slack = Math.max(64, this.#historyLimit >> 3);
    if (this.#log.length > this.#historyLimit + slack) {
      void this.compact(this.#revision - this.#historyLimit);
    }
    this.#hub.publish(ev);
    return revision;
  }
}

/** Index of the first element of sorted `arr` that is >= `s`. */
function lowerBound(arr: string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

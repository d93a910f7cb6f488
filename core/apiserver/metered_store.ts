/** A Store wrapper that times every operation into the apiserver's metrics. */
import type { ListResult, Preconditions, Store, StoredObject, Watch } from "../storage/store.ts";
import type { ApiMetrics } from "./metrics.ts";

/** Wraps `store` so each call's latency lands in `metrics` (operation = method name). */
export class MeteredStore implements Store {
  constructor(private readonly store: Store, private readonly metrics: ApiMetrics) {}

  async #time<R>(op: string, run: () => Promise<R>): Promise<R> {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      this.metrics.storeOperation(op, (performance.now() - t0) / 1000);
    }
  }

  get<T extends StoredObject>(key: string): Promise<T | undefined> {
    return this.#time("get", () => this.store.get<T>(key));
  }

  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    return this.#time("list", () => this.store.list<T>(prefix));
  }

  create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    return this.#time("create", () => this.store.create<T>(key, obj));
  }

  update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    return this.#time("update", () => this.store.update<T>(key, fn, precondition));
  }

  delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T> {
    return this.#time("delete", () => this.store.delete<T>(key, precondition));
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>> {
    return this.#time("watch", () => this.store.watch<T>(prefix, afterRevision));
  }

  currentRevision(): Promise<number> {
    return this.#time("currentRevision", () => this.store.currentRevision());
  }

  compact(revision: number): Promise<void> {
    return this.#time("compact", () => this.store.compact(revision));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

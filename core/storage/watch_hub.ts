/**
 * Fan-out of committed changes to in-process watchers, for backends that see every write
 * themselves (memory, sqlite). Opening a watch with its replay backlog and subscribing happen
 * in one synchronous step, so no event falls between replay and live delivery.
 */
import type { StoredObject, Watch } from "./store.ts";
import { QueueWatch, type RawEvent } from "./queue_watch.ts";

/** The set of live watchers of one store. */
export class WatchHub {
  #watchers = new Set<QueueWatch<StoredObject>>();

  /** How many watches are open. */
  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Opens a watch on `prefix` that first yields `backlog`, then every published event; events
   * at or before `afterRevision` are skipped (a watch from a future revision starts there).
   */
  open<T extends StoredObject>(
    prefix: string,
    backlog: Iterable<RawEvent>,
    afterRevision = 0,
  ): Watch<T> {
    const watch: QueueWatch<T> = new QueueWatch<T>(
      prefix,
      () => {
        this.#watchers.delete(watch as unknown as QueueWatch<StoredObject>);
      },
      undefined,
      afterRevision,
    );
    for (const ev of backlog) watch.push(ev);
    if (!watch.done) this.#watchers.add(watch as unknown as QueueWatch<StoredObject>);
    return watch;
  }

  /** Delivers a committed change to every watcher whose prefix matches its key. */
  publish(ev: RawEvent): void {
    if (this.#watchers.size === 0) return;
    for (const w of this.#watchers) {
      if (ev.key.startsWith(w.prefix)) w.push(ev);
    }
  }

  /** Ends every watch (the store is closing). */
  closeAll(): void {
    for (const w of [...this.#watchers]) w.stop();
    this.#watchers.clear();
  }
}

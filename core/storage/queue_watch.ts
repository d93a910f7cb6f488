/**
 * A Watch fed by a backend: events are queued as raw bytes and decoded only when the consumer
 * takes them, so each consumer gets its own objects and idle watchers cost no parsing.
 */
import { type StoredObject, StoreError, type Watch, type WatchEvent } from "./store.ts";
import { decodeObject } from "./stored_value.ts";

/** A change as backends record it: stored JSON, not objects. */
export interface RawEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  key: string;
  /** The revision of the change (for DELETED, the delete revision). */
  revision: number;
  /** The new value (for DELETED, the last value). */
  value: string;
  /** The value before the change, for MODIFIED and DELETED. */
  prevValue?: string;
  /** The revision that wrote `prevValue`. */
  prevRevision?: number;
}

/** Events a watcher may have queued unread before it is ended as too slow. */
const DEFAULT_MAX_QUEUED = 200_000;

/**
 * Turns a raw event into the WatchEvent a consumer sees; `prevObject` is parsed when first
 * read (the watch cache, the main consumer, never reads it).
 */
export function decodeEvent<T extends StoredObject>(ev: RawEvent): WatchEvent<T> {
  const out: WatchEvent<T> = {
    type: ev.type,
    key: ev.key,
    object: decodeObject<T>(ev.value, ev.revision),
    revision: ev.revision,
  };
  const { prevValue, prevRevision } = ev;
  if (prevValue !== undefined && prevRevision !== undefined) {
    let prev: T | undefined;
    Object.defineProperty(out, "prevObject", {
      get: () => prev ??= decodeObject<T>(prevValue, prevRevision),
      set: (value: T) => prev = value,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

/** An unbounded-in-time, bounded-in-size event queue that is also a Watch. */
export class QueueWatch<T extends StoredObject> implements Watch<T> {
  #queue: RawEvent[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<WatchEvent<T>>) => void) | undefined;
  #failWaiter: ((e: unknown) => void) | undefined;
  #done = false;
  #error: unknown = undefined;

  /**
   * `onStop` runs once when the watch ends for any reason (used to unsubscribe); events at or
   * before `afterRevision` are dropped.
   */
  constructor(
    readonly prefix: string,
    private readonly onStop: () => void,
    private readonly maxQueued = DEFAULT_MAX_QUEUED,
    private readonly afterRevision = 0,
  ) {}

  /** True once stopped, ended or failed. */
  get done(): boolean {
    return this.#done;
  }

  /** Queues an event (or hands it straight to a waiting consumer). */
  push(ev: RawEvent): void {
    if (this.#done || ev.revision <= this.afterRevision) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      this.#failWaiter = undefined;
      waiter({ done: false, value: decodeEvent<T>(ev) });
      return;
    }
    this.#queue.push(ev);
    if (this.#queue.length - this.#head > this.maxQueued) {
      this.fail(
        new StoreError(
          "Expired",
          this.prefix,
          `the watch on ${this.prefix} fell more than ${this.maxQueued} events behind and was ` +
            `ended; list again and watch from the list's revision`,
        ),
      );
    }
  }

  /** Ends the watch with an error the consumer receives after the queued events. */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#error = error;
    this.#finish();
    const failWaiter = this.#failWaiter;
    this.#waiter = undefined;
    this.#failWaiter = undefined;
    failWaiter?.(error);
  }

  /** Ends the iteration; queued events are dropped. */
  stop(): void {
    if (this.#done) return;
    this.#queue = [];
    this.#head = 0;
    this.#finish();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    this.#failWaiter = undefined;
    waiter?.({ done: true, value: undefined });
  }

  #finish(): void {
    this.#done = true;
    this.onStop();
  }

  #next(): Promise<IteratorResult<WatchEvent<T>>> {
    if (this.#head < this.#queue.length) {
      const ev = this.#queue[this.#head];
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ done: false, value: decodeEvent<T>(ev) });
    }
    if (this.#done) {
      if (this.#error !== undefined) {
        const err = this.#error;
        this.#error = undefined;
        return Promise.reject(err);
      }
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  /** Iterates the events; breaking out of a for-await loop stops the watch. */
  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return {
      next: () => this.#next(),
      return: () => {
        this.stop();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }
}

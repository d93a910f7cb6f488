/**
 * The storage contract every backend (memory, sqlite, etcd) implements.
 *
 * Values are JSON objects. The store owns `metadata.resourceVersion`: it is never persisted in
 * the value and is set, on every object it returns, to the decimal string of the store
 * revision that last wrote the object. Revisions are global, start at 1 and only grow.
 */
export interface Store {
  /** The object at `key`, or undefined when there is none. */
  get<T extends StoredObject>(key: string): Promise<T | undefined>;
  /** Every object whose key starts with `prefix`, in key order, with the revision read at. */
  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>>;
  /** Stores a new object; throws StoreError "AlreadyExists" when the key is taken. */
  create<T extends StoredObject>(key: string, obj: T): Promise<T>;
  /**
   * Read-modify-write: calls `fn` with the current object and stores what it returns.
   * On a concurrent write it re-reads and calls `fn` again (fn must be pure). A precondition
   * (or a `metadata.resourceVersion` set on what fn returns that differs from the current
   * one) that fails throws StoreError "Conflict"; a missing key throws "NotFound".
   * Returning the current object unchanged (same reference) writes nothing.
   */
  update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T>;
  /** Deletes and returns the object (resourceVersion = the delete revision); "NotFound"/"Conflict". */
  delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T>;
  /**
   * Events for keys under `prefix` with revision > `afterRevision`, in revision order, then
   * live ones. Throws StoreError "Expired" when `afterRevision` is older than the oldest
   * revision still kept (compacted).
   */
  watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>>;
  /** The newest revision written so far. */
  currentRevision(): Promise<number>;
  /** Forgets history at and below `revision`; watches from there on get "Expired". */
  compact(revision: number): Promise<void>;
  /** Releases connections and files; pending watches end. */
  close(): Promise<void>;
}

/** Any JSON object the store can hold; only `metadata.resourceVersion` is interpreted. */
export interface StoredObject {
  metadata?: { resourceVersion?: string; uid?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** A consistent snapshot of a prefix. */
export interface ListResult<T> {
  items: T[];
  /** The store revision the snapshot was read at. */
  revision: number;
}

/** A change to one key. */
export interface WatchEvent<T> {
  type: "ADDED" | "MODIFIED" | "DELETED";
  key: string;
  /** The new object; for DELETED the last object, with resourceVersion = the delete revision. */
  object: T;
  /** The object before this change (MODIFIED and DELETED), when the backend knows it. */
  prevObject?: T;
  revision: number;
}

/** A running watch: iterate it for events; `stop()` ends the iteration. */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/** Conditions an update or delete must meet to proceed. */
export interface Preconditions {
  resourceVersion?: string;
  uid?: string;
}

/** Why a store operation failed. */
export type StoreErrorCode = "NotFound" | "AlreadyExists" | "Conflict" | "Expired" | "Unavailable";

/** The one error type stores throw; `code` says which contract rule was hit. */
export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, readonly key: string, message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** True when `e` is a StoreError with the given code. */
export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}

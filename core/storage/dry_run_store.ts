/**
 * A store for server-side dry runs (`?dryRun=All`): reads go to the real store, writes run
 * every check a real write would (the key exists or not, preconditions, the resourceVersion an
 * update sends) and return the object that would have been stored, but nothing is written.
 */
import { checkPreconditions, notFound } from "./stored_value.ts";
import {
  type ListResult,
  type Preconditions,
  type Store,
  type StoredObject,
  StoreError,
  type Watch,
} from "./store.ts";

function revisionOf(obj: StoredObject): number {
  return Number(obj.metadata?.resourceVersion ?? 0);
}

/** Wraps `base`: same reads, writes that only say what they would do. */
export class DryRunStore implements Store {
  constructor(private readonly base: Store) {}

  /** The real object at `key`. */
  get<T extends StoredObject>(key: string): Promise<T | undefined> {
    return this.base.get<T>(key);
  }

  /** The real objects under `prefix`. */
  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    return this.base.list<T>(prefix);
  }

  /** The object as a create would return it (no resourceVersion: it was never stored). */
  async create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    if (await this.base.get(key) !== undefined) {
      throw new StoreError("AlreadyExists", key, `an object already exists at ${key}`);
    }
    const meta = { ...obj.metadata ?? {} };
    delete meta.resourceVersion;
    return { ...obj, metadata: meta };
  }

  /** What `fn` makes of the current object, checked like a real update; the current revision. */
  async update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    const current = await this.base.get<T>(key);
    if (current === undefined) throw notFound(key);
    const revision = revisionOf(current);
    checkPreconditions(key, current, revision, precondition);
    const next = await fn(current);
    const sent = next?.metadata?.resourceVersion;
    if (sent !== undefined && sent !== "" && sent !== String(revision)) {
      throw new StoreError(
        "Conflict",
        key,
        `the object at ${key} has been modified (resourceVersion ${revision}, you sent ` +
          `${sent}); read it again and retry`,
      );
    }
    return { ...next, metadata: { ...next.metadata ?? {}, resourceVersion: String(revision) } };
  }

  /** The object a delete would remove (still stored). */
  async delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T> {
    const current = await this.base.get<T>(key);
    if (current === undefined) throw notFound(key);
    checkPreconditions(key, current, revisionOf(current), precondition);
    return current;
  }

  /** The real store's events. */
  watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>> {
    return this.base.watch<T>(prefix, afterRevision);
  }

  /** The real store's revision. */
  currentRevision(): Promise<number> {
    return this.base.currentRevision();
  }

  /** Nothing: a dry run never compacts. */
  compact(_revision: number): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing: the real store belongs to its owner. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

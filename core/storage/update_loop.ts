/**
 * The read-modify-write loop behind every backend's `update`: read, check preconditions, call
 * the caller's function, then compare-and-swap on the key's mod revision, retrying on a race.
 */
import { type Preconditions, type StoredObject, StoreError } from "./store.ts";
import {
  checkPreconditions,
  decodeObject,
  encodeObject,
  notFound,
  withRevision,
} from "./stored_value.ts";

/** A stored value as a backend reads it. */
export interface RawEntry {
  /** The stored JSON bytes. */
  value: string;
  /** The revision that last wrote the key. */
  modRevision: number;
  /** The bytes as stored (encrypted ones differ from `value`), when the backend keeps them. */
  stored?: string | Uint8Array;
}

/** The two primitives a backend provides so `updateWithRetry` can run on it. */
export interface SwapBackend {
  /** The current entry at `key`, or undefined. */
  read(key: string): RawEntry | undefined | Promise<RawEntry | undefined>;
  /**
   * Writes `value` at `key` if the key was still last written at `expected.modRevision`;
   * returns the new revision, or undefined when the key changed (or vanished) meanwhile.
   */
  swap(
    key: string,
    value: string,
    expected: RawEntry,
  ): number | undefined | Promise<number | undefined>;
}

/** Most attempts before giving up; only reached under a pathological write storm. */
const MAX_ATTEMPTS = 10_000;

/** Runs Store.update's contract on top of `backend`. */
export async function updateWithRetry<T extends StoredObject>(
  backend: SwapBackend,
  key: string,
  fn: (current: T) => T | Promise<T>,
  precondition: Preconditions | undefined,
): Promise<T> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const raw = await backend.read(key);
    if (raw === undefined) throw notFound(key);
    const current = decodeObject<T>(raw.value, raw.modRevision);
    checkPreconditions(key, current, raw.modRevision, precondition);
    const next = await fn(current);
    const sentRv = next?.metadata?.resourceVersion;
    if (sentRv !== undefined && sentRv !== "" && sentRv !== String(raw.modRevision)) {
      throw new StoreError(
        "Conflict",
        key,
        `the object at ${key} has been modified (resourceVersion ${raw.modRevision}, ` +
          `you sent ${sentRv}); read it again and retry`,
      );
    }
    const { json, stripped } = encodeObject(key, next);
    if (json === raw.value) return withRevision(stripped, raw.modRevision);
    const revision = await backend.swap(key, json, raw);
    if (revision !== undefined) return withRevision(stripped, revision);
  }
  throw new StoreError(
    "Conflict",
    key,
    `gave up updating ${key} after ${MAX_ATTEMPTS} attempts lost to concurrent writers; retry later`,
  );
}

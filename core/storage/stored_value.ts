/**
 * How objects become stored bytes and back, shared by every backend: the stored JSON never
 * carries `metadata.resourceVersion`; objects handed out always carry it.
 */
import { type Preconditions, type StoredObject, StoreError } from "./store.ts";

/** An object ready to store: its JSON text and the object that text was made from. */
export interface EncodedObject<T> {
  /** The exact bytes to store (JSON without metadata.resourceVersion). */
  json: string;
  /** A shallow copy of the input without metadata.resourceVersion (input kept untouched). */
  stripped: T;
}

/** Serialises `obj` for storage without its resourceVersion; throws when it is not an object. */
export function encodeObject<T extends StoredObject>(key: string, obj: T): EncodedObject<T> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new TypeError(
      `cannot store ${
        obj === null ? "null" : typeof obj
      } at ${key}: only JSON objects can be stored`,
    );
  }
  let stripped = obj;
  const meta = obj.metadata;
  if (typeof meta === "object" && meta !== null && "resourceVersion" in meta) {
    const { resourceVersion: _dropped, ...rest } = meta;
    stripped = { ...obj, metadata: rest };
  }
  return { json: JSON.stringify(stripped), stripped };
}

/** A shallow copy of `obj` whose metadata.resourceVersion is `revision` (placed last). */
export function withRevision<T extends StoredObject>(obj: T, revision: number): T {
  const meta = typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {};
  return { ...obj, metadata: { ...meta, resourceVersion: String(revision) } };
}

/** Parses stored JSON and sets metadata.resourceVersion to `revision`. */
export function decodeObject<T extends StoredObject>(json: string, revision: number): T {
  const obj = JSON.parse(json) as T;
  const meta = obj.metadata;
  if (typeof meta === "object" && meta !== null) {
    meta.resourceVersion = String(revision);
  } else {
    (obj as StoredObject).metadata = { resourceVersion: String(revision) };
  }
  return obj;
}

/** Throws StoreError "Conflict" when `current` (last written at `modRevision`) fails `pre`. */
export function checkPreconditions(
  key: string,
  current: StoredObject,
  modRevision: number,
  pre: Preconditions | undefined,
): void {
  if (pre === undefined) return;
  if (
    pre.resourceVersion !== undefined && pre.resourceVersion !== "" &&
    pre.resourceVersion !== String(modRevision)
  ) {
    throw new StoreError(
      "Conflict",
      key,
      `the object at ${key} has been modified (resourceVersion ${modRevision}, ` +
        `you sent ${pre.resourceVersion}); read it again and retry`,
    );
  }
  if (pre.uid !== undefined && pre.uid !== "" && current.metadata?.uid !== pre.uid) {
    throw new StoreError(
      "Conflict",
      key,
      `the object at ${key} has uid ${String(current.metadata?.uid)}, not ${pre.uid}: ` +
        `it was deleted and re-created; read it again and retry`,
    );
  }
}

/** The StoreError for a missing key. */
export function notFound(key: string): StoreError {
  return new StoreError("NotFound", key, `no object is stored at ${key}`);
}

/** The StoreError for a taken key. */
export function alreadyExists(key: string): StoreError {
  return new StoreError(
    "AlreadyExists",
    key,
    `an object already exists at ${key}; choose another name or update it instead`,
  );
}

/** The StoreError for a watch from a revision whose history is gone. */
export function expired(key: string, afterRevision: number, compacted: number): StoreError {
  return new StoreError(
    "Expired",
    key,
    `cannot watch ${key} from revision ${afterRevision}: history up to revision ${compacted} ` +
      `has been compacted; list again and watch from the list's revision`,
  );
}

/** The smallest string greater than every string starting with `prefix` ("" = no bound). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return "";
}

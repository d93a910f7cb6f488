/**
 * The unit of the watch cache: one object as UTF-8 JSON bytes plus what selectors need
 * (labels and selectable fields), made once per write.
 */
import type { StoredObject } from "../storage/store.ts";
import { objectFields } from "../api/field_selector.ts";
import type { KubeObject } from "../api/object.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One cached object, held as its UTF-8 JSON bytes: responses and watch lines are assembled
 * from them without re-serialising, and bytes cost no more than a string.
 */
export class CacheEntry {
  constructor(
    readonly key: string,
    /** The object's JSON as UTF-8, metadata.resourceVersion included. */
    readonly bytes: Uint8Array<ArrayBuffer>,
    /** The revision that wrote it (for a deleted object: the delete revision). */
    readonly revision: number,
    readonly labels: Record<string, string> | undefined,
    /** Selectable fields (see objectFields). */
    readonly fields: Record<string, string>,
  ) {}

  /** The JSON text (decoded on every call; hot paths use `bytes`). */
  get json(): string {
    return decoder.decode(this.bytes);
  }
}

/** Makes the cache entry for an object read from the store. */
export function makeEntry(key: string, obj: StoredObject, revision: number): CacheEntry {
  let fields: Record<string, string>;
  try {
    fields = objectFields(obj as KubeObject);
  } catch {
    fields = {};
  }
  const labels = obj.metadata?.labels;
  return new CacheEntry(
    key,
    encoder.encode(JSON.stringify(obj)),
    revision,
    typeof labels === "object" && labels !== null ? labels as Record<string, string> : undefined,
    fields,
  );
}

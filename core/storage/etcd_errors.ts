/**
 * Turning etcd client failures into StoreErrors a user can act on, and recognising etcd's own
 * "compacted" and "future revision" answers.
 */
import { StoreError } from "./store.ts";

/** True when etcd refused a revision because its history was compacted. */
export function isCompactedError(e: unknown): boolean {
  return e instanceof Error && /compacted/i.test(e.message);
}

/** True when etcd refused a revision because it has not been written yet. */
export function isFutureRevisionError(e: unknown): boolean {
  return e instanceof Error && /future revision/i.test(e.message);
}

/** Wraps `e` (any non-StoreError) as StoreError "Unavailable" naming the endpoints. */
export function etcdUnavailable(
  endpoints: string[],
  what: string,
  key: string,
  e: unknown,
): StoreError {
  if (e instanceof StoreError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new StoreError(
    "Unavailable",
    key,
    `etcd at ${endpoints.join(",")} failed to ${what} ${key}: ${msg}; ` +
      `check that etcd is running and reachable there (--etcd-servers)`,
  );
}

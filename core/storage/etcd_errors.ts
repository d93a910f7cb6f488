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

/**
 * Normalises --etcd-servers values: accepts `http://host:4001`, `host:2379`, and comma lists,
 * returning `host:port` entries for the client; throws on an empty or malformed entry.
 */
export function parseEtcdEndpoints(servers: string[]): string[] {
  const out: string[] = [];
  for (const part of servers.flatMap((s) => s.split(","))) {
    const s = part.trim();
    if (s === "") continue;
    const withScheme = /^[a-z]+:\/\//i.test(s) ? s : `http://${s}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new Error(`invalid etcd server "${s}": use host:port or http://host:port`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`invalid etcd server "${s}": only http:// and https:// are supported`);
    }
    out.push(`${url.protocol}//${url.hostname}:${url.port || "2379"}`);
  }
  if (out.length === 0) {
    throw new Error("no etcd server given: pass --etcd-servers=http://host:2379");
  }
  return out;
}

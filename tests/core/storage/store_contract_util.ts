/** Small helpers of the Store contract suite: unique key prefixes and reading watch events. */
import type { StoredObject, Watch, WatchEvent } from "../../../core/storage/store.ts";

let seq = 0;

/** A key prefix no other step (or earlier run against the same etcd) uses. */
export function uniquePrefix(): string {
  seq++;
  return `/contract/${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}-${seq}/`;
}

/**
 * Reads exactly `n` events from `w`, failing if they do not arrive within `deadlineMs`
 * (a deadline against hangs, not a speed assertion).
 */
export async function takeEvents<T extends StoredObject>(
  w: Watch<T>,
  n: number,
  deadlineMs = 30_000,
): Promise<WatchEvent<T>[]> {
  const it = w[Symbol.asyncIterator]();
  const out: WatchEvent<T>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`only ${out.length} of ${n} watch events arrived in ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  try {
    while (out.length < n) {
      const r = await Promise.race([it.next(), timeout]);
      if (r.done) throw new Error(`the watch ended after ${out.length} of ${n} events`);
      out.push(r.value);
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}

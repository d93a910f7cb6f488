/**
 * Periodic compaction, as Kubernetes' apiserver does for etcd: every interval, history older
 * than the revision seen one interval ago is compacted in the store and the watch cache, so
 * watchers can resume from anything newer than one interval and the store does not grow
 * without bound.
 */
import type { WatchCache } from "../registry/watch_cache.ts";
import { logger } from "../util/log.ts";

const log = logger("compactor");

/** Kubernetes' default compaction interval. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

/** A running compactor. */
export interface Compactor {
  stop(): void;
}

/** Starts compacting `cache` (and its store) every `intervalMs`; 0 disables it. */
export function startCompactor(cache: WatchCache, intervalMs: number): Compactor {
  if (!(intervalMs > 0)) return { stop() {} };
  let previous = cache.revision;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    const target = previous;
    previous = cache.revision;
    if (target <= cache.oldestRevision) return;
    running = true;
    cache.compact(target)
      .then(() => log.v(2, `compacted history up to revision ${target}`))
      .catch((e) => log.warn(`compaction at revision ${target} failed: ${String(e)}`))
      .finally(() => running = false);
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}

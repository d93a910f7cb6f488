/**
 * A de-duplicating work queue of object keys processed by a fixed number of workers: a key
 * queued while it is being processed is processed again afterwards, never concurrently, so one
 * controller never syncs the same object twice at once (`--concurrent-rc-syncs` workers).
 */
import type { KubeObject } from "../api/object.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import { delay } from "../util/backoff.ts";
import { type Logger, logger } from "../util/log.ts";

/** The running queues of this process, for /metrics. */
const RUNNING = new Set<WorkQueue>();

/** Prometheus text of every running queue: depth, syncs and time spent syncing, by name. */
export function workQueueMetrics(): string {
  const lines = [
    "# HELP k8sm_workqueue_depth Keys waiting to be synced or being synced, by controller.",
    "# TYPE k8sm_workqueue_depth gauge",
  ];
  const queues = [...RUNNING];
  for (const q of queues) lines.push(`k8sm_workqueue_depth{name="${q.name}"} ${q.length}`);
  lines.push(
    "# HELP k8sm_workqueue_sync_duration_seconds Time spent syncing keys, by controller.",
    "# TYPE k8sm_workqueue_sync_duration_seconds summary",
  );
  for (const q of queues) {
    lines.push(`k8sm_workqueue_sync_duration_seconds_sum{name="${q.name}"} ${q.syncSeconds}`);
    lines.push(`k8sm_workqueue_sync_duration_seconds_count{name="${q.name}"} ${q.syncs}`);
  }
  return lines.join("\n") + "\n";
}

/** Processes one key; a thrown error requeues the key after a backoff. */
export type SyncFn = (key: string) => Promise<void>;

/** Keys waiting and being processed, with `workers` concurrent syncs. */
export class WorkQueue {
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #active = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #abort = new AbortController();
  #wake: (() => void)[] = [];
  #workers: Promise<void>[] = [];
  readonly #log: Logger;
  /** Syncs finished (successfully or not). */
  syncs = 0;
  /** Seconds spent in those syncs. */
  syncSeconds = 0;

  constructor(
    readonly name: string,
    private readonly sync: SyncFn,
    private readonly workers = 5,
    log?: Logger,
  ) {
    this.#log = log ?? logger(name);
  }

  /** Starts the workers. */
  start(): void {
    if (this.#workers.length > 0) return;
    RUNNING.add(this);
    for (let i = 0; i < Math.max(1, this.workers); i++) this.#workers.push(this.#work());
  }

  /**
   * Waits until `primary` and `others` have synced, queues every object of `primary`, then
   * starts the workers: how a controller begins once its handlers are registered.
   */
  async startAfterSync(
    primary: Informer<KubeObject>,
    ...others: Informer<KubeObject>[]
  ): Promise<void> {
    await Promise.all([primary, ...others].map((i) => i.waitForSync()));
    for (const obj of primary.list()) this.add(objectKey(obj));
    this.start();
  }

  /** Queues `key` unless it is already waiting. */
  add(key: string): void {
    if (this.#abort.signal.aborted) return;
    if (this.#active.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#queue.push(key);
    this.#wake.shift()?.();
  }

  /** Queues `key` after `ms` milliseconds. */
  addAfter(key: string, ms: number): void {
    if (this.#abort.signal.aborted) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.add(key);
    }, ms);
    this.#timers.add(t);
  }

  /** Keys waiting or being processed. */
  get length(): number {
    return this.#queue.length + this.#active.size;
  }

  /** Stops the workers after their current sync; pending keys are dropped. */
  async stop(): Promise<void> {
    this.#abort.abort();
    RUNNING.delete(this);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const w of this.#wake) w();
    this.#wake = [];
    await Promise.all(this.#workers);
  }

  async #next(): Promise<string | undefined> {
    while (!this.#abort.signal.aborted) {
      const key = this.#queue.shift();
      if (key !== undefined) {
        this.#queued.delete(key);
        return key;
      }
      await new Promise<void>((resolve) => this.#wake.push(resolve));
    }
    return undefined;
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.#next();
      if (key === undefined) return;
      this.#active.add(key);
      const began = performance.now();
      try {
        await this.sync(key);
        this.#failures.delete(key);
      } catch (e) {
        const n = (this.#failures.get(key) ?? 0) + 1;
        this.#failures.set(key, n);
        const wait = Math.min(5 * 2 ** Math.min(n, 12), 10_000);
        this.#log.warn(
          `syncing ${key} failed (${e instanceof Error ? e.message : e}); retrying in ${wait} ms`,
        );
        this.addAfter(key, wait);
      } finally {
        this.syncs++;
        this.syncSeconds += (performance.now() - began) / 1000;
        this.#active.delete(key);
        if (this.#dirty.delete(key)) this.add(key);
      }
      if (this.#abort.signal.aborted) return;
      await delay(0);
    }
  }
}

/**
 * The queue of pods waiting for an offer: first come, first served, with a per-pod backoff
 * (1 s doubling to 60 s) after a pass that found no room, cut short when a fitting offer
 * arrives. A pod deleted or bound elsewhere leaves the queue.
 */
import type { Pod } from "../api/types/pod.ts";
import { Backoff } from "../util/backoff.ts";

/** One queued pod. */
export interface QueuedPod {
  key: string;
  pod: Pod;
  /** Arrival order (FCFS). */
  seq: number;
  /** When it was first queued (for scheduling latency). */
  queuedAt: number;
  /** Not to be tried before this time (ms since epoch). */
  notBefore: number;
  /** Scheduling attempts that found no room. */
  attempts: number;
  backoff: Backoff;
  /** The last FailedScheduling message reported for it. */
  lastMessage?: string;
}

/** Backoff bounds of a pod that did not fit. */
export interface PodQueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** FCFS pod queue with per-pod backoff. */
export class PodQueue {
  #entries = new Map<string, QueuedPod>();
  #seq = 0;
  readonly #initial: number;
  readonly #max: number;

  constructor(opts: PodQueueOptions = {}) {
    this.#initial = opts.initialBackoffMs ?? 1000;
    this.#max = opts.maxBackoffMs ?? 60_000;
  }

  /** Pods queued. */
  get size(): number {
    return this.#entries.size;
  }

  /** Adds a pod, or refreshes the object of one already queued (keeping its place). */
  upsert(key: string, pod: Pod, now = Date.now()): QueuedPod {
    const old = this.#entries.get(key);
    if (old) {
      old.pod = pod;
      return old;
    }
    const entry: QueuedPod = {
      key,
      pod,
      seq: this.#seq++,
      queuedAt: now,
      notBefore: 0,
      attempts: 0,
      backoff: new Backoff(this.#initial, this.#max),
    };
    this.#entries.set(key, entry);
    return entry;
  }

  /** The entry of a queued pod. */
  get(key: string): QueuedPod | undefined {
    return this.#entries.get(key);
  }

  /** Removes a pod; true when it was queued. */
  remove(key: string): boolean {
    return this.#entries.delete(key);
  }

  /** Every queued pod in FCFS order. */
  all(): QueuedPod[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Pods whose backoff has passed, in FCFS order. */
  ready(now = Date.now()): QueuedPod[] {
    return this.all().filter((e) => e.notBefore <= now);
  }

  /** Puts a pod that found no room into backoff; returns the delay. */
  backOff(key: string, now = Date.now()): number {
    const e = this.#entries.get(key);
    if (!e) return 0;
    const wait = e.backoff.next();
    e.attempts++;
    e.notBefore = now + wait;
    return wait;
  }

  /** Makes a pod ready at once (a fitting offer arrived); its backoff keeps growing. */
  kick(key: string): void {
    const e = this.#entries.get(key);
    if (e) e.notBefore = 0;
  }

  /** The earliest future time a backed-off pod becomes ready, if any. */
  nextWakeup(now = Date.now()): number | undefined {
    let min: number | undefined;
    for (const e of this.#entries.values()) {
      if (e.notBefore > now && (min === undefined || e.notBefore < min)) min = e.notBefore;
    }
    return min;
  }
}

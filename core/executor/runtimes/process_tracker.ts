/**
 * Watches the process runtime's live containers: copies their output into timestamped logs on a
 * poll, notices when they exit (child status, or /proc for adopted processes) and records the exit
 * in their state file. The poll adapts per container: one whose output grew is looked at again
 * after `pollMs`, a quiet one ever less often (up to `QUIET_POLL_MS`), so hundreds of idle
 * containers cost a few file checks per second rather than thousands; a log follower hurries its
 * container back to the short poll.
 */

import { collectOutput } from "./process_log.ts";
import {
  processAlive,
  type ProcessLayout,
  type ProcessRecord,
  signalGroup,
  writeJson,
} from "./process_state.ts";

interface Tracked {
  rec: ProcessRecord;
  dir: string;
  status?: Deno.CommandStatus;
  child?: Promise<Deno.CommandStatus>;
  finalizing?: Promise<ProcessRecord>;
  /** Serializes output collection (tick and finalize must not copy the same bytes twice). */
  collecting: Promise<unknown>;
  /** When the tick looks at this container next (ms since the epoch), and the wait after it. */
  due: number;
  wait: number;
  /** Resolves once the container exited (finalized) or stopped being tracked. */
  gone: Promise<void>;
  markGone: () => void;
}

/** The longest wait between two looks at a container whose output did not grow. */
export const QUIET_POLL_MS = 1000;

function collect(t: Tracked, final: boolean): Promise<void> {
  const run = t.collecting.then(async () => {
    const before = t.rec.logOffset ?? 0;
    t.rec.logOffset = await collectOutput(t.dir, before, final).catch(() => before);
  });
  t.collecting = run;
  return run;
}

/** Tracks the live containers of one process runtime. */
export class ProcessTracker {
  readonly #tracked = new Map<string, Tracked>();
  #timer?: ReturnType<typeof setInterval>;
  #ticking = false;

  constructor(readonly layout: ProcessLayout, readonly pollMs = 100) {}

  /** Starts tracking a container (a child of ours, or an adopted process when no child). */
  track(rec: ProcessRecord, child?: Deno.ChildProcess): void {
    if (this.#tracked.has(rec.id)) return;
    const gone = Promise.withResolvers<void>();
    const t: Tracked = {
      rec,
      dir: this.layout.containerDir(rec.id),
      child: child?.status,
      collecting: Promise.resolve(),
      due: Date.now() + this.pollMs,
      wait: this.pollMs,
      gone: gone.promise,
      markGone: gone.resolve,
    };
    this.#tracked.set(rec.id, t);
    child?.status.then((s) => {
      t.status = s;
      void this.finalize(rec.id);
    });
    this.#timer ??= setInterval(() => void this.#tick(), this.pollMs);
  }

  /** True when the container is tracked (it ran when last looked at). */
  has(id: string): boolean {
    return this.#tracked.has(id);
  }

  /**
   * Resolves once the tracked container's exit is recorded (or it is no longer tracked); a
   * child's exit is known from its status at once, an adopted process's within a quiet poll.
   * Undefined when the container is not tracked.
   */
  whenGone(id: string): Promise<void> | undefined {
    return this.#tracked.get(id)?.gone;
  }

  /** The tracked record (live view), if any. */
  get(id: string): ProcessRecord | undefined {
    return this.#tracked.get(id)?.rec;
  }

  /**
   * True when the tracked process has exited (finalized or not yet). A child of ours is known
   * from its exit status alone; only adopted processes are looked up in /proc.
   */
  async exited(id: string): Promise<boolean> {
    const t = this.#tracked.get(id);
    if (!t) return true;
    if (t.status || t.rec.finishedAt) return true;
    if (t.child) return false;
    return !await processAlive(t.rec);
  }

  /** True while the container is a child of ours that has not exited (its pid is still ours). */
  unreaped(id: string): boolean {
    const t = this.#tracked.get(id);
    return t?.child !== undefined && t.status === undefined;
  }

  /** Looks at the container on the next tick and keeps the short poll (a log follower waits). */
  hurry(id: string): void {
    const t = this.#tracked.get(id);
    if (!t) return;
    t.wait = this.pollMs;
    t.due = Math.min(t.due, Date.now());
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      for (const [id, t] of [...this.#tracked]) {
        if (t.finalizing || t.due > Date.now()) continue;
        const before = t.rec.logOffset ?? 0;
        await collect(t, false);
        const grew = t.rec.logOffset !== before;
        t.wait = grew ? this.pollMs : Math.min(QUIET_POLL_MS, t.wait * 2);
        t.due = Date.now() + t.wait;
        if (await this.exited(id)) await this.finalize(id);
        else if (grew) await writeJson(`${t.dir}/state.json`, t.rec).catch(() => {});
      }
    } finally {
      this.#ticking = false;
    }
  }

  /**
   * Records the exit of a tracked container (flushing its last output, killing what is left of
   * its process group) and stops tracking it. Idempotent.
   */
  finalize(id: string): Promise<ProcessRecord | undefined> {
    const t = this.#tracked.get(id);
    if (!t) return Promise.resolve(undefined);
    t.finalizing ??= (async () => {
      if (t.child) t.status = await t.child;
      signalGroup(t.rec.pgid, "SIGKILL");
      await collect(t, true);
      t.rec.finishedAt = new Date().toISOString();
      if (t.status) {
        t.rec.exitCode = t.status.code;
        t.rec.reason = t.status.code === 0 ? "Completed" : "Error";
      } else {
        // Adopted: not our child, so its exit status is lost (kubelet's wording).
        t.rec.exitCode = 137;
        t.rec.reason = "ContainerStatusUnknown";
        t.rec.message = "the process ended while no executor watched it; its exit code is unknown";
      }
      await writeJson(`${t.dir}/state.json`, t.rec).catch(() => {});
      if (this.#tracked.get(id) === t) this.#tracked.delete(id);
      if (this.#tracked.size === 0) this.#stopTimer();
      t.markGone();
      return t.rec;
    })();
    return t.finalizing;
  }

  /** Forgets a container without recording anything (it is being removed). */
  forget(id: string): void {
    this.#tracked.get(id)?.markGone();
    this.#tracked.delete(id);
    if (this.#tracked.size === 0) this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Stops polling (processes keep running; a new runtime adopts them). */
  close(): void {
    this.#tracked.clear();
    this.#stopTimer();
  }
}

/**
 * When a pod worker syncs next (kubelet's PLEG relist plus periodic resync, per pod): soon
 * while its pod changes, ever less often while it is stable, and at once when woken — by a
 * watched container's exit, a probe asking for a restart, a kill or a spec change. A stable pod
 * whose running containers all have an exit watch waits up to `watchedMaxMs`; without one the
 * runtime must be asked, so it waits at most `unwatchedMaxMs` (exits noticed within ~1 s).
 */
import type { ContainerSlot } from "./container_slot.ts";
import type { Runtime } from "./runtime.ts";

/** Settings of a SyncPacer. */
export interface SyncPacerOptions {
  /** The wait after a pass that changed something (the worker's `syncIntervalMs`). */
  busyMs: number;
  /** The longest wait of a stable pod whose running containers' exits wake it (default 10 s). */
  watchedMaxMs?: number;
  /** The longest wait of a stable pod whose exits only an inspection tells (default 1 s). */
  unwatchedMaxMs?: number;
}

/** Paces one pod worker's sync loop. */
export class SyncPacer {
  readonly #busyMs: number;
  readonly #watchedMaxMs: number;
  readonly #unwatchedMaxMs: number;
  #idleMs: number;
  #woken = false;
  #wake?: () => void;
  readonly #watching = new Set<string>();

  constructor(opts: SyncPacerOptions) {
    this.#busyMs = opts.busyMs;
    this.#watchedMaxMs = Math.max(opts.busyMs, opts.watchedMaxMs ?? 10_000);
    this.#unwatchedMaxMs = Math.max(opts.busyMs, opts.unwatchedMaxMs ?? 1000);
    this.#idleMs = opts.busyMs;
  }

  /** A pass begins: wakes that came before it are answered by it. */
  begin(): void {
    this.#woken = false;
  }

  /**
   * The wait after a pass: at most `wantMs` (what the pass asked for: a back-off, a deadline),
   * the busy interval after a change, doubling up to the stable bound while nothing changes.
   */
  next(wantMs: number, changed: boolean, watched: boolean): number {
    const max = watched ? this.#watchedMaxMs : this.#unwatchedMaxMs;
    this.#idleMs = changed ? this.#busyMs : Math.min(max, this.#idleMs * 2);
    return Math.max(10, Math.min(wantMs, this.#idleMs));
  }

  /**
   * Wakes the worker when `exit` settles (once per `key`, a container attempt). Returns false
   * when there is nothing to watch (the runtime cannot tell exits on its own).
   */
  watch(key: string, exit: Promise<void> | undefined): boolean {
    if (!exit) return false;
    if (this.#watching.has(key)) return true;
    this.#watching.add(key);
    exit.then(() => {
      this.#watching.delete(key);
      this.wake();
    }, () => this.#watching.delete(key));
    return true;
  }

  /**
   * Has every running container's exit wake the worker; true when the runtime tells all of
   * them (else the worker must keep inspecting them).
   */
  watchExits(rt: Runtime, slots: ContainerSlot[]): boolean {
    let all = true;
    for (const s of slots) {
      if (!s.running || !s.ref) continue;
      if (!this.watch(s.ref.id, rt.exitWatch?.(s.ref))) all = false;
    }
    return all;
  }

  /** Ends the current sleep, or the next one at once when no sleep is under way. */
  wake(): void {
    this.#idleMs = this.#busyMs;
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  /** Sleeps `ms` unless woken first (or woken since the pass began). */
  async sleep(ms: number): Promise<void> {
    if (this.#woken) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

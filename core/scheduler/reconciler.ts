/**
 * Task reconciliation as Mesos prescribes it: after every SUBSCRIBED, explicit RECONCILE of the
 * tasks the registry knows (rebuilt from pod annotations), resent with backoff until Mesos has
 * answered for each; then an implicit RECONCILE (Mesos reports every task it runs for us, so
 * tasks no pod claims surface), repeated every `intervalMs`. `ready` resolves once the first
 * implicit round has had `settleMs` to answer, so the scheduler launches nothing before it
 * knows what already runs.
 */
import { reconcileCall } from "../mesos/scheduler_calls.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import { Backoff, delay } from "../util/backoff.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** Settings of a Reconciler. */
export interface ReconcilerOptions {
  /** Sends a call to Mesos. */
  call: (c: SchedulerCall) => Promise<void>;
  /** Implicit reconciliation period (default 5 min). */
  intervalMs?: number;
  /** Wait after the first implicit RECONCILE before scheduling (default 1 s). */
  settleMs?: number;
  /** Give up waiting for explicit answers after this long (default 60 s). */
  explicitTimeoutMs?: number;
}

/** Runs reconciliation rounds for one subscription at a time. */
export class Reconciler {
  #pending = new Map<string, string | undefined>();
  #round = 0;
  #ready = false;
  #abort = new AbortController();
  #roundAbort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(readonly opts: ReconcilerOptions) {}

  /** True once the first implicit round after the latest subscription has settled. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Tasks still waiting for an explicit answer. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Starts a new round for a fresh subscription with the tasks we believe exist. */
  start(tasks: readonly { taskId: string; agentId?: string }[]): void {
    this.#round++;
    this.#ready = false;
    this.#pending = new Map(tasks.map((t) => [t.taskId, t.agentId || undefined]));
    const round = this.#round;
    this.#roundAbort.abort();
    this.#roundAbort = new AbortController();
    const signal = AbortSignal.any([this.#abort.signal, this.#roundAbort.signal]);
    const previous = this.#loop ?? Promise.resolve();
    this.#loop = previous.then(() => this.#run(round, signal));
  }

  /** Notes that Mesos told us about a task (any update counts as an answer). */
  answered(taskId: string): void {
    this.#pending.delete(taskId);
  }

  /** Stops all rounds. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(round: number, signal: AbortSignal): Promise<void> {
    const o = this.opts;
    const backoff = new Backoff(500, 10_000);
    const deadline = Date.now() + (o.explicitTimeoutMs ?? 60_000);
    const current = () => round === this.#round && !signal.aborted;
    while (current() && this.#pending.size > 0 && Date.now() < deadline) {
      const tasks = [...this.#pending].map(([taskId, agentId]) => ({ taskId, agentId }));
      try {
        await o.call(reconcileCall(tasks));
        log.v(1, `explicit reconciliation of ${tasks.length} tasks sent`);
      } catch (e) {
        log.warn(`explicit reconciliation failed: ${(e as Error).message}`);
      }
      await delay(backoff.next(), signal);
    }
    if (!current()) return;
    if (this.#pending.size > 0) {
      log.warn(`${this.#pending.size} tasks never answered explicit reconciliation; going on`);
    }
    while (current()) {
      try {
        await o.call(reconcileCall());
        log.v(1, "implicit reconciliation sent");
      } catch (e) {
        log.warn(`implicit reconciliation failed: ${(e as Error).message}`);
        await delay(backoff.next(), signal);
        continue;
      }
      if (!this.#ready) {
        await delay(o.settleMs ?? 1000, signal);
        if (current()) this.#ready = true;
      }
      await delay(o.intervalMs ?? 300_000, signal);
    }
  }
}

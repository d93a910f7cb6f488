/**
 * The checkpoint of one task of a checkpointing run, as a record and an append-only log (Mesos
 * keeps `task.info` and appends to `task.updates` the same way): `tasks/<id>.json` holds the task
 * and its unacknowledged updates when written, `tasks/<id>.log` one JSON line per later change
 * (an update recorded, an update acknowledged, the task's new state). Rewriting the record on
 * every update and acknowledgement (a write and a rename over the old file, which ext4 flushes)
 * was an eighth of an `up`'s busy CPU with 500 pods (issue 17); an append costs a small fraction.
 *
 * Every record and line carries a sequence number that grows across restarts (it starts from
 * the clock), so lines older than the record they follow are ignored: a crash between writing a
 * new record and removing the old log loses nothing and replays nothing twice. A line cut short
 * by a crash is skipped. The record is rewritten (and the log dropped) when the task itself
 * changes (launch, delivery, kill requested) or the log has grown long.
 */
import type { TaskStatus } from "./mesos_types.ts";
import type { RunTask } from "./executor_run.ts";

/** What a task's checkpoint holds: the task and its unacknowledged updates, oldest first. */
export interface SavedTask {
  task: RunTask;
  updates: TaskStatus[];
}

/** One line of a task's log. */
interface JournalLine {
  seq: number;
  state: string;
  update?: TaskStatus;
  ack?: string;
}

/** What to write for a task now. */
export type JournalWrite =
  /** `dropLog`: a log may exist beside the record and must go once the record is written. */
  | { kind: "record"; text: string; dropLog: boolean }
  | { kind: "append"; text: string }
  | { kind: "none" };

/** Log lines after which the record is rewritten and the log dropped. */
const MAX_LOG_LINES = 32;

/** What the journal last wrote for one task file. */
interface Written {
  /** The task without its state, as JSON. */
  task: string;
  state: string;
  /** Keys (uuids) of the unacknowledged updates. */
  pending: Set<string>;
  lines: number;
}

const updateKey = (u: TaskStatus): string => u.uuid ?? JSON.stringify(u);

function taskText(task: RunTask): string {
  const { state: _state, ...rest } = task;
  return JSON.stringify(rest);
}

/** Plans the writes of task checkpoints and remembers what was written. */
export class TaskJournal {
  #written = new Map<string, Written>();
  /** Grows across restarts of the agent (microseconds of the clock at start). */
  #seq = Date.now() * 1000;
  /** Task files with a log this process has not written (found by recovery). */
  #foreignLogs = new Set<string>();

  /** Notes that `path` has a log from an earlier process (read by recovery). */
  noteLog(path: string): void {
    this.#foreignLogs.add(path);
  }

  /** Whether `path` may have a log beside it. */
  mayHaveLog(path: string): boolean {
    return (this.#written.get(path)?.lines ?? 0) > 0 || this.#foreignLogs.has(path);
  }

  /** The write that brings the checkpoint at `path` (`…/<id>.json`) to `saved`. */
  plan(path: string, saved: SavedTask): JournalWrite {
    const before = this.#written.get(path);
    const task = taskText(saved.task);
    const state = saved.task.state;
    const keys = new Set(saved.updates.map(updateKey));
    if (!before || before.task !== task || before.lines >= MAX_LOG_LINES) {
      const seq = ++this.#seq;
      const dropLog = this.mayHaveLog(path);
      this.#foreignLogs.delete(path);
      this.#written.set(path, { task, state, pending: keys, lines: 0 });
      return { kind: "record", text: JSON.stringify({ ...saved, seq }), dropLog };
    }
    const lines: JournalLine[] = [];
    for (const key of before.pending) {
      if (!keys.has(key)) lines.push({ seq: ++this.#seq, state, ack: key });
    }
    for (const u of saved.updates) {
      if (!before.pending.has(updateKey(u))) lines.push({ seq: ++this.#seq, state, update: u });
    }
    if (lines.length === 0 && state !== before.state) lines.push({ seq: ++this.#seq, state });
    if (lines.length === 0) return { kind: "none" };
    this.#written.set(path, { task, state, pending: keys, lines: before.lines + lines.length });
    return { kind: "append", text: lines.map((l) => JSON.stringify(l)).join("\n") + "\n" };
  }

  /**
   * Forgets a task file (removed, or a write of it failed: the next write is a record, and
   * drops the log, which may be there).
   */
  forget(path: string, logMayStay = false): void {
    this.#written.delete(path);
    if (logMayStay) this.#foreignLogs.add(path);
    else this.#foreignLogs.delete(path);
  }

  /** Forgets every task file under `dir`. */
  forgetUnder(dir: string): void {
    for (const p of [...this.#written.keys()]) if (p.startsWith(dir)) this.#written.delete(p);
    for (const p of [...this.#foreignLogs]) if (p.startsWith(dir)) this.#foreignLogs.delete(p);
  }
}

/** The log file beside a task record. */
export function logPath(recordPath: string): string {
  return recordPath.replace(/\.json$/, ".log");
}

/** A task as its record and log leave it (the log may be missing, or end in a cut line). */
export function replayTask(recordText: string, logText: string | undefined): SavedTask {
  const saved = JSON.parse(recordText) as SavedTask & { seq?: number };
  const task = saved.task;
  const updates = [...saved.updates ?? []];
  const after = saved.seq ?? Infinity;
  for (const text of (logText ?? "").split("\n")) {
    let line: JournalLine;
    try {
      line = JSON.parse(text) as JournalLine;
    } catch {
      continue; // empty, or cut short by a crash
    }
    if (typeof line?.seq !== "number" || line.seq <= after) continue;
    task.state = line.state;
    if (line.ack !== undefined) {
      const i = updates.findIndex((u) => updateKey(u) === line.ack);
      if (i >= 0) updates.splice(i, 1);
    }
    if (line.update && !updates.some((u) => updateKey(u) === updateKey(line.update!))) {
      updates.push(line.update);
    }
  }
  return { task, updates };
}

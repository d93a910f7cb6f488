/**
 * Agent checkpoints under `<work_dir>/meta`, a simplified Mesos meta dir, so that an agent
 * restarted on the same work dir (`--recover=reconnect`) keeps its id and port and finds the
 * executors it ran:
 *
 *     meta/slaves/latest-<slot>        id of the latest agent of agent slot <slot> (Mesos:
 *                                      slaves/latest); remove it to start as a new agent
 *     meta/slaves/port-<slot>          the slot's HTTP port, kept across ids (executors find
 *                                      their restarted agent at the same endpoint)
 *     meta/slaves/<id>/slave.info      AgentInfo JSON
 *     meta/slaves/<id>/executor_token.key   the key of executor tokens (0600)
 *     meta/slaves/<id>/frameworks/<fw>/executors/<ex>/runs/<container>/run.json
 *     …/runs/<container>/tasks/<task id>.json   the task and its pending updates
 *     …/runs/<container>/tasks/<task id>.log    later updates and acknowledgements (task_journal.ts)
 *
 * `run.json` holds the run's pid and sandbox for every framework (so a recovering agent can
 * destroy the executors it must not keep) and, for frameworks with `checkpoint: true` only, the
 * FrameworkInfo and ExecutorInfo; each task of such a run has its own file with the task and its
 * unacknowledged status updates, and a log its later updates and acknowledgements are appended
 * to (as Mesos keeps `tasks/<id>/task.info` and appends to `task.updates`), so an update touches
 * one task's log, not every task of the executor. Files are written to a temporary name and
 * renamed; writes are coalesced per file, built when written, done in order, and skipped when
 * the text equals what was last written there (`run.json` rarely changes: rewriting it on every
 * update, and each task file on each update and acknowledgement, was an eighth of an `up`'s busy
 * CPU with 500 pods, issue 17).
 */
import type { AgentInfo, ExecutorInfo, FrameworkInfo, TaskStatus } from "./mesos_types.ts";
import type { ExecutorRun, RunTask } from "./executor_run.ts";
import { logPath, replayTask, type SavedTask, TaskJournal } from "./task_journal.ts";

/**
 * A scheduled write: a whole file's text, a task's checkpoint, null to remove the run, or a
 * barrier resolved once every write scheduled before it is done.
 */
type Pending =
  | { text: () => string | null }
  | { task: () => SavedTask | null }
  | { barrier: () => void }
  | null;

/** What `run.json` holds. */
export interface RunCheckpoint {
  frameworkId: string;
  executorId: string;
  containerId: string;
  sandbox: string;
  kind: "custom" | "command" | "default";
  pid?: number;
  /** FrameworkInfo.checkpoint: only then are the fields below filled. */
  checkpoint: boolean;
  framework?: FrameworkInfo;
  info?: ExecutorInfo;
  tasks?: RunTask[];
  /** Unacknowledged status updates of the run's tasks, oldest first. */
  updates?: TaskStatus[];
}

/** An agent's state read back from its meta dir. */
export interface RecoveredAgent {
  agentId: string;
  port: number;
  info?: AgentInfo;
  tokenKey?: Uint8Array;
  runs: RunCheckpoint[];
}

/** Reads and writes the checkpoints of one agent slot. */
export class AgentCheckpoint {
  readonly meta: string;
  #dirty = new Map<string, Pending>();
  #pump: Promise<void> = Promise.resolve();
  #barriers = 0;
  /**
   * The newest barrier while nothing was scheduled after it: later callers share it (resolved
   * already is still right: nothing was written since).
   */
  #tail?: Promise<void>;
  /** Directories made by this process (a removed run forgets its own). */
  #dirs = new Set<string>();
  /** The text this process last wrote to each `run.json` it keeps. */
  #written = new Map<string, string>();
  readonly #journal = new TaskJournal();

  constructor(workDir: string, readonly slot: number) {
    this.meta = `${workDir}/meta/slaves`;
  }

  /** The slot's checkpointed port (undefined before any), and its latest agent, if any. */
  async recover(): Promise<{ port?: number; agent?: RecoveredAgent }> {
    const port = Number(await this.#read(`${this.meta}/port-${this.slot}`));
    const agentId = (await this.#read(`${this.meta}/latest-${this.slot}`))?.trim();
    const validPort = Number.isInteger(port) && port > 0 ? port : undefined;
    if (!agentId || validPort === undefined) return { port: validPort };
    const dir = `${this.meta}/${agentId}`;
    const info = await this.#read(`${dir}/slave.info`);
    const key = await this.#read(`${dir}/executor_token.key`);
    const runs: RunCheckpoint[] = [];
    for await (const path of runFiles(`${dir}/frameworks`)) {
      const text = await this.#read(path);
      if (!text) continue;
      const run = JSON.parse(text) as RunCheckpoint;
      if (run.checkpoint) Object.assign(run, await this.#readTasks(path));
      runs.push(run);
    }
    return {
      port: validPort,
      agent: {
        agentId,
        port: validPort,
        info: info ? JSON.parse(info) as AgentInfo : undefined,
        tokenKey: key ? Uint8Array.from(atob(key.trim()), (c) => c.charCodeAt(0)) : undefined,
        runs,
      },
    };
  }

  /** Records the slot's agent: id, port, AgentInfo and executor token key. */
  async writeAgent(info: AgentInfo, tokenKey?: Uint8Array): Promise<void> {
    const id = info.id!.value;
    await Deno.mkdir(`${this.meta}/${id}`, { recursive: true });
    if (tokenKey) {
      await atomicWrite(
        `${this.meta}/${id}/executor_token.key`,
        btoa(String.fromCharCode(...tokenKey)),
      );
    }
    await atomicWrite(`${this.meta}/${id}/slave.info`, JSON.stringify(info));
    await atomicWrite(`${this.meta}/port-${this.slot}`, String(info.port));
    await atomicWrite(`${this.meta}/latest-${this.slot}`, id);
  }

  /** Forgets the slot's agent id (MARK_AGENT_GONE): the next start is a new agent. */
  async forget(): Promise<void> {
    await this.flush();
    await Deno.remove(`${this.meta}/latest-${this.slot}`).catch(() => {});
  }

  /**
   * Schedules writing `run.json` of `run` and, for a checkpointing framework, the files of
   * `taskIds` (every task when undefined): a task still in the run gets its record and pending
   * updates (from `updates`), one that left it loses its file. Records are built when written,
   * from the run as it is then (with hundreds of tasks per executor, serialising all of them on
   * every update was a third of an `up`'s CPU).
   */
  saveRun(
    agentId: string,
    run: ExecutorRun,
    updates: (taskId: string) => TaskStatus[],
    taskIds?: readonly string[],
  ): void {
    const path = this.runPath(agentId, {
      frameworkId: run.frameworkId,
      executorId: run.info.executor_id.value,
      containerId: run.containerId,
    });
    this.#schedule(path, { text: () => JSON.stringify(runRecord(run)) });
    if (!checkpoints(run)) return;
    const dir = path.replace(/\/run\.json$/, "/tasks");
    for (const id of taskIds ?? [...run.tasks.keys()]) {
      const file = `${dir}/${encodeURIComponent(id)}.json`;
      this.#schedule(file, {
        task: () => {
          const task = run.tasks.get(id);
          return task ? { task, updates: updates(id) } : null;
        },
      });
    }
  }

  /** Schedules removing the checkpoint of an ended run. */
  removeRun(agentId: string, run: ExecutorRun): void {
    const path = this.runPath(agentId, {
      frameworkId: run.frameworkId,
      executorId: run.info.executor_id.value,
      containerId: run.containerId,
    });
    const dir = path.replace(/\/run\.json$/, "/");
    for (const p of [...this.#dirty.keys()]) if (p.startsWith(dir)) this.#dirty.delete(p);
    for (const d of [...this.#dirs]) if (`${d}/`.startsWith(dir)) this.#dirs.delete(d);
    for (const p of [...this.#written.keys()]) if (p.startsWith(dir)) this.#written.delete(p);
    this.#journal.forgetUnder(dir);
    this.#schedule(path, null);
  }

  /** Path of a run's `run.json`. */
  runPath(
    agentId: string,
    r: { frameworkId: string; executorId: string; containerId: string },
  ): string {
    return `${this.meta}/${agentId}/frameworks/${r.frameworkId}/executors/${r.executorId}` +
      `/runs/${r.containerId}/run.json`;
  }

  /** Resolves once every scheduled write is on disk. */
  async flush(): Promise<void> {
    while (this.#dirty.size > 0) await this.#pump;
    await this.#pump;
  }

  /**
   * Resolves once every write scheduled so far is on disk (or failed and was logged), without
   * waiting for writes scheduled later: the agent sends a LAUNCH only after its task's
   * checkpoint, as Mesos does, so a task an executor runs is never unknown to a recovered agent.
   */
  written(): Promise<void> {
    if (this.#tail) return this.#tail;
    const barrier = new Promise<void>((resolve) =>
      this.#schedule(`\0barrier:${++this.#barriers}`, { barrier: resolve })
    );
    this.#tail = barrier;
    return barrier;
  }

  #schedule(path: string, write: Pending): void {
    if (write === null || !("barrier" in write)) this.#tail = undefined;
    const idle = this.#dirty.size === 0;
    this.#dirty.set(path, write);
    if (idle) this.#pump = this.#pump.then(() => this.#writeAll());
  }

  async #writeAll(): Promise<void> {
    while (this.#dirty.size > 0) {
      const [path, write] = this.#dirty.entries().next().value!;
      this.#dirty.delete(path);
      try {
        if (write !== null && "barrier" in write) write.barrier();
        else if (write === null) {
          await Deno.remove(path.replace(/\/run\.json$/, ""), { recursive: true });
        } else if ("text" in write) {
          const body = write.text();
          if (body !== null && this.#written.get(path) !== body) {
            // Forget the old text first: a failed write must not make the next one look done.
            this.#written.delete(path);
            await this.#atomicWrite(path, body);
            this.#written.set(path, body);
          }
        } else await this.#writeTask(path, write.task());
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) {
          console.error(`mesos-local: cannot write the checkpoint ${path}: ${e}`);
        }
      }
    }
  }

  /** Brings a task's record and log to `saved` (null: the task left the run). */
  async #writeTask(path: string, saved: SavedTask | null): Promise<void> {
    if (saved === null) {
      const log = this.#journal.mayHaveLog(path);
      this.#journal.forget(path);
      if (log) await Deno.remove(logPath(path)).catch(() => {});
      await Deno.remove(path);
      return;
    }
    const write = this.#journal.plan(path, saved);
    try {
      if (write.kind === "record") {
        await this.#atomicWrite(path, write.text);
        if (write.dropLog) await Deno.remove(logPath(path)).catch(() => {});
      } else if (write.kind === "append") {
        await Deno.writeTextFile(logPath(path), write.text, { append: true, mode: 0o600 });
      }
    } catch (e) {
      this.#journal.forget(path, true); // the next write is a whole record, dropping the log
      throw e;
    }
  }

  async #atomicWrite(path: string, text: string): Promise<void> {
    const dir = path.replace(/\/[^/]+$/, "");
    if (!this.#dirs.has(dir)) {
      await Deno.mkdir(dir, { recursive: true });
      this.#dirs.add(dir);
    }
    await atomicWrite(path, text);
  }

  /** The tasks and pending updates in the task files beside a `run.json`. */
  async #readTasks(runJson: string): Promise<{ tasks: RunTask[]; updates: TaskStatus[] }> {
    const tasks: RunTask[] = [];
    const updates: TaskStatus[] = [];
    const dir = runJson.replace(/\/run\.json$/, "/tasks");
    try {
      for await (const e of Deno.readDir(dir)) {
        if (!e.isFile || !e.name.endsWith(".json")) continue;
        const text = await this.#read(`${dir}/${e.name}`);
        if (!text) continue;
        const log = await this.#read(`${dir}/${e.name.replace(/\.json$/, ".log")}`);
        if (log !== undefined) this.#journal.noteLog(`${dir}/${e.name}`);
        const saved = replayTask(text, log);
        tasks.push(saved.task);
        updates.push(...saved.updates);
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return { tasks, updates };
  }

  async #read(path: string): Promise<string | undefined> {
    return await Deno.readTextFile(path).catch(() => undefined);
  }
}

/** Whether `run`'s framework checkpoints its tasks (custom executors only). */
/** Whether the tasks of `run` are checkpointed (a checkpointing framework's custom executor). */
export function checkpoints(run: ExecutorRun): boolean {
  return run.framework.checkpoint === true && run.kind === "custom";
}

/** `run.json` of `run`: where it lives, and its infos if its framework checkpoints. */
function runRecord(run: ExecutorRun): RunCheckpoint {
  const checkpoint = checkpoints(run);
  const record: RunCheckpoint = {
    frameworkId: run.frameworkId,
    executorId: run.info.executor_id.value,
    containerId: run.containerId,
    sandbox: run.sandbox,
    kind: run.kind,
    pid: run.process?.pid,
    checkpoint,
  };
  if (checkpoint) {
    record.framework = run.framework;
    record.info = run.info;
  }
  return record;
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await Deno.writeTextFile(tmp, text, { mode: 0o600 });
  await Deno.rename(tmp, path);
}

/** Every `run.json` under `frameworks/*\/executors/*\/runs/*`. */
async function* runFiles(frameworks: string): AsyncGenerator<string> {
  const dirs = async (p: string) => {
    const out: string[] = [];
    try {
      for await (const e of Deno.readDir(p)) if (e.isDirectory) out.push(`${p}/${e.name}`);
    } catch {
      // absent
    }
    return out;
  };
  for (const fw of await dirs(frameworks)) {
    for (const ex of await dirs(`${fw}/executors`)) {
      for (const run of await dirs(`${ex}/runs`)) yield `${run}/run.json`;
    }
  }
}

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
 *     …/runs/<container>/tasks/<task id>.json
 *
 * `run.json` holds the run's pid and sandbox for every framework (so a recovering agent can
 * destroy the executors it must not keep) and, for frameworks with `checkpoint: true` only, the
 * FrameworkInfo and ExecutorInfo; each task of such a run has its own file with the task and its
 * unacknowledged status updates (as Mesos keeps `tasks/<id>/task.info` and `task.updates`), so an
 * update rewrites one small file, not every task of the executor. Files are written to a
 * temporary name and renamed; writes are coalesced per file, built when written, done in order,
 * and skipped when the text equals what was last written there (`run.json` rarely changes).
 * The writes are synchronous, in batches between event-loop turns: for these small files a
 * synchronous write and rename cost about half the CPU of the async ops (profile of issue 17).
 */
import type { AgentInfo, ExecutorInfo, FrameworkInfo, TaskStatus } from "./mesos_types.ts";
import type { ExecutorRun, RunTask } from "./executor_run.ts";

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
  #dirty = new Map<string, (() => string | null) | null>();
  #pump: Promise<void> = Promise.resolve();
  /** Directories made by this process (a removed run forgets its own). */
  #dirs = new Set<string>();
  /** The text this process last wrote to each checkpoint file it keeps. */
  #written = new Map<string, string>();

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
    this.#schedule(path, () => JSON.stringify(runRecord(run)));
    if (!checkpoints(run)) return;
    const dir = path.replace(/\/run\.json$/, "/tasks");
    for (const id of taskIds ?? [...run.tasks.keys()]) {
      const file = `${dir}/${encodeURIComponent(id)}.json`;
      this.#schedule(file, () => {
        const task = run.tasks.get(id);
        return task ? JSON.stringify({ task, updates: updates(id) }) : null;
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

  #schedule(path: string, text: (() => string | null) | null): void {
    const idle = this.#dirty.size === 0;
    this.#dirty.set(path, text);
    if (idle) this.#pump = this.#pump.then(() => this.#writeAll());
  }

  async #writeAll(): Promise<void> {
    let batch = 0;
    while (this.#dirty.size > 0) {
      // Let the event loop run between batches: a burst of hundreds of launches must not
      // hold it for the whole burst (and updates coming meanwhile coalesce).
      if (++batch % WRITES_PER_TURN === 0) await new Promise((r) => setTimeout(r, 0));
      const [path, text] = this.#dirty.entries().next().value!;
      this.#dirty.delete(path);
      try {
        const body = text === null ? null : text();
        if (text === null) {
          await Deno.remove(path.replace(/\/run\.json$/, ""), { recursive: true });
        } else if (body === null) {
          this.#written.delete(path);
          Deno.removeSync(path);
        } else if (this.#written.get(path) !== body) {
          const dir = path.replace(/\/[^/]+$/, "");
          if (!this.#dirs.has(dir)) {
            Deno.mkdirSync(dir, { recursive: true });
            this.#dirs.add(dir);
          }
          // Forget the old text first: a failed write must not make the next one look done.
          this.#written.delete(path);
          atomicWriteSync(path, body);
          this.#written.set(path, body);
        }
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) {
          console.error(`mesos-local: cannot write the checkpoint ${path}: ${e}`);
        }
      }
    }
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
        const saved = JSON.parse(text) as { task: RunTask; updates?: TaskStatus[] };
        tasks.push(saved.task);
        updates.push(...saved.updates ?? []);
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
function checkpoints(run: ExecutorRun): boolean {
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

/** Checkpoint files written synchronously before the pump yields to the event loop. */
const WRITES_PER_TURN = 64;

function atomicWriteSync(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  Deno.writeTextFileSync(tmp, text, { mode: 0o600 });
  Deno.renameSync(tmp, path);
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

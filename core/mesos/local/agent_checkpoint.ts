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
 *
 * `run.json` holds the run's pid and sandbox for every framework (so a recovering agent can
 * destroy the executors it must not keep) and, for frameworks with `checkpoint: true` only, the
 * FrameworkInfo, ExecutorInfo, tasks and unacknowledged status updates. Files are written to a
 * temporary name and renamed; writes are coalesced per file and done in order.
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
  #dirty = new Map<string, (() => string) | null>();
  #pump: Promise<void> = Promise.resolve();

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
      if (text) runs.push(JSON.parse(text) as RunCheckpoint);
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
   * Schedules writing `run.json` of `run` (its pending updates from `updates`). The record is
   * built when the write happens, from the run as it is then: a burst of launches and updates
   * on one executor costs one serialisation per write, not one per call (with hundreds of tasks
   * per executor, serialising on every call was a third of an `up`'s CPU).
   */
  saveRun(agentId: string, run: ExecutorRun, updates: (taskId: string) => TaskStatus[]): void {
    const path = this.runPath(agentId, {
      frameworkId: run.frameworkId,
      executorId: run.info.executor_id.value,
      containerId: run.containerId,
    });
    this.#schedule(path, () => JSON.stringify(runRecord(run, updates)));
  }

  /** Schedules removing the checkpoint of an ended run. */
  removeRun(agentId: string, run: ExecutorRun): void {
    this.#schedule(
      this.runPath(agentId, {
        frameworkId: run.frameworkId,
        executorId: run.info.executor_id.value,
        containerId: run.containerId,
      }),
      null,
    );
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

  #schedule(path: string, text: (() => string) | null): void {
    const idle = this.#dirty.size === 0;
    this.#dirty.set(path, text);
    if (idle) this.#pump = this.#pump.then(() => this.#writeAll());
  }

  async #writeAll(): Promise<void> {
    while (this.#dirty.size > 0) {
      const [path, text] = this.#dirty.entries().next().value!;
      this.#dirty.delete(path);
      try {
        if (text === null) {
          await Deno.remove(path.replace(/\/run\.json$/, ""), { recursive: true });
        } else {
          await Deno.mkdir(path.replace(/\/[^/]+$/, ""), { recursive: true });
          await atomicWrite(path, text());
        }
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) {
          console.error(`mesos-local: cannot write the checkpoint ${path}: ${e}`);
        }
      }
    }
  }

  async #read(path: string): Promise<string | undefined> {
    return await Deno.readTextFile(path).catch(() => undefined);
  }
}

/** The checkpoint record of `run`: where it lives, and its state if its framework checkpoints. */
function runRecord(run: ExecutorRun, updates: (taskId: string) => TaskStatus[]): RunCheckpoint {
  const checkpoint = run.framework.checkpoint === true && run.kind === "custom";
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
    record.tasks = [...run.tasks.values()];
    record.updates = record.tasks.flatMap((t) => updates(t.info.task_id.value));
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

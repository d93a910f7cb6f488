/**
 * The built-in DEFAULT executor (ExecutorInfo.type DEFAULT, LAUNCH_GROUP), as Mesos' default
 * executor behaves: each task of a group runs its CommandInfo as its own process group in the
 * executor's shared sandbox; every task reports TASK_STARTING, then (once all of the group were
 * started) TASK_RUNNING, then TASK_FINISHED (exit 0), TASK_FAILED (other exit, or a launch
 * failure) or TASK_KILLED. When a task ends TASK_FAILED or TASK_KILLED, every other live task of
 * the same group is killed (other groups on the executor are left alone). A kill sends SIGTERM,
 * then SIGKILL after the KILL's grace period, else the task's kill policy, else 3 s. The executor
 * exits once no task is left running.
 */
import type { KillPolicy, TaskInfo } from "./mesos_types.ts";
import type { Agent } from "./agent.ts";
import type { ExecutorRun } from "./executor_run.ts";
import { ExecutorProcess, type ProcessExit } from "./executor_process.ts";
import { executorEnvironment } from "./executor_env.ts";
import { makeStatus } from "./task_states.ts";
import { isTerminalState } from "./task_states.ts";

interface GroupTask {
  info: TaskInfo;
  group: string;
  process?: ExecutorProcess;
  killing: boolean;
  killTimer?: ReturnType<typeof setTimeout>;
  ended: boolean;
}

/** The default executor of one executor run (possibly several task groups). */
export class DefaultExecutor {
  #tasks = new Map<string, GroupTask>();
  #shuttingDown = false;
  #exited = false;

  constructor(
    readonly agent: Agent,
    readonly run: ExecutorRun,
    readonly onExit: (exit: ProcessExit) => void,
  ) {}

  /** Launches one task group and reports until all of its tasks end. */
  async launch(tasks: TaskInfo[]): Promise<void> {
    const run = this.run;
    const group = crypto.randomUUID();
    const mine = tasks.map((info) => {
      const t: GroupTask = { info, group, killing: false, ended: false };
      this.#tasks.set(info.task_id.value, t);
      return t;
    });
    try {
      await run.makeSandbox();
    } catch (e) {
      for (const t of mine) this.#end(t, "TASK_FAILED", `Failed to create the sandbox: ${e}`);
      return;
    }
    const env = executorEnvironment(run, {
      agentId: this.agent.id,
      endpoint: this.agent.endpoint,
      shutdownGraceSeconds: this.agent.opts.executorShutdownGraceSeconds ?? 5,
    });
    const errors = new Map<GroupTask, string>();
    for (const t of mine) {
      this.#update(t, "TASK_STARTING");
      try {
        t.process = await ExecutorProcess.spawn(t.info.command ?? {}, run.sandbox, {
          ...env,
          MESOS_TASK_ID: t.info.task_id.value,
          MESOS_CONTAINER_IP: "127.0.0.1",
        });
      } catch (e) {
        errors.set(t, e instanceof Error ? e.message : String(e));
      }
    }
    for (const t of mine) {
      if (!t.process) continue;
      if (t.killing || run.tasks.get(t.info.task_id.value)?.killRequested) {
        t.process.kill("SIGKILL");
      } else this.#update(t, "TASK_RUNNING");
    }
    for (const [t, why] of errors) this.#end(t, "TASK_FAILED", `Failed to launch: ${why}`);
    await Promise.all(
      mine.filter((t) => t.process).map(async (t) => {
        const exit = await t.process!.exited;
        clearTimeout(t.killTimer);
        const ok = exit.signal === null && exit.code === 0;
        const how = exit.signal
          ? `Command terminated with signal ${exit.signal}`
          : `Command exited with status ${exit.code}`;
        this.#end(t, t.killing ? "TASK_KILLED" : ok ? "TASK_FINISHED" : "TASK_FAILED", how);
      }),
    );
  }

  /** KILL of one task: SIGTERM, then SIGKILL after the grace period. */
  kill(taskId: string, policy: KillPolicy | undefined): void {
    const t = this.#tasks.get(taskId);
    if (!t || t.ended || t.killing) return;
    t.killing = true;
    if (this.run.framework.capabilities?.some((c) => c.type === "TASK_KILLING_STATE")) {
      this.#update(t, "TASK_KILLING");
    }
    if (!t.process) return;
    t.process.kill("SIGTERM");
    const ns = policy?.grace_period?.nanoseconds ??
      t.info.kill_policy?.grace_period?.nanoseconds;
    const graceMs = ns === undefined ? 3000 : Number(ns) / 1e6;
    t.killTimer = setTimeout(() => t.process?.kill("SIGKILL"), graceMs);
  }

  /** SHUTDOWN: every task is killed, without the group policy. */
  shutdown(): void {
    this.#shuttingDown = true;
    for (const id of this.#tasks.keys()) this.kill(id, undefined);
    this.#maybeExit();
  }

  /** Kills every task at once (agent shutdown). */
  destroy(): void {
    this.#shuttingDown = true;
    for (const t of this.#tasks.values()) {
      t.killing = true;
      clearTimeout(t.killTimer);
      t.process?.kill("SIGKILL");
    }
    this.#maybeExit();
  }

  #end(t: GroupTask, state: string, message: string): void {
    if (t.ended) return;
    t.ended = true;
    this.#update(t, state, message);
    if ((state === "TASK_FAILED" || state === "TASK_KILLED") && !this.#shuttingDown) {
      for (const other of this.#tasks.values()) {
        if (other.group === t.group && !other.ended) {
          this.kill(other.info.task_id.value, undefined);
        }
      }
    }
    this.#maybeExit();
  }

  #maybeExit(): void {
    if (this.#exited) return;
    const live = [...this.#tasks.values()].some((t) =>
      !t.ended && !(t.process === undefined && this.#shuttingDown)
    );
    const pending = [...this.run.tasks.values()].some((t) =>
      !t.delivered && !isTerminalState(t.state)
    );
    if (live || pending) return;
    this.#exited = true;
    this.onExit({ code: 0, signal: null, waitStatus: 0 });
  }

  #update(t: GroupTask, state: string, message?: string): void {
    this.agent.recordUpdate(
      this.run,
      makeStatus({
        taskId: t.info.task_id.value,
        state,
        source: "SOURCE_EXECUTOR",
        message,
        agentId: this.agent.id,
        executorId: this.run.info.executor_id.value,
        reliable: true,
      }),
    );
  }
}

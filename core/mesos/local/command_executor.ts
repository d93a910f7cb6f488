/**
 * The built-in command executor: runs a command task's CommandInfo as a process group in the
 * sandbox and reports TASK_STARTING, TASK_RUNNING, then TASK_FINISHED / TASK_FAILED /
 * TASK_KILLED as executor updates (SOURCE_EXECUTOR, with uuid), as Mesos' command executor does.
 * A KILL sends SIGTERM and SIGKILL after the kill policy's grace period (default 3 s).
 */
import type { KillPolicy, TaskInfo } from "./mesos_types.ts";
import type { Agent } from "./agent.ts";
import type { ExecutorRun } from "./executor_run.ts";
import { ExecutorProcess, type ProcessExit } from "./executor_process.ts";
import { executorEnvironment } from "./executor_env.ts";
import { makeStatus } from "./task_states.ts";

/** The command executor of one command task. */
export class CommandExecutor {
  #process: ExecutorProcess | null = null;
  #taskId = "";
  #killTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly agent: Agent,
    readonly run: ExecutorRun,
    readonly onExit: (exit: ProcessExit) => void,
  ) {}

  /** Starts the task's command and reports until it ends. */
  async launch(task: TaskInfo): Promise<void> {
    const run = this.run;
    this.#taskId = task.task_id.value;
    try {
      await run.makeSandbox();
      const env = executorEnvironment(run, {
        agentId: this.agent.id,
        endpoint: this.agent.endpoint,
        shutdownGraceSeconds: this.agent.opts.executorShutdownGraceSeconds ?? 5,
      });
      this.#process = await ExecutorProcess.spawn(task.command ?? {}, run.sandbox, env);
      run.process = this.#process;
      this.agent.checkpointRun(run, []);
    } catch (e) {
      this.#update("TASK_FAILED", `Failed to launch the command: ${String(e)}`);
      this.onExit({ code: 1, signal: null, waitStatus: 1 << 8 });
      return;
    }
    if (run.tasks.get(this.#taskId)?.killRequested) this.#process.kill("SIGKILL");
    this.#update("TASK_STARTING");
    this.#update("TASK_RUNNING");
    const exit = await this.#process.exited;
    clearTimeout(this.#killTimer);
    const killed = run.tasks.get(this.#taskId)?.killRequested ?? false;
    const ok = exit.signal === null && exit.code === 0;
    const state = killed ? "TASK_KILLED" : ok ? "TASK_FINISHED" : "TASK_FAILED";
    const message = exit.signal
      ? `Command terminated with signal ${exit.signal}`
      : `Command exited with status ${exit.code}`;
    this.#update(state, message);
    this.onExit(exit);
  }

  /** KILL: SIGTERM now, SIGKILL after the grace period. */
  kill(policy: KillPolicy | undefined): void {
    const task = this.run.tasks.get(this.#taskId);
    if (task) task.killRequested = true;
    if (!this.#process) return;
    if (this.run.framework.capabilities?.some((c) => c.type === "TASK_KILLING_STATE")) {
      this.#update("TASK_KILLING");
    }
    this.#process.kill("SIGTERM");
    const ns = policy?.grace_period?.nanoseconds;
    const graceMs = ns === undefined ? 3000 : Number(ns) / 1e6;
    this.#killTimer = setTimeout(() => this.#process?.kill("SIGKILL"), graceMs);
  }

  /** Kills the command at once (agent shutdown). */
  destroy(): void {
    clearTimeout(this.#killTimer);
    const task = this.run.tasks.get(this.#taskId);
    if (task) task.killRequested = true;
    this.#process?.kill("SIGKILL");
  }

  #update(state: string, message?: string): void {
    this.agent.recordUpdate(
      this.run,
      makeStatus({
        taskId: this.#taskId,
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

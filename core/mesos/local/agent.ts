/**
 * A local Mesos agent: its own id, hostname, port, resources and attributes; starts executors
 * (custom ones as child processes, command tasks through the built-in command executor), serves
 * the executor API (agent_http.ts), keeps per-task update streams (status_update_manager.ts) and
 * reports to the master through a MasterLink.
 */
import type {
  AgentInfo,
  ExecutorInfo,
  FrameworkInfo,
  KillPolicy,
  TaskInfo,
  TaskStatus,
} from "./mesos_types.ts";
import type { AgentLink, AgentSnapshot, MasterLink } from "./links.ts";
import { commandExecutorInfo, type ExecutorRun } from "./executor_run.ts";
import { StatusUpdateManager } from "./status_update_manager.ts";
import { isTerminalState, makeStatus } from "./task_states.ts";
import { Http1Server } from "./http1_server.ts";
import { agentHandler } from "./agent_http.ts";
import { agentSnapshot } from "./agent_snapshot.ts";
import { ExecutorLauncher } from "./executor_launcher.ts";
import type { AgentOptions } from "./agent_options.ts";
import { startReregistrationTimers } from "./agent_recovery.ts";
import { checkpoints } from "./agent_checkpoint.ts";

export type { AgentOptions } from "./agent_options.ts";

/** One agent of the local cluster. */
export class Agent implements AgentLink {
  readonly id: string;
  readonly port: number;
  readonly endpoint: string;
  readonly runs = new Map<string, ExecutorRun>();
  readonly frameworks = new Map<string, FrameworkInfo>();
  readonly updates: StatusUpdateManager;
  readonly launcher: ExecutorLauncher;
  master: MasterLink;
  /** True while recovering checkpoints: the executor API answers 503, as in Mesos. */
  recovering = false;
  #removedFrameworks = new Set<string>();
  #server: Http1Server;
  #detached = false;
  #heartbeat: ReturnType<typeof setInterval>;

  private constructor(readonly opts: AgentOptions, master: MasterLink) {
    this.id = opts.id;
    this.master = master;
    this.#server = this.#listen(opts.port ?? 0);
    this.port = this.#server.addr.port;
    this.endpoint = `127.0.0.1:${this.port}`;
    this.updates = new StatusUpdateManager(
      (fwId, status, latest) => {
        if (!this.#detached) this.master.statusUpdate(this.id, fwId, status, latest);
      },
      opts.statusUpdateRetry ?? { initialMs: 10_000, maxMs: 600_000 },
    );
    this.launcher = new ExecutorLauncher(this);
    this.#heartbeat = setInterval(() => {
      for (const run of this.runs.values()) run.send({ type: "HEARTBEAT" });
    }, opts.executorHeartbeatMs ?? 30 * 60_000);
  }

  #listen(port: number): Http1Server {
    return new Http1Server({ hostname: "127.0.0.1", port }, agentHandler(this));
  }

  /**
   * Simulates a restart of the agent process with checkpointing: every executor stream drops,
   * the HTTP API is down for `downtimeMs`, then executors must re-subscribe within the
   * re-registration timeout or are destroyed. Executors, tasks and pending updates survive.
   */
  async restart(downtimeMs = 200): Promise<void> {
    for (const run of this.runs.values()) {
      if (run.state === "TERMINATED") continue;
      run.recovering = true;
      run.stream?.close();
    }
    await this.#server.shutdown();
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    this.#server = this.#listen(this.port);
    for (const run of this.runs.values()) if (run.kind === "command") run.recovering = false;
    startReregistrationTimers(this);
  }

  /** Starts the agent's HTTP server; register it with the master afterwards. */
  static start(opts: AgentOptions, master: MasterLink): Agent {
    return new Agent(opts, master);
  }

  /** AgentInfo as the master and executors see it. */
  info(): AgentInfo {
    return {
      hostname: this.opts.hostname,
      id: { value: this.id },
      port: this.port,
      resources: this.opts.resources,
      attributes: this.opts.attributes ?? [],
    };
  }

  /** What this agent runs, for re-registration with a new master. */
  snapshot = (): AgentSnapshot => agentSnapshot(this);

  /** The run of an executor, if it is not terminated. */
  run(frameworkId: string, executorId: string): ExecutorRun | undefined {
    return this.runs.get(`${frameworkId}/${executorId}`);
  }

  /**
   * Schedules checkpointing `run` and of its tasks those in `taskIds` (all when undefined; none
   * for `[]`, when only the run changed), with their unacknowledged updates.
   */
  checkpointRun(run: ExecutorRun, taskIds?: readonly string[]): void {
    if (run.state === "TERMINATED" || !this.reporting) return;
    this.opts.checkpoint?.saveRun(
      this.id,
      run,
      (t) => this.updates.pending(run.frameworkId, t),
      taskIds,
    );
  }

  /** Records a reliable update of a task of `run` and queues it for the framework. */
  recordUpdate(run: ExecutorRun, status: TaskStatus): boolean {
    const task = run.tasks.get(status.task_id.value);
    if (task) task.state = status.state;
    if (this.#removedFrameworks.has(run.frameworkId)) return true;
    const added = this.updates.add(run.frameworkId, status);
    this.checkpointRun(run, [status.task_id.value]);
    return added;
  }

  /** An agent-generated reliable update (executor exit, kill before delivery…). */
  agentUpdate(
    run: ExecutorRun,
    taskId: string,
    state: string,
    reason: string,
    message: string,
  ): void {
    this.recordUpdate(
      run,
      makeStatus({
        taskId,
        state,
        source: "SOURCE_AGENT",
        reason,
        message,
        agentId: this.id,
        executorId: run.info.executor_id.value,
        reliable: true,
      }),
    );
  }

  // ---- AgentLink ---------------------------------------------------------------------------

  /** Delivers tasks to their executor, starting it when it does not run yet. */
  runTasks(
    framework: FrameworkInfo,
    executor: ExecutorInfo | undefined,
    tasks: TaskInfo[],
    group: boolean,
  ): void {
    const fwId = framework.id!.value;
    this.frameworks.set(fwId, framework);
    this.#removedFrameworks.delete(fwId);
    const info = executor ?? commandExecutorInfo(fwId, tasks[0]);
    let run = this.run(fwId, info.executor_id.value);
    if (run && run.state === "TERMINATING") {
      for (const t of tasks) {
        run.tasks.set(t.task_id.value, {
          info: t,
          state: "TASK_STAGING",
          delivered: false,
          killRequested: false,
        });
        this.agentUpdate(
          run,
          t.task_id.value,
          "TASK_LOST",
          "REASON_EXECUTOR_TERMINATED",
          "Executor is terminating",
        );
      }
      return;
    }
    if (!run) {
      const kind = !executor ? "command" : executor.type === "DEFAULT" ? "default" : "custom";
      run = this.launcher.launch(framework, info, kind);
    }
    const groupKey = group ? crypto.randomUUID() : undefined;
    for (const t of tasks) {
      run.tasks.set(t.task_id.value, {
        info: t,
        state: "TASK_STAGING",
        delivered: false,
        killRequested: false,
        group: groupKey,
      });
    }
    const event = group
      ? { type: "LAUNCH_GROUP", launch_group: { task_group: { tasks } } }
      : { type: "LAUNCH", launch: { task: tasks[0] } };
    const ids = tasks.map((t) => t.task_id.value);
    this.checkpointRun(run, ids);
    // As Mesos' agent: the task is on disk before its executor hears of it, else an agent that
    // dies in between recovers without the task while the executor runs it (TASK_GONE, leaked).
    const launched = run;
    this.afterCheckpoint(run, () => {
      const live = ids.some((id) => launched.tasks.get(id)?.state === "TASK_STAGING");
      if (live && launched.state !== "TERMINATED" && launched.state !== "TERMINATING") {
        this.launcher.deliver(launched, event, ids);
      }
    });
  }

  /**
   * Runs `then` once what was checkpointed of `run` so far is on disk (at once when its tasks
   * are not checkpointed). What an executor is told (a LAUNCH, an ACKNOWLEDGED update) must
   * survive an agent crash: Mesos writes before it sends.
   */
  afterCheckpoint(run: ExecutorRun, then: () => void): void {
    const store = this.opts.checkpoint;
    if (!store || !this.reporting || !checkpoints(run)) return then();
    store.written().then(() => {
      if (this.reporting) then();
    });
  }

  /** Kills a task: before delivery it is KILLED at once, after it the executor gets KILL. */
  killTask(frameworkId: string, taskId: string, killPolicy?: KillPolicy): void {
    const run = [...this.runs.values()].find((r) =>
      r.frameworkId === frameworkId && r.tasks.has(taskId)
    );
    const task = run?.tasks.get(taskId);
    if (!run || !task || isTerminalState(task.state)) return;
    task.killRequested = true;
    if (!task.delivered) {
      const victims = task.group
        ? [...run.tasks.values()].filter((t) => t.group === task.group)
        : [task];
      for (const v of victims) {
        this.agentUpdate(
          run,
          v.info.task_id.value,
          "TASK_KILLED",
          "REASON_TASK_KILLED_DURING_LAUNCH",
          "Killed before delivery to the executor",
        );
      }
      if ([...run.tasks.values()].every((t) => isTerminalState(t.state))) {
        this.launcher.shutdown(run);
      }
      return;
    }
    this.launcher.kill(run, taskId, killPolicy);
  }

  /** SHUTDOWN to one executor. */
  shutdownExecutor(frameworkId: string, executorId: string): void {
    const run = this.run(frameworkId, executorId);
    if (run) this.launcher.shutdown(run);
  }

  /** Shuts down a removed framework's executors and drops its pending updates. */
  shutdownFramework(frameworkId: string): void {
    this.#removedFrameworks.add(frameworkId);
    this.updates.removeFramework(frameworkId);
    for (const run of this.runs.values()) {
      if (run.frameworkId === frameworkId) this.launcher.shutdown(run);
    }
  }

  /** The framework acknowledged an update; a task whose terminal update is acked is dropped. */
  acknowledge(frameworkId: string, taskId: string, uuid: string): void {
    if (!this.updates.acknowledge(frameworkId, taskId, uuid)) return;
    const drained = this.updates.pending(frameworkId, taskId).length === 0;
    for (const run of this.runs.values()) {
      const task = run.frameworkId === frameworkId ? run.tasks.get(taskId) : undefined;
      if (!task) continue;
      if (drained && isTerminalState(task.state)) run.tasks.delete(taskId);
      this.checkpointRun(run, [taskId]);
    }
  }

  /** Framework → executor MESSAGE (unreliable). */
  sendMessage(frameworkId: string, executorId: string, data: string): void {
    this.run(frameworkId, executorId)?.send({ type: "MESSAGE", message: { data } });
  }

  /** The framework resubscribed: resend its pending updates. */
  resumeUpdates(frameworkId: string): void {
    this.updates.resume(frameworkId);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Whether the agent reports to the master (false once removed or closed). */
  get reporting(): boolean {
    return !this.#detached;
  }

  /** Stops reporting, kills every executor group, waits for them, closes the HTTP server. */
  async close(): Promise<void> {
    this.#detached = true;
    clearInterval(this.#heartbeat);
    await this.launcher.destroyAll();
    await this.opts.checkpoint?.flush();
    this.updates.close();
    await this.#server.shutdown();
  }
}

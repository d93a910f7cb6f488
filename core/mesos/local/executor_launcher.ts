/**
 * Starting, killing and reaping executor runs on an agent: sandbox creation, the child process,
 * the registration timeout, SHUTDOWN with its grace period, and what happens when an executor
 * exits (its unfinished tasks become TASK_FAILED / REASON_EXECUTOR_TERMINATED, the framework
 * gets FAILURE).
 */
import type { ExecutorInfo, FrameworkInfo, KillPolicy, MesosEvent } from "./mesos_types.ts";
import type { Agent } from "./agent.ts";
import { ExecutorRun } from "./executor_run.ts";
import { ExecutorProcess, type ProcessExit } from "./executor_process.ts";
import { executorEnvironment } from "./executor_env.ts";
import { CommandExecutor } from "./command_executor.ts";
import { DefaultExecutor } from "./default_executor.ts";
import { isTerminalState } from "./task_states.ts";
import { ExecutorTokens } from "./executor_tokens.ts";
import { logger } from "../../util/log.ts";
import { adoptedProcess } from "./agent_recovery.ts";

const log = logger("mesos-local");

/** Manages the executor runs of one agent. */
export class ExecutorLauncher {
  #commands = new Map<ExecutorRun, CommandExecutor>();
  #defaults = new Map<ExecutorRun, DefaultExecutor>();
  #exits = new Set<Promise<void>>();

  /** Mints the executors' MESOS_EXECUTOR_AUTHENTICATION_TOKEN when they are authenticated. */
  readonly tokens: ExecutorTokens | undefined;

  constructor(readonly agent: Agent) {
    this.tokens = agent.opts.authentication?.executors
      ? new ExecutorTokens(agent.opts.executorTokenKey)
      : undefined;
  }

  /** Takes over a recovered run whose executor process group is `pid` (-1: already gone). */
  adopt(run: ExecutorRun, pid: number): void {
    const process = adoptedProcess(pid);
    run.process = process;
    this.#track(process.exited.then((exit) => this.#exited(run, exit)));
  }

  /** Creates a run, registers it on the agent and starts its process in the background. */
  launch(
    framework: FrameworkInfo,
    info: ExecutorInfo,
    kind: "custom" | "command" | "default",
  ): ExecutorRun {
    const fwId = framework.id!.value;
    const a = this.agent;
    const base = `${a.opts.workDir}/slaves/${a.id}/frameworks/${fwId}/executors/` +
      `${info.executor_id.value}/runs`;
    const run = new ExecutorRun(fwId, framework, info, base, kind);
    a.runs.set(run.key, run);
    if (kind === "command") {
      run.state = "RUNNING";
      this.#commands.set(run, new CommandExecutor(a, run, (exit) => this.#exited(run, exit)));
      return run;
    }
    if (kind === "default") {
      run.state = "RUNNING";
      this.#defaults.set(run, new DefaultExecutor(a, run, (exit) => this.#exited(run, exit)));
      return run;
    }
    const started = this.#start(run);
    this.#track(started);
    return run;
  }

  async #start(run: ExecutorRun): Promise<void> {
    const a = this.agent;
    try {
      await run.makeSandbox();
      if (run.state === "TERMINATED") return;
      const env = executorEnvironment(run, {
        agentId: a.id,
        endpoint: a.endpoint,
        shutdownGraceSeconds: a.opts.executorShutdownGraceSeconds ?? 5,
        recoveryTimeoutMs: a.opts.recoveryTimeoutMs,
        authenticationToken: await this.tokens?.issue({
          fid: run.frameworkId,
          eid: run.info.executor_id.value,
          cid: run.containerId,
        }),
      });
      run.process = await ExecutorProcess.spawn(run.info.command ?? {}, run.sandbox, env);
      a.checkpointRun(run, []);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      log.warn(`agent ${a.id}: executor ${run.info.executor_id.value} failed to start: ${why}`);
      this.#failTasks(run, "TASK_FAILED", "REASON_CONTAINER_LAUNCH_FAILED", why);
      this.#finish(run, 1 << 8);
      return;
    }
    if (run.state === "TERMINATING") run.process.kill("SIGKILL");
    run.registrationTimer = setTimeout(() => {
      if (run.state !== "REGISTERING") return;
      run.registrationTimedOut = true;
      run.process?.kill("SIGKILL");
    }, a.opts.executorRegistrationTimeoutMs ?? 60_000);
    const exit = await run.process.exited;
    this.#exited(run, exit);
  }

  #track(p: Promise<void>): void {
    this.#exits.add(p);
    p.finally(() => this.#exits.delete(p));
  }

  /** Delivers a LAUNCH / LAUNCH_GROUP to the run's executor. */
  deliver(run: ExecutorRun, event: MesosEvent, taskIds: string[]): void {
    const command = this.#commands.get(run);
    if (command) {
      for (const id of taskIds) run.tasks.get(id)!.delivered = true;
      this.#track(command.launch(run.tasks.get(taskIds[0])!.info));
      return;
    }
    const builtin = this.#defaults.get(run);
    if (builtin) {
      for (const id of taskIds) run.tasks.get(id)!.delivered = true;
      this.#track(builtin.launch(taskIds.map((id) => run.tasks.get(id)!.info)));
      return;
    }
    run.deliver(event, taskIds);
  }

  /** KILL of a delivered task. */
  kill(run: ExecutorRun, taskId: string, policy?: KillPolicy): void {
    const command = this.#commands.get(run);
    if (command) return command.kill(policy);
    const builtin = this.#defaults.get(run);
    if (builtin) return builtin.kill(taskId, policy);
    const kill: Record<string, unknown> = { task_id: { value: taskId } };
    if (policy) kill.kill_policy = policy;
    run.sendKill({ type: "KILL", kill }, taskId);
  }

  /** SHUTDOWN: the executor is told, and destroyed after its grace period. */
  shutdown(run: ExecutorRun): void {
    if (run.state === "TERMINATING" || run.state === "TERMINATED") return;
    const wasSubscribed = run.subscribed;
    run.state = "TERMINATING";
    run.shutdownRequested = true;
    const command = this.#commands.get(run);
    if (command) return command.kill(undefined);
    const builtin = this.#defaults.get(run);
    if (builtin) return builtin.shutdown();
    if (!wasSubscribed) {
      run.process?.kill("SIGKILL");
      return;
    }
    run.send({ type: "SHUTDOWN" });
    const grace = run.gracePeriodSeconds(this.agent.opts.executorShutdownGraceSeconds ?? 5);
    run.shutdownTimer = setTimeout(() => run.process?.kill("SIGKILL"), grace * 1000);
  }

  /** Kills every executor group at once and waits until all are reaped. */
  async destroyAll(): Promise<void> {
    for (const run of this.agent.runs.values()) {
      run.state = "TERMINATING";
      run.process?.kill("SIGKILL");
      this.#commands.get(run)?.destroy();
      this.#defaults.get(run)?.destroy();
    }
    while (this.#exits.size > 0) await Promise.allSettled([...this.#exits]);
  }

  /**
   * Gives the unfinished tasks of an ended executor their terminal state: TASK_KILLED when a
   * KILL was pending, TASK_LOST after a SHUTDOWN (as Mesos documents), else `state`.
   */
  #failTasks(run: ExecutorRun, state: string, reason: string, message: string): void {
    for (const t of run.tasks.values()) {
      if (isTerminalState(t.state)) continue;
      const final = t.killRequested
        ? "TASK_KILLED"
        : run.shutdownRequested && state === "TASK_FAILED"
        ? "TASK_LOST"
        : state;
      this.agent.agentUpdate(run, t.info.task_id.value, final, reason, message);
    }
  }

  #exited(run: ExecutorRun, exit: ProcessExit): void {
    if (run.state === "TERMINATED") return;
    const reason = run.registrationTimedOut
      ? "REASON_EXECUTOR_REGISTRATION_TIMEOUT"
      : run.reregistrationTimedOut
      ? "REASON_EXECUTOR_REREGISTRATION_TIMEOUT"
      : "REASON_EXECUTOR_TERMINATED";
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with status ${exit.code}`;
    if (this.agent.reporting) {
      this.#failTasks(run, "TASK_FAILED", reason, `Executor terminated: ${how}`);
    }
    this.#finish(run, exit.waitStatus);
  }

  #finish(run: ExecutorRun, waitStatus: number): void {
    run.state = "TERMINATED";
    clearTimeout(run.registrationTimer);
    clearTimeout(run.reregistrationTimer);
    clearTimeout(run.shutdownTimer);
    run.stream?.close();
    this.#commands.delete(run);
    this.#defaults.delete(run);
    const a = this.agent;
    if (a.runs.get(run.key) === run) a.runs.delete(run.key);
    a.opts.checkpoint?.removeRun(a.id, run);
    if (a.reporting && run.kind !== "command") {
      a.master.executorExited(a.id, run.frameworkId, run.info.executor_id.value, waitStatus);
    }
  }
}

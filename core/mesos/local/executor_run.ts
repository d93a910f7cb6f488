/**
 * One run of an executor on an agent (one container, one sandbox): its ExecutorInfo, process,
 * subscription stream, the tasks given to it and the LAUNCH events waiting for it to subscribe.
 */
import type { ExecutorInfo, FrameworkInfo, MesosEvent, TaskInfo } from "./mesos_types.ts";
import type { EventStream } from "./event_stream.ts";
import type { ExecutorProcess } from "./executor_process.ts";
import { uuidText } from "./ids.ts";
import { isTerminalState } from "./task_states.ts";

/** A task as its agent tracks it. */
export interface RunTask {
  info: TaskInfo;
  /** Latest state (STAGING until the executor reports). */
  state: string;
  /** True once its LAUNCH/LAUNCH_GROUP reached the executor. */
  delivered: boolean;
  /** A KILL or SHUTDOWN was requested for it. */
  killRequested: boolean;
  /** Tasks launched together in one LAUNCH_GROUP share this key. */
  group?: string;
}

/** Lifecycle of an executor run. */
export type RunState = "REGISTERING" | "RUNNING" | "TERMINATING" | "TERMINATED";

/** An executor run. */
export class ExecutorRun {
  readonly containerId: string;
  /** `<runs dir>/<container id>`: the executor's cwd and MESOS_DIRECTORY. */
  readonly sandbox: string;
  state: RunState = "REGISTERING";
  stream: EventStream | null = null;
  process: ExecutorProcess | null = null;
  readonly tasks = new Map<string, RunTask>();
  /** LAUNCH / LAUNCH_GROUP events held until the executor subscribes. */
  queued: { event: MesosEvent; taskIds: string[] }[] = [];
  /** KILLs of delivered tasks that came while the executor was not subscribed (recovery). */
  queuedKills: { event: MesosEvent; taskId: string }[] = [];
  registrationTimer?: ReturnType<typeof setTimeout>;
  shutdownTimer?: ReturnType<typeof setTimeout>;
  registrationTimedOut = false;
  /** A SHUTDOWN was sent (framework request, teardown or agent stop). */
  shutdownRequested = false;
  /** The agent restarted and waits for this executor to re-subscribe. */
  recovering = false;
  reregistrationTimer?: ReturnType<typeof setTimeout>;
  reregistrationTimedOut = false;

  constructor(
    readonly frameworkId: string,
    public framework: FrameworkInfo,
    readonly info: ExecutorInfo,
    runsDir: string,
    /** "command" runs are the built-in command executor of one command task. */
    readonly kind: "custom" | "command" | "default",
    containerId = uuidText(),
  ) {
    this.containerId = containerId;
    this.sandbox = `${runsDir}/${this.containerId}`;
  }

  /** `<framework>/<executor>`, the key of the run on its agent. */
  get key(): string {
    return `${this.frameworkId}/${this.info.executor_id.value}`;
  }

  /** Whether an executor subscription stream is open. */
  get subscribed(): boolean {
    return this.stream !== null && this.stream.open;
  }

  /** Sends an event to the subscribed executor (false when not subscribed). */
  send(event: MesosEvent): boolean {
    return this.stream !== null && this.stream.send(event);
  }

  /**
   * Sends a KILL now if subscribed, else holds it until the executor (re-)subscribes: a
   * recovered agent's executors are not back yet, and a dropped KILL leaves the task running.
   */
  sendKill(event: MesosEvent, taskId: string): void {
    if (!(this.subscribed && this.send(event))) this.queuedKills.push({ event, taskId });
  }

  /** Delivers a LAUNCH/LAUNCH_GROUP now if subscribed, else queues it. */
  deliver(event: MesosEvent, taskIds: string[]): void {
    if (this.subscribed && this.send(event)) {
      for (const id of taskIds) this.tasks.get(id)!.delivered = true;
      return;
    }
    this.queued.push({ event, taskIds });
  }

  /** Sends the queued launches, then the queued KILLs of live tasks, after a subscription. */
  flushQueued(): void {
    const queued = this.queued;
    this.queued = [];
    for (const q of queued) {
      const live = q.taskIds.filter((id) => this.tasks.get(id)?.state === "TASK_STAGING");
      if (live.length === 0) continue;
      this.deliver(q.event, q.taskIds);
    }
    const kills = this.queuedKills;
    this.queuedKills = [];
    for (const k of kills) {
      const task = this.tasks.get(k.taskId);
      if (task && !isTerminalState(task.state)) this.sendKill(k.event, k.taskId);
    }
  }

  /** Creates the sandbox and points `runs/latest` at it, as the Mesos agent does. */
  async makeSandbox(): Promise<void> {
    await Deno.mkdir(this.sandbox, { recursive: true });
    const latest = `${this.sandbox}/../latest`;
    await Deno.remove(latest).catch(() => {});
    await Deno.symlink(this.containerId, latest).catch(() => {});
  }

  /** Shutdown grace period of this executor in seconds (ExecutorInfo, else `fallback`). */
  gracePeriodSeconds(fallback: number): number {
    const ns = this.info.shutdown_grace_period?.nanoseconds;
    return ns === undefined ? fallback : Number(ns) / 1e9;
  }
}

/** The ExecutorInfo the agent makes up for a command task (executor id = task id). */
export function commandExecutorInfo(frameworkId: string, task: TaskInfo): ExecutorInfo {
  return {
    executor_id: { value: task.task_id.value },
    framework_id: { value: frameworkId },
    name: `Command Executor (Task: ${task.task_id.value}) (Command: ${task.command?.value ?? ""})`,
    command: task.command,
    resources: [],
  };
}

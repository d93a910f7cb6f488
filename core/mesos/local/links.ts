/**
 * The two in-process seams between the master and its agents: what the master asks of an agent
 * (`AgentLink`) and what an agent reports to the master (`MasterLink`). A master restart swaps
 * the `MasterLink` and the agents re-register with a snapshot of what they run.
 */
import type {
  AgentInfo,
  ExecutorInfo,
  FrameworkInfo,
  KillPolicy,
  TaskInfo,
  TaskStatus,
} from "./mesos_types.ts";

/** A task as an agent reports it when (re)registering. */
export interface AgentTaskReport {
  frameworkId: string;
  executorId: string;
  task: TaskInfo;
  state: string;
}

/** What an agent tells a (new) master about itself. */
export interface AgentSnapshot {
  info: AgentInfo;
  frameworks: FrameworkInfo[];
  executors: { frameworkId: string; info: ExecutorInfo }[];
  tasks: AgentTaskReport[];
}

/** The master's handle on one agent. */
export interface AgentLink {
  readonly id: string;
  /** `host:port` the agent's HTTP API listens on. */
  readonly endpoint: string;
  /** AgentInfo (hostname, id, port, resources, attributes). */
  info(): AgentInfo;
  /** Delivers tasks (one LAUNCH each, or one LAUNCH_GROUP) to their executor, starting it. */
  runTasks(
    framework: FrameworkInfo,
    executor: ExecutorInfo | undefined,
    tasks: TaskInfo[],
    group: boolean,
  ): void;
  /** Kills a task (before delivery: TASK_KILLED at once; after: KILL to the executor). */
  killTask(frameworkId: string, taskId: string, killPolicy?: KillPolicy): void;
  /** SHUTDOWN to one executor, destroyed after its grace period. */
  shutdownExecutor(frameworkId: string, executorId: string): void;
  /** Shuts down every executor of a removed framework and forgets its updates. */
  shutdownFramework(frameworkId: string): void;
  /** The framework acknowledged update `uuid` of a task. */
  acknowledge(frameworkId: string, taskId: string, uuid: string): void;
  /** Framework → executor MESSAGE. */
  sendMessage(frameworkId: string, executorId: string, data: string): void;
  /** The framework (re)subscribed: resend pending updates now. */
  resumeUpdates(frameworkId: string): void;
}

/** What agents report to the master. */
export interface MasterLink {
  /**
   * A status update for the framework; `latestState` is the newest state the agent knows for
   * the task (it may be ahead of the forwarded update). True when it reached the framework.
   */
  statusUpdate(
    agentId: string,
    frameworkId: string,
    status: TaskStatus,
    latestState: string,
  ): boolean;
  /** An executor process ended with `waitStatus` (POSIX wait status). */
  executorExited(
    agentId: string,
    frameworkId: string,
    executorId: string,
    waitStatus: number,
  ): void;
  /** Executor → framework MESSAGE. */
  executorMessage(agentId: string, frameworkId: string, executorId: string, data: string): void;
}

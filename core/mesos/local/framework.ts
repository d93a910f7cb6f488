/**
 * The master's record of one framework: its FrameworkInfo, its current subscription stream,
 * suppressed roles, offer filters, tasks (live and completed) and executors per agent.
 */
import type {
  ExecutorInfo,
  FrameworkInfo,
  MesosEvent,
  Resource,
  TaskInfo,
  TaskStatus,
} from "./mesos_types.ts";
import type { EventStream } from "./event_stream.ts";

/** A task as the master tracks it. */
export interface MasterTask {
  info: TaskInfo;
  frameworkId: string;
  agentId: string;
  /** The custom executor running it, or the task id for a command task. */
  executorId: string;
  /** Latest state known to the master (STAGING on launch). */
  state: string;
  /** State and uuid of the latest update forwarded to the framework (for acknowledgements). */
  statusUpdateState?: string;
  statusUpdateUuid?: string;
  /** Resources charged to the agent while the task is not terminal. */
  resources: Resource[];
  /** True once the task's resources were given back. */
  released: boolean;
  /** Status updates the master saw for the task, oldest first, without their `data`. */
  statuses?: TaskStatus[];
  /** When the task became unreachable (its agent was removed), epoch ms. */
  unreachableSince?: number;
}

/** A refusal to be offered `resources` of `agentId` for `role` until `until` (epoch ms). */
export interface OfferFilter {
  agentId: string;
  role: string;
  resources: Resource[];
  until: number;
}

/** The master's record of one framework. */
export class Framework {
  stream: EventStream | null = null;
  streamId: string | null = null;
  suppressedRoles = new Set<string>();
  filters: OfferFilter[] = [];
  /** Live tasks, and terminal ones whose terminal update is not yet acknowledged. */
  tasks = new Map<string, MasterTask>();
  completedTasks: MasterTask[] = [];
  /** agentId → executorId → the ExecutorInfo that started it. */
  executors = new Map<string, Map<string, ExecutorInfo>>();
  failoverTimer: ReturnType<typeof setTimeout> | undefined;
  registeredAt = Date.now() / 1000;
  /** When the framework last subscribed again (failover), in seconds. */
  reregisteredAt: number | undefined;
  unregisteredAt: number | undefined;

  constructor(readonly id: string, public info: FrameworkInfo) {}

  /** Whether a subscription stream is open. */
  get connected(): boolean {
    return this.stream !== null && this.stream.open;
  }

  /** The roles the framework subscribes with (`roles` under MULTI_ROLE, else `role`). */
  roles(): string[] {
    if (this.hasCapability("MULTI_ROLE")) return this.info.roles ?? [];
    return [this.info.role ?? "*"];
  }

  /** Whether FrameworkInfo lists the capability `type`. */
  hasCapability(type: string): boolean {
    return (this.info.capabilities ?? []).some((c) => c.type === type);
  }

  /** Sends an event on the current stream; false when disconnected. */
  send(event: MesosEvent): boolean {
    return this.stream !== null && this.stream.send(event);
  }

  /** The ExecutorInfo of `executorId` on `agentId`, if the framework runs it there. */
  executor(agentId: string, executorId: string): ExecutorInfo | undefined {
    return this.executors.get(agentId)?.get(executorId);
  }

  /** Records an executor started on an agent. */
  addExecutor(agentId: string, info: ExecutorInfo): void {
    let m = this.executors.get(agentId);
    if (!m) this.executors.set(agentId, m = new Map());
    m.set(info.executor_id.value, info);
  }

  /** Forgets an executor (it terminated). */
  removeExecutor(agentId: string, executorId: string): void {
    this.executors.get(agentId)?.delete(executorId);
  }

  /** Moves a task to the completed list (bounded like Mesos' completed-task buffer). */
  completeTask(task: MasterTask): void {
    this.tasks.delete(task.info.task_id.value);
    this.completedTasks.push(task);
    if (this.completedTasks.length > 1000) this.completedTasks.shift();
  }
}

/**
 * The shapes of the Mesos v1 messages the local master and agents read and write, in the
 * project's JSON convention (snake_case keys, enum names, bytes as base64, 64-bit integers as
 * decimal strings). Values decoded by the codec are narrowed to these types after the codec has
 * checked them against the schema; fields we never look at stay open (`[key: string]: unknown`).
 */

import type { MesosResource as Resource } from "../resources.ts";

/** A resource of an agent, offer, task or executor (core/mesos/resources.ts's type). */
export type { Resource };

/** Any `*ID` message: `{value}`. */
export interface MesosId {
  value: string;
}

/** An agent attribute (`rack:r1`). */
export interface Attribute {
  name: string;
  type: string;
  text?: { value: string };
  scalar?: { value: number };
  ranges?: { range?: { begin: string | number; end: string | number }[] };
  set?: { item?: string[] };
}

/** CommandInfo: what a process runs. */
export interface CommandInfo {
  value?: string;
  shell?: boolean;
  arguments?: string[];
  user?: string;
  environment?: { variables?: { name: string; value?: string; type?: string }[] };
  [key: string]: unknown;
}

/** ExecutorInfo of a custom (or the built-in command) executor. */
export interface ExecutorInfo {
  executor_id: MesosId;
  framework_id?: MesosId;
  command?: CommandInfo;
  resources?: Resource[];
  type?: string;
  name?: string;
  shutdown_grace_period?: { nanoseconds: string | number };
  container?: { type?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** KillPolicy of a task or a KILL call. */
export interface KillPolicy {
  grace_period?: { nanoseconds: string | number };
}

/** TaskInfo as launched by a framework. */
export interface TaskInfo {
  name: string;
  task_id: MesosId;
  agent_id: MesosId;
  resources?: Resource[];
  executor?: ExecutorInfo;
  command?: CommandInfo;
  data?: string;
  kill_policy?: KillPolicy;
  [key: string]: unknown;
}

/** TaskStatus of an UPDATE. */
export interface TaskStatus {
  task_id: MesosId;
  state: string;
  message?: string;
  source?: string;
  reason?: string;
  data?: string;
  agent_id?: MesosId;
  executor_id?: MesosId;
  timestamp?: number;
  uuid?: string;
  healthy?: boolean;
  unreachable_time?: { nanoseconds: string | number };
  [key: string]: unknown;
}

/** FrameworkInfo of a SUBSCRIBE. */
export interface FrameworkInfo {
  user: string;
  name: string;
  id?: MesosId;
  failover_timeout?: number;
  checkpoint?: boolean;
  role?: string;
  roles?: string[];
  capabilities?: { type?: string }[];
  hostname?: string;
  principal?: string;
  [key: string]: unknown;
}

/** AgentInfo as told to executors and operators. */
export interface AgentInfo {
  hostname: string;
  id?: MesosId;
  port?: number;
  resources?: Resource[];
  attributes?: Attribute[];
}

/** An offer of one agent's resources to one framework role. */
export interface Offer {
  id: MesosId;
  framework_id: MesosId;
  agent_id: MesosId;
  hostname: string;
  resources: Resource[];
  executor_ids: MesosId[];
  attributes: Attribute[];
  url?: unknown;
  allocation_info?: { role: string };
}

/** Offer.Operation (LAUNCH, LAUNCH_GROUP, RESERVE, UNRESERVE are applied; others refused). */
export interface OfferOperation {
  type?: string;
  id?: MesosId;
  launch?: { task_infos?: TaskInfo[] };
  launch_group?: { executor: ExecutorInfo; task_group: { tasks?: TaskInfo[] } };
  reserve?: { resources?: Resource[] };
  unreserve?: { resources?: Resource[] };
  [key: string]: unknown;
}

/** mesos.v1.scheduler.Call. */
export interface SchedulerCall {
  framework_id?: MesosId;
  type?: string;
  subscribe?: { framework_info: FrameworkInfo; suppressed_roles?: string[] };
  accept?: {
    offer_ids?: MesosId[];
    operations?: OfferOperation[];
    filters?: { refuse_seconds?: number };
  };
  decline?: { offer_ids?: MesosId[]; filters?: { refuse_seconds?: number } };
  revive?: { roles?: string[] };
  suppress?: { roles?: string[] };
  kill?: { task_id: MesosId; agent_id?: MesosId; kill_policy?: KillPolicy };
  shutdown?: { executor_id: MesosId; agent_id: MesosId };
  acknowledge?: { agent_id: MesosId; task_id: MesosId; uuid: string };
  reconcile?: { tasks?: { task_id: MesosId; agent_id?: MesosId }[] };
  message?: { agent_id: MesosId; executor_id: MesosId; data: string };
  accept_inverse_offers?: {
    inverse_offer_ids?: MesosId[];
    filters?: { refuse_seconds?: number };
  };
  decline_inverse_offers?: {
    inverse_offer_ids?: MesosId[];
    filters?: { refuse_seconds?: number };
  };
  [key: string]: unknown;
}

/** mesos.v1.executor.Call. */
export interface ExecutorCall {
  executor_id: MesosId;
  framework_id: MesosId;
  type?: string;
  subscribe?: {
    unacknowledged_tasks?: TaskInfo[];
    unacknowledged_updates?: { status: TaskStatus }[];
  };
  update?: { status: TaskStatus };
  message?: { data: string };
}

/** A JSON event of either stream (scheduler or executor). */
export type MesosEvent = { type: string; [key: string]: unknown };

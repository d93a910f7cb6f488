/**
 * Validation of the offers named by an ACCEPT and of each TaskInfo and ExecutorInfo it launches,
 * with the checks and messages of Mesos' master/validation.cpp.
 */
import type { ExecutorInfo, Resource, TaskInfo } from "./mesos_types.ts";
import type { Framework } from "./framework.ts";
import type { OfferBook } from "./offer_book.ts";
import { invalidIdReason } from "./ids.ts";
import { encodeMesos } from "../codec.ts";
import {
  addResources,
  containsResources,
  formatResources,
  isEmptyResources,
  resourceProblem,
  scalarOf,
} from "./resource_ops.ts";

/**
 * Checks the offers of an ACCEPT/DECLINE: at least one, distinct, still outstanding, held by
 * this framework, all of one agent and one allocation role. Returns the error, if any.
 */
export function offersError(
  offers: OfferBook,
  fw: Framework,
  offerIds: string[],
): string | undefined {
  if (offerIds.length === 0) return "No offers specified";
  if (new Set(offerIds).size !== offerIds.length) return "Duplicate offers in the same call";
  let agentId: string | undefined;
  let role: string | undefined;
  for (const id of offerIds) {
    const rec = offers.get(id);
    if (!rec) return `Offer ${id} is no longer valid`;
    if (rec.frameworkId !== fw.id) {
      return `Offer ${id} has invalid framework ${rec.frameworkId} while framework ${fw.id} ` +
        "is expected";
    }
    if (agentId !== undefined && rec.agentId !== agentId) {
      return `Aggregated offers must belong to one single agent. Offer ${id} uses agent ` +
        `${rec.agentId} and agent ${agentId}`;
    }
    if (role !== undefined && rec.role !== role) {
      return `Aggregated offers must be allocated to the same role. Offer ${id} uses role ` +
        `${rec.role} and role ${role}`;
    }
    agentId = rec.agentId;
    role = rec.role;
  }
  return undefined;
}

const bytesCache = new WeakMap<ExecutorInfo, string>();

/** Canonical bytes of an ExecutorInfo, for Mesos' protobuf-equality check (cached). */
function executorBytes(info: ExecutorInfo): string {
  let bytes = bytesCache.get(info);
  if (bytes === undefined) {
    bytes = encodeMesos("mesos.v1.ExecutorInfo", info).join(",");
    bytesCache.set(info, bytes);
  }
  return bytes;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${
      keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
        .join(",")
    }}`;
  }
  return JSON.stringify(v);
}

/**
 * True when two ExecutorInfos are protobuf-equal. Structurally equal JSON is equal on the wire;
 * otherwise the encoded bytes decide (e.g. 5 and "5" for an int64).
 */
export function sameExecutor(a: ExecutorInfo, b: ExecutorInfo): boolean {
  return stableJson(a) === stableJson(b) || executorBytes(a) === executorBytes(b);
}

function resourcesError(resources: Resource[]): string | undefined {
  for (const r of resources) {
    const problem = resourceProblem(r);
    if (problem) return problem;
  }
  const revocable = resources.filter((r) => r.revocable !== undefined).length;
  if (revocable > 0 && revocable < resources.length) {
    return "Task and executor cannot mix revocable and non-revocable resources";
  }
  return undefined;
}

/** Checks an ExecutorInfo of a LAUNCH or LAUNCH_GROUP. */
export function executorError(
  fw: Framework,
  executor: ExecutorInfo,
  group: boolean,
): string | undefined {
  const idProblem = invalidIdReason(executor.executor_id.value);
  if (idProblem) return `Executor ID '${executor.executor_id.value}' is invalid: ${idProblem}`;
  if (executor.framework_id && executor.framework_id.value !== fw.id) {
    return `ExecutorInfo has an invalid FrameworkID (Actual: ${executor.framework_id.value} vs ` +
      `Expected: ${fw.id})`;
  }
  if (group) {
    if (executor.type === undefined) return "'ExecutorInfo.type' must be set";
    if (executor.type === "DEFAULT" && executor.command !== undefined) {
      return "'ExecutorInfo.command' must not be set for 'DEFAULT' executor";
    }
    const res = executor.resources ?? [];
    if (scalarOf(res, "cpus") < 0.01 || scalarOf(res, "mem") < 32) {
      return "Executor resources must include at least 0.01 cpus and 32 MB mem";
    }
    if (!res.some((r) => r.name === "disk")) return "Executor resources must include disk";
  } else if (executor.type !== undefined && executor.type !== "CUSTOM") {
    return `'ExecutorInfo.type' must be 'CUSTOM' for a LAUNCH, got '${executor.type}'`;
  }
  if (executor.type !== "DEFAULT" && executor.command === undefined) {
    return "'ExecutorInfo.command' must be set for 'CUSTOM' executor";
  }
  return resourcesError(executor.resources ?? []);
}

/** What task validation needs to know beyond the task itself. */
export interface TaskContext {
  fw: Framework;
  agentId: string;
  /** Resources of the accepted offers not yet consumed by earlier operations. */
  pool: Resource[];
  /** The executor already running (or launched earlier in this ACCEPT) with this id. */
  existingExecutor?: ExecutorInfo;
}

/** Checks one TaskInfo of a LAUNCH; returns the TASK_ERROR message, or undefined. */
export function taskError(task: TaskInfo, ctx: TaskContext): string | undefined {
  const id = task.task_id.value;
  const idProblem = invalidIdReason(id);
  if (idProblem) return `Task ID '${id}' is invalid: ${idProblem}`;
  if (task.agent_id.value !== ctx.agentId) {
    return `Task uses invalid agent: ${task.agent_id.value}`;
  }
  if (ctx.fw.tasks.has(id)) return `Task has duplicate ID: ${id}`;
  if ((task.executor === undefined) === (task.command === undefined)) {
    return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
  }
  let needed = task.resources ?? [];
  if (isEmptyResources(needed)) return "Task uses no resources";
  const problem = resourcesError(needed);
  if (problem) return `Task uses invalid resources: ${problem}`;
  if (task.executor) {
    const execProblem = executorError(ctx.fw, task.executor, false);
    if (execProblem) return execProblem;
    if (ctx.existingExecutor) {
      if (!sameExecutor(ctx.existingExecutor, task.executor)) {
        return `ExecutorInfo is not compatible with existing ExecutorInfo of executor ` +
          `'${task.executor.executor_id.value}' on agent ${ctx.agentId}`;
      }
    } else {
      needed = addResources(needed, task.executor.resources ?? []);
    }
  }
  if (!containsResources(ctx.pool, needed)) {
    return `Task uses more resources ${formatResources(needed)} than available ` +
      `${formatResources(ctx.pool)}`;
  }
  return undefined;
}

/**
 * Checks a LAUNCH_GROUP: the group's executor, each task (ids, agent, resources, an executor
 * equal to the group's if set), and that tasks plus a new executor fit in `pool`.
 */
export function groupError(
  fw: Framework,
  agentId: string,
  executor: ExecutorInfo,
  existing: ExecutorInfo | undefined,
  tasks: TaskInfo[],
  pool: Resource[],
): string | undefined {
  const execProblem = executorError(fw, executor, true);
  if (execProblem) return execProblem;
  if (existing && !sameExecutor(existing, executor)) {
    return `ExecutorInfo is not compatible with existing ExecutorInfo of executor ` +
      `'${executor.executor_id.value}' on agent ${agentId}`;
  }
  if (tasks.length === 0) return "Task group must contain at least one task";
  let needed: Resource[] = existing ? [] : executor.resources ?? [];
  const seen = new Set<string>();
  for (const task of tasks) {
    const id = task.task_id.value;
    const idProblem = invalidIdReason(id);
    if (idProblem) return `Task ID '${id}' is invalid: ${idProblem}`;
    if (task.agent_id.value !== agentId) return `Task uses invalid agent: ${task.agent_id.value}`;
    if (fw.tasks.has(id) || seen.has(id)) return `Task has duplicate ID: ${id}`;
    seen.add(id);
    if (
      task.executor &&
      !sameExecutor({ ...task.executor, framework_id: executor.framework_id }, executor)
    ) {
      return `The executor of task '${id}' differs from the task group's executor`;
    }
    const rs = task.resources ?? [];
    if (isEmptyResources(rs)) return `Task '${id}' uses no resources`;
    const problem = resourcesError(rs);
    if (problem) return `Task '${id}' uses invalid resources: ${problem}`;
    needed = addResources(needed, rs);
  }
  if (!containsResources(pool, needed)) {
    return `Task group uses more resources ${formatResources(needed)} than available ` +
      `${formatResources(pool)}`;
  }
  return undefined;
}

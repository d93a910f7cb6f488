/**
 * ACCEPT and DECLINE: offer validation (a bad offer set drops every task with
 * REASON_INVALID_OFFERS), then LAUNCH / LAUNCH_GROUP applied in order on the union of the offers,
 * with TASK_ERROR for invalid tasks, and the unused resources declined with the call's filter.
 */
import type {
  ExecutorInfo,
  OfferOperation,
  Resource,
  SchedulerCall,
  TaskInfo,
} from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { AgentRecord, Master } from "./master.ts";
import { groupError, offersError, taskError } from "./task_validation.ts";
import { makeStatus } from "./task_states.ts";
import {
  accountingForm,
  addResources,
  isEmptyResources,
  launchForm,
  releaseResources,
} from "./resource_ops.ts";
import { logger } from "../../util/log.ts";
import { offerReservation } from "./reservations.ts";

const log = logger("mesos-local");
const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/** refuse_seconds as Mesos applies it: default 5, negative → default, capped at 365 days. */
export function refuseSeconds(filters: { refuse_seconds?: number } | undefined): number {
  const v = filters?.refuse_seconds;
  if (v === undefined || !Number.isFinite(Number(v)) || Number(v) < 0) return 5;
  return Math.min(Number(v), MAX_REFUSE_SECONDS);
}

function launchedTasks(op: OfferOperation): TaskInfo[] {
  if (op.type === "LAUNCH") return op.launch?.task_infos ?? [];
  if (op.type === "LAUNCH_GROUP") return op.launch_group?.task_group?.tasks ?? [];
  return [];
}

/** Declines resources: they go back to the agent, filtered for this framework if asked. */
function recover(
  fw: Framework,
  agentId: string,
  role: string,
  resources: Resource[],
  refuse: number,
): void {
  if (refuse > 0 && !isEmptyResources(resources)) {
    fw.filters.push({
      agentId,
      role,
      resources: accountingForm(resources),
      until: Date.now() + refuse * 1000,
    });
  }
}

/** DECLINE: each offer of this framework is removed and its resources filtered. */
export function decline(master: Master, fw: Framework, call: SchedulerCall): void {
  const refuse = refuseSeconds(call.decline?.filters);
  for (const { value } of call.decline?.offer_ids ?? []) {
    const rec = master.offers.get(value);
    if (!rec || rec.frameworkId !== fw.id) continue;
    master.removeOffer(value, false);
    master.metrics.offersDeclined++;
    recover(fw, rec.agentId, rec.role, rec.offer.resources, refuse);
  }
}

/** ACCEPT: validates the offers, applies the operations, declines what is left. */
export function accept(master: Master, fw: Framework, call: SchedulerCall): void {
  const offerIds = (call.accept?.offer_ids ?? []).map((o) => o.value);
  const operations = call.accept?.operations ?? [];
  const invalid = offersError(master.offers, fw, offerIds);
  if (invalid) {
    for (const id of offerIds) {
      if (master.offers.get(id)?.frameworkId === fw.id) master.removeOffer(id, false);
    }
    const state = fw.hasCapability("PARTITION_AWARE") ? "TASK_DROPPED" : "TASK_LOST";
    for (const task of operations.flatMap(launchedTasks)) {
      master.sendUpdate(
        fw,
        makeStatus({
          taskId: task.task_id.value,
          state,
          source: "SOURCE_MASTER",
          reason: "REASON_INVALID_OFFERS",
          message: `Task launched with invalid offers: ${invalid}`,
          agentId: task.agent_id.value,
        }),
      );
    }
    return;
  }
  const records = offerIds.map((id) => master.offers.take(id)!);
  master.metrics.offersAccepted += records.length;
  const agentId = records[0].agentId;
  const role = records[0].role;
  const agent = master.agents.get(agentId);
  let pool: Resource[] = records.reduce<Resource[]>(
    (sum, r) => addResources(sum, launchForm(r.offer.resources, role)),
    [],
  );
  for (const op of operations) {
    if (!agent) break;
    if (op.type === "LAUNCH") {
      for (const task of op.launch?.task_infos ?? []) {
        pool = launchOne(master, fw, agent, role, pool, task);
      }
    } else if (op.type === "LAUNCH_GROUP" && op.launch_group) {
      pool = launchGroup(master, fw, agent, role, pool, op.launch_group);
    } else if (op.type === "RESERVE" || op.type === "UNRESERVE") {
      pool = offerReservation(master, agentId, role, pool, op);
    } else {
      log.warn(`framework ${fw.id}: offer operation ${op.type} is not supported by mesos-local`);
    }
  }
  recover(fw, agentId, role, pool, refuseSeconds(call.accept?.filters));
}

function taskErrorUpdate(
  master: Master,
  fw: Framework,
  task: TaskInfo,
  message: string,
  reason = "REASON_TASK_INVALID",
): void {
  master.metrics.tasksInvalid++;
  master.sendUpdate(
    fw,
    makeStatus({
      taskId: task.task_id.value,
      state: "TASK_ERROR",
      source: "SOURCE_MASTER",
      reason,
      message,
      agentId: task.agent_id.value,
    }),
  );
}

function withRole(task: TaskInfo, role: string, fwId: string): TaskInfo {
  const out: TaskInfo = { ...task, resources: launchForm(task.resources ?? [], role) };
  if (task.executor) out.executor = withExecutorRole(task.executor, role, fwId);
  return out;
}

function withExecutorRole(e: ExecutorInfo, role: string, fwId: string): ExecutorInfo {
  return {
    ...e,
    framework_id: e.framework_id ?? { value: fwId },
    resources: launchForm(e.resources ?? [], role),
  };
}

/** Records a task as STAGING and charges its resources; returns what is left of the pool. */
function track(
  master: Master,
  fw: Framework,
  agent: AgentRecord,
  task: TaskInfo,
  executorId: string,
  pool: Resource[],
  charged: Resource[],
): Resource[] {
  const mt: MasterTask = {
    info: task,
    frameworkId: fw.id,
    agentId: agent.link.id,
    executorId,
    state: "TASK_STAGING",
    resources: task.resources ?? [],
    released: false,
  };
  fw.tasks.set(task.task_id.value, mt);
  master.operatorEvents.taskAdded(mt);
  master.charge(agent.link.id, mt.resources);
  master.metrics.tasksLaunched++;
  return releaseResources(pool, charged);
}

function launchOne(
  master: Master,
  fw: Framework,
  agent: AgentRecord,
  role: string,
  pool: Resource[],
  raw: TaskInfo,
): Resource[] {
  const task = withRole(raw, role, fw.id);
  const agentId = agent.link.id;
  const existing = task.executor
    ? fw.executor(agentId, task.executor.executor_id.value)
    : undefined;
  const error = taskError(task, { fw, agentId, pool, existingExecutor: existing });
  if (error) {
    log.v(1, `framework ${fw.id}: task ${task.task_id.value} refused: ${error}`);
    taskErrorUpdate(master, fw, task, error);
    return pool;
  }
  let charged = task.resources ?? [];
  if (task.executor && !existing) {
    charged = addResources(charged, task.executor.resources ?? []);
    master.addExecutor(fw, agentId, task.executor);
  }
  const executorId = task.executor?.executor_id.value ?? task.task_id.value;
  const rest = track(master, fw, agent, task, executorId, pool, charged);
  log.v(2, `framework ${fw.id}: launching task ${task.task_id.value} on agent ${agentId}`);
  agent.link.runTasks(fw.info, task.executor, [task], false);
  return rest;
}

function launchGroup(
  master: Master,
  fw: Framework,
  agent: AgentRecord,
  role: string,
  pool: Resource[],
  group: NonNullable<OfferOperation["launch_group"]>,
): Resource[] {
  const agentId = agent.link.id;
  const executor = withExecutorRole(group.executor, role, fw.id);
  const existing = fw.executor(agentId, executor.executor_id.value);
  const tasks = (group.task_group.tasks ?? []).map((t) => withRole(t, role, fw.id));
  const error = groupError(fw, agentId, executor, existing, tasks, pool);
  if (error) {
    for (const task of tasks) {
      taskErrorUpdate(master, fw, task, error, "REASON_TASK_GROUP_INVALID");
    }
    return pool;
  }
  let rest = pool;
  if (!existing) {
    master.addExecutor(fw, agentId, executor);
    rest = releaseResources(rest, executor.resources ?? []);
  }
  const delivered = tasks.map((t) => ({ ...t, executor }));
  for (const task of delivered) {
    rest = track(master, fw, agent, task, executor.executor_id.value, rest, task.resources ?? []);
  }
  agent.link.runTasks(fw.info, executor, delivered, true);
  return rest;
}

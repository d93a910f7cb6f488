/**
 * Call-level validation of scheduler calls (Mesos' validation::scheduler::call::validate) and
 * the handlers of every call but SUBSCRIBE and ACCEPT/DECLINE.
 */
import type { SchedulerCall } from "./mesos_types.ts";
import type { Framework } from "./framework.ts";
import type { Master } from "./master.ts";
import { removeFramework } from "./master_subscribe.ts";
import { accept, decline } from "./accept_call.ts";
import { reconcile } from "./reconciliation.ts";
import { isValidUuidBase64 } from "./ids.ts";
import { isTerminalState } from "./task_states.ts";
import { textResponse } from "./http_rules.ts";

const SUB_MESSAGE: Record<string, keyof SchedulerCall | undefined> = {
  SUBSCRIBE: "subscribe",
  TEARDOWN: undefined,
  ACCEPT: "accept",
  DECLINE: "decline",
  ACCEPT_INVERSE_OFFERS: "accept_inverse_offers",
  DECLINE_INVERSE_OFFERS: "decline_inverse_offers",
  REVIVE: undefined,
  SUPPRESS: undefined,
  KILL: "kill",
  SHUTDOWN: "shutdown",
  ACKNOWLEDGE: "acknowledge",
  ACKNOWLEDGE_OPERATION_STATUS: "acknowledge_operation_status",
  RECONCILE: "reconcile",
  RECONCILE_OPERATIONS: "reconcile_operations",
  MESSAGE: "message",
  REQUEST: "request",
  UPDATE_FRAMEWORK: "update_framework",
};

/** Why a decoded call is invalid (Mesos answers 400 with this text), or undefined. */
export function validateCall(call: SchedulerCall): string | undefined {
  if (call.type === undefined || call.type === "UNKNOWN") return "Expecting 'type' to be present";
  if (!(call.type in SUB_MESSAGE)) return `Unknown call type '${call.type}'`;
  const sub = SUB_MESSAGE[call.type];
  if (sub !== undefined && call[sub] === undefined) {
    return `Expecting '${sub}' to be present`;
  }
  if (call.type === "SUBSCRIBE") {
    const infoId = call.subscribe!.framework_info.id?.value;
    if (call.framework_id?.value !== infoId) {
      return "'framework_id' differs from 'subscribe.framework_info.id'";
    }
    return undefined;
  }
  if (call.framework_id === undefined) return "Expecting 'framework_id' to be present";
  if (call.type === "ACKNOWLEDGE" && !isValidUuidBase64(call.acknowledge!.uuid)) {
    return "'acknowledge.uuid' is not a valid UUID";
  }
  return undefined;
}

function rolesOf(fw: Framework, roles: string[] | undefined): string[] {
  return roles && roles.length > 0 ? roles : fw.roles();
}

/** Handles a validated non-SUBSCRIBE call of a subscribed framework; 202 unless refused. */
export function handleCall(master: Master, fw: Framework, call: SchedulerCall): Response {
  switch (call.type) {
    case "TEARDOWN":
      removeFramework(master, fw);
      break;
    case "ACCEPT":
      accept(master, fw, call);
      break;
    case "DECLINE":
      decline(master, fw, call);
      break;
    case "REVIVE": {
      const roles = rolesOf(fw, call.revive?.roles);
      for (const r of roles) fw.suppressedRoles.delete(r);
      fw.filters = fw.filters.filter((f) => !roles.includes(f.role));
      master.allocateSoon();
      break;
    }
    case "SUPPRESS":
      for (const r of rolesOf(fw, call.suppress?.roles)) fw.suppressedRoles.add(r);
      break;
    case "KILL":
      kill(master, fw, call.kill!);
      break;
    case "SHUTDOWN": {
      const agent = master.agents.get(call.shutdown!.agent_id.value);
      agent?.link.shutdownExecutor(fw.id, call.shutdown!.executor_id.value);
      break;
    }
    case "ACKNOWLEDGE":
      acknowledge(master, fw, call.acknowledge!);
      break;
    case "RECONCILE":
      reconcile(master, fw, call.reconcile!.tasks ?? []);
      break;
    case "MESSAGE": {
      const m = call.message!;
      master.agents.get(m.agent_id.value)?.link.sendMessage(fw.id, m.executor_id.value, m.data);
      break;
    }
    case "UPDATE_FRAMEWORK": {
      const res = updateFramework(fw, call);
      if (res.status === 200) master.operatorEvents.frameworkUpdated(fw);
      return res;
    }
    case "ACCEPT_INVERSE_OFFERS": {
      const a = call.accept_inverse_offers!;
      master.maintenance.answer(fw, a.inverse_offer_ids ?? [], "ACCEPT", a.filters);
      break;
    }
    case "DECLINE_INVERSE_OFFERS": {
      const d = call.decline_inverse_offers!;
      master.maintenance.answer(fw, d.inverse_offer_ids ?? [], "DECLINE", d.filters);
      break;
    }
    default:
      // REQUEST and operation calls are accepted and have no effect here.
      break;
  }
  return new Response(null, { status: 202 });
}

function kill(master: Master, fw: Framework, k: NonNullable<SchedulerCall["kill"]>): void {
  const task = fw.tasks.get(k.task_id.value);
  if (!task) {
    reconcile(master, fw, [{ task_id: k.task_id, agent_id: k.agent_id }]);
    return;
  }
  if (k.agent_id && k.agent_id.value !== task.agentId) return;
  const agent = master.agents.get(task.agentId);
  if (!agent) {
    reconcile(master, fw, [{ task_id: k.task_id, agent_id: { value: task.agentId } }]);
    return;
  }
  agent.link.killTask(fw.id, k.task_id.value, k.kill_policy);
}

function acknowledge(
  master: Master,
  fw: Framework,
  ack: NonNullable<SchedulerCall["acknowledge"]>,
): void {
  const task = fw.tasks.get(ack.task_id.value);
  if (task && task.statusUpdateUuid === ack.uuid && task.statusUpdateState !== undefined) {
    if (isTerminalState(task.statusUpdateState)) {
      fw.completeTask(task);
    }
  }
  master.agents.get(ack.agent_id.value)?.link.acknowledge(fw.id, ack.task_id.value, ack.uuid);
}

function updateFramework(fw: Framework, call: SchedulerCall): Response {
  const u = call.update_framework as {
    framework_info?: Framework["info"];
    suppressed_roles?: string[];
  };
  const info = u.framework_info!;
  if (info.id?.value !== fw.id) {
    return textResponse(400, "'framework_info.id' must equal the call's 'framework_id'");
  }
  if (info.user !== fw.info.user) {
    return textResponse(400, "Updating 'FrameworkInfo.user' is unsupported");
  }
  if ((info.checkpoint ?? false) !== (fw.info.checkpoint ?? false)) {
    return textResponse(400, "Updating 'FrameworkInfo.checkpoint' is unsupported");
  }
  if (info.principal !== fw.info.principal) {
    return textResponse(400, "Changing 'FrameworkInfo.principal' is not allowed");
  }
  fw.info = info;
  fw.suppressedRoles = new Set(u.suppressed_roles ?? []);
  return new Response(null, { status: 200 });
}

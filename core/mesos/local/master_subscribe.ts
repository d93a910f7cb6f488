/**
 * SUBSCRIBE (new framework and failover), disconnection with the failover timeout, and framework
 * removal (TEARDOWN, failover timeout expiry), as the Mesos master does them.
 */
import type { FrameworkInfo, SchedulerCall } from "./mesos_types.ts";
import { Framework } from "./framework.ts";
import type { EventStream } from "./event_stream.ts";
import type { Master } from "./master.ts";
import { uuidText } from "./ids.ts";
import { isTerminalState } from "./task_states.ts";
import { logger } from "../../util/log.ts";

const log = logger("mesos-local");

/** Why FrameworkInfo cannot subscribe, or undefined when it can. */
function frameworkInfoError(info: FrameworkInfo, suppressed: string[]): string | undefined {
  const multiRole = (info.capabilities ?? []).some((c) => c.type === "MULTI_ROLE");
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the MULTI_ROLE capability is present; " +
      "use 'FrameworkInfo.roles'";
  }
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' requires the MULTI_ROLE capability";
  }
  const roles = multiRole ? (info.roles ?? []) : [info.role ?? "*"];
  for (const role of roles) {
    if (role === "" || role === "." || role === ".." || /[\s]/.test(role)) {
      return `Role '${role}' is invalid`;
    }
  }
  if (new Set(roles).size !== roles.length) return "'FrameworkInfo.roles' contains duplicates";
  const bad = suppressed.filter((r) => !roles.includes(r));
  if (bad.length > 0) return `Suppressed roles ${bad.join(", ")} are not subscribed roles`;
  return undefined;
}

/**
 * Handles a SUBSCRIBE whose call-level checks passed: sends SUBSCRIBED and a first HEARTBEAT on
 * `stream`, or ERROR and closes it. Returns the stream id to put in `Mesos-Stream-Id`.
 */
export function subscribe(master: Master, call: SchedulerCall, stream: EventStream): string {
  const streamId = uuidText();
  const sub = call.subscribe!;
  const info = sub.framework_info;
  const fail = (message: string) => {
    stream.send({ type: "ERROR", error: { message } });
    stream.close();
    return streamId;
  };
  const invalid = frameworkInfoError(info, sub.suppressed_roles ?? []);
  if (invalid) return fail(invalid);
  const requestedId = info.id?.value;
  if (requestedId !== undefined && master.removedFrameworks.has(requestedId)) {
    return fail("Framework has been removed");
  }
  let fw = requestedId !== undefined ? master.frameworks.get(requestedId) : undefined;
  if (fw) {
    if (fw.connected) {
      const old = fw.stream!;
      fw.stream = null;
      old.send({ type: "ERROR", error: { message: "Framework failed over" } });
      old.close();
    }
    if (fw.failoverTimer !== undefined) clearTimeout(fw.failoverTimer);
    fw.failoverTimer = undefined;
    // user and checkpoint cannot change on resubscription.
    const updated: FrameworkInfo = { ...info, user: fw.info.user };
    delete updated.checkpoint;
    if (fw.info.checkpoint !== undefined) updated.checkpoint = fw.info.checkpoint;
    fw.info = updated;
    for (const rec of master.offers.byFramework(fw.id)) {
      master.removeOffer(rec.offer.id.value, false);
    }
    fw.reregisteredAt = Date.now() / 1000;
  } else {
    const id = requestedId ?? master.ids.framework();
    fw = new Framework(id, { ...info, id: { value: id } });
    master.frameworks.set(id, fw);
  }
  fw.suppressedRoles = new Set(sub.suppressed_roles ?? []);
  fw.filters = [];
  fw.stream = stream;
  fw.streamId = streamId;
  fw.unregisteredAt = undefined;
  const current = fw;
  if (requestedId !== undefined) master.operatorEvents.frameworkUpdated(fw);
  else master.operatorEvents.frameworkAdded(fw);
  stream.onClose(() => disconnected(master, current, stream));
  log.v(
    1,
    `framework ${fw.id} (${fw.info.name}) subscribed` +
      (requestedId !== undefined ? " (failover)" : "") + `, ${stream.encoding} stream`,
  );
  stream.send({
    type: "SUBSCRIBED",
    subscribed: {
      framework_id: { value: fw.id },
      heartbeat_interval_seconds: master.heartbeatIntervalSeconds,
      master_info: master.masterInfo(),
    },
  });
  stream.send({ type: "HEARTBEAT" });
  for (const agent of master.agents.values()) agent.link.resumeUpdates(fw.id);
  master.allocateSoon();
  return streamId;
}

/**
 * The framework's stream closed: drop its offers (no RESCIND), and remove it when it does not
 * come back within failover_timeout (0 = at once).
 */
export function disconnected(master: Master, fw: Framework, stream: EventStream): void {
  if (fw.stream !== stream || master.closed) return;
  fw.stream = null;
  fw.unregisteredAt = Date.now() / 1000;
  for (const rec of master.offers.byFramework(fw.id)) master.removeOffer(rec.offer.id.value, false);
  if (!master.frameworks.has(fw.id)) return;
  const timeoutMs = Math.max(0, (fw.info.failover_timeout ?? 0) * 1000);
  log.v(1, `framework ${fw.id} disconnected; removed unless back within ${timeoutMs / 1000} s`);
  fw.failoverTimer = setTimeout(() => {
    fw.failoverTimer = undefined;
    if (!fw.connected) removeFramework(master, fw);
  }, Math.min(timeoutMs, 2 ** 31 - 1));
}

/**
 * Removes a framework for good (TEARDOWN or failover timeout): its executors are shut down,
 * its tasks killed, its offers dropped, its stream closed; its id can never subscribe again.
 */
export function removeFramework(master: Master, fw: Framework): void {
  if (!master.frameworks.has(fw.id)) return;
  master.frameworks.delete(fw.id);
  master.removedFrameworks.set(fw.id, fw);
  log.v(1, `framework ${fw.id} removed; its tasks are killed`);
  if (fw.failoverTimer !== undefined) clearTimeout(fw.failoverTimer);
  fw.failoverTimer = undefined;
  for (const rec of master.offers.byFramework(fw.id)) master.removeOffer(rec.offer.id.value, false);
  for (const task of [...fw.tasks.values()]) {
    if (!isTerminalState(task.state)) task.state = "TASK_KILLED";
    master.releaseTask(task);
    fw.completeTask(task);
  }
  for (const [agentId, execs] of fw.executors) {
    for (const info of execs.values()) master.release(agentId, info.resources ?? []);
  }
  fw.executors.clear();
  for (const agent of master.agents.values()) agent.link.shutdownFramework(fw.id);
  fw.unregisteredAt = Date.now() / 1000;
  master.operatorEvents.frameworkRemoved(fw);
  const stream = fw.stream;
  fw.stream = null;
  stream?.close();
}

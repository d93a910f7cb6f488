/**
 * GET /state: the master's operator view in the shape of Mesos' /master/state (agents with
 * total/used/offered resources and attributes, frameworks with tasks, offers and executors,
 * completed tasks and frameworks). Resources are summarised as `{cpus, mem, disk, ports}`.
 */
import type { Attribute, Resource } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { Master } from "./master.ts";
import { scalarOf } from "./resource_ops.ts";
import { portRanges } from "../resource_query.ts";

/** `{cpus, mem, disk, gpus, ports:"[31000-32000]"}` as Mesos' state.json writes resources. */
export function resourceSummary(rs: Resource[]): Record<string, number | string> {
  const out: Record<string, number | string> = {
    cpus: scalarOf(rs, "cpus"),
    mem: scalarOf(rs, "mem"),
    disk: scalarOf(rs, "disk"),
    gpus: scalarOf(rs, "gpus"),
  };
  const ports = portRanges(rs);
  if (ports.length > 0) out.ports = `[${ports.map((r) => `${r.begin}-${r.end}`).join(", ")}]`;
  return out;
}

/** Attributes as `{rack: "r1", zone: "a"}`. */
export function attributeSummary(attrs: Attribute[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const a of attrs) {
    if (a.text) out[a.name] = a.text.value;
    else if (a.scalar) out[a.name] = a.scalar.value;
    else if (a.ranges) {
      out[a.name] = `[${(a.ranges.range ?? []).map((r) => `${r.begin}-${r.end}`).join(", ")}]`;
    } else if (a.set) out[a.name] = `{${(a.set.item ?? []).join(",")}}`;
  }
  return out;
}

function taskJson(t: MasterTask): Record<string, unknown> {
  return {
    id: t.info.task_id.value,
    name: t.info.name,
    framework_id: t.frameworkId,
    executor_id: t.info.executor ? t.executorId : "",
    slave_id: t.agentId,
    state: t.state,
    resources: resourceSummary(t.resources),
    status_update_state: t.statusUpdateState,
  };
}

function frameworkJson(master: Master, fw: Framework): Record<string, unknown> {
  const offers = master.offers.byFramework(fw.id);
  const live = [...fw.tasks.values()].filter((t) => !t.released);
  return {
    id: fw.id,
    name: fw.info.name,
    user: fw.info.user,
    hostname: fw.info.hostname ?? "",
    roles: fw.roles(),
    active: fw.connected,
    connected: fw.connected,
    failover_timeout: fw.info.failover_timeout ?? 0,
    checkpoint: fw.info.checkpoint ?? false,
    capabilities: (fw.info.capabilities ?? []).map((c) => c.type),
    registered_time: fw.registeredAt,
    unregistered_time: fw.unregisteredAt ?? 0,
    suppressed_roles: [...fw.suppressedRoles],
    used_resources: resourceSummary(live.flatMap((t) => t.resources)),
    offered_resources: resourceSummary(offers.flatMap((o) => o.offer.resources)),
    tasks: [...fw.tasks.values()].map(taskJson),
    completed_tasks: fw.completedTasks.map(taskJson),
    offers: offers.map((o) => ({
      id: o.offer.id.value,
      slave_id: o.agentId,
      role: o.role,
      resources: resourceSummary(o.offer.resources),
    })),
    executors: [...fw.executors].flatMap(([agentId, m]) =>
      [...m.values()].map((e) => ({
        executor_id: e.executor_id.value,
        name: e.name ?? "",
        slave_id: agentId,
        resources: resourceSummary(e.resources ?? []),
      }))
    ),
  };
}

/** The whole /state document. */
export function masterState(master: Master): Record<string, unknown> {
  const pid = `master@127.0.0.1:${master.opts.port}`;
  return {
    version: "1.12.0",
    id: master.masterId,
    pid,
    leader: pid,
    hostname: master.hostname,
    start_time: master.startedAt,
    elected_time: master.startedAt,
    activated_slaves: master.agents.size,
    deactivated_slaves: 0,
    unreachable_slaves: master.removedAgents.size,
    slaves: [...master.agents.values()].map((a) => ({
      id: a.link.id,
      pid: `slave(1)@${a.link.endpoint}`,
      endpoint: a.link.endpoint,
      hostname: a.info.hostname,
      port: a.info.port,
      registered_time: a.registeredAt,
      active: true,
      resources: resourceSummary(a.total),
      used_resources: resourceSummary(a.used),
      offered_resources: resourceSummary(master.offers.offeredOn(a.link.id)),
      available_resources: resourceSummary(master.available(a.link.id)),
      unreserved_resources: resourceSummary(a.total),
      attributes: attributeSummary(a.info.attributes ?? []),
    })),
    frameworks: [...master.frameworks.values()].map((fw) => frameworkJson(master, fw)),
    completed_frameworks: [...master.removedFrameworks.values()].map((fw) =>
      frameworkJson(master, fw)
    ),
  };
}

/**
 * GET /state (/master/state, /state.json): the master's legacy JSON view with the real master's
 * fields and nothing else (src/master/readonly_handler.cpp): version and build facts, leader
 * and leader_info, flags, agents ("slaves") with resource summaries, frameworks with their
 * tasks (statuses, role), offers and executors, and the always-empty orphan_tasks and
 * unregistered_frameworks. The one extra, a framework's suppressed roles, is under `k8sm`. Resources are summarised as `{cpus, gpus, mem, disk, ports}`.
 */
import type { Attribute, Resource } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { AgentRecord, Master } from "./master.ts";
import { scalarOf } from "./resource_ops.ts";
import { portRanges } from "../resource_query.ts";
import { AGENT_CAPABILITIES, MESOS_VERSION, versionInfo } from "./operator_model.ts";

/** `{cpus, gpus, mem, disk, ports:"[31000-32000]"}` as Mesos' state.json writes resources. */
export function resourceSummary(rs: Resource[]): Record<string, number | string> {
  const out: Record<string, number | string> = {
    cpus: scalarOf(rs, "cpus"),
    gpus: scalarOf(rs, "gpus"),
    mem: scalarOf(rs, "mem"),
    disk: scalarOf(rs, "disk"),
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
    } else if (a.set) out[a.name] = `{${(a.set.item ?? []).join(", ")}}`;
  }
  return out;
}

function roleOf(rs: Resource[]): string {
  return rs.find((r) => r.allocation_info?.role)?.allocation_info?.role ?? "*";
}

/** A task as src/common/http.cpp json(Task) writes it. */
export function taskJson(t: MasterTask): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.info.task_id.value,
    name: t.info.name,
    framework_id: t.frameworkId,
    executor_id: t.info.executor ? t.executorId : "",
    slave_id: t.agentId,
    state: t.state,
    resources: resourceSummary(t.resources),
    role: roleOf(t.resources),
    statuses: (t.statuses ?? []).map((s) => {
      const st: Record<string, unknown> = { state: s.state, timestamp: s.timestamp ?? 0 };
      for (const k of ["labels", "container_status", "healthy"] as const) {
        if (s[k] !== undefined) st[k] = s[k];
      }
      return st;
    }),
  };
  const info = t.info as unknown as Record<string, unknown>;
  for (const k of ["labels", "discovery", "container", "health_check"]) {
    if (info[k] !== undefined) out[k] = info[k];
  }
  return out;
}

/** The summary fields of a framework (also /state-summary's). */
export function frameworkSummary(master: Master, fw: Framework): Record<string, unknown> {
  const offers = master.offers.byFramework(fw.id);
  const used = [...fw.tasks.values()].filter((t) => !t.released).flatMap((t) => t.resources);
  const offered = offers.flatMap((o) => o.offer.resources);
  return {
    id: fw.id,
    name: fw.info.name,
    used_resources: resourceSummary(used),
    offered_resources: resourceSummary(offered),
    capabilities: (fw.info.capabilities ?? []).map((c) => c.type),
    hostname: fw.info.hostname ?? "",
    webui_url: (fw.info as { webui_url?: string }).webui_url ?? "",
    active: fw.connected,
    connected: fw.connected,
    recovered: false,
  };
}

/** A framework as FullFrameworkWriter writes it. */
export function frameworkJson(master: Master, fw: Framework): Record<string, unknown> {
  const offers = master.offers.byFramework(fw.id);
  const used = [...fw.tasks.values()].filter((t) => !t.released).flatMap((t) => t.resources);
  const out: Record<string, unknown> = {
    ...frameworkSummary(master, fw),
    user: fw.info.user,
    failover_timeout: fw.info.failover_timeout ?? 0,
    checkpoint: fw.info.checkpoint ?? false,
    registered_time: fw.registeredAt,
    unregistered_time: fw.unregisteredAt ?? 0,
  };
  if (fw.info.principal !== undefined) out.principal = fw.info.principal;
  out.resources = resourceSummary([...used, ...offers.flatMap((o) => o.offer.resources)]);
  if (fw.reregisteredAt !== undefined) out.reregistered_time = fw.reregisteredAt;
  if (fw.hasCapability("MULTI_ROLE")) out.roles = fw.roles();
  else out.role = fw.roles()[0];
  const tasks = [...fw.tasks.values()];
  out.tasks = tasks.filter((t) => !t.unreachableSince).map(taskJson);
  out.unreachable_tasks = tasks.filter((t) => t.unreachableSince).map(taskJson);
  out.completed_tasks = fw.completedTasks.map(taskJson);
  out.offers = offers.map((o) => ({
    id: o.offer.id.value,
    framework_id: fw.id,
    allocation_info: { role: o.role },
    slave_id: o.agentId,
    resources: resourceSummary(o.offer.resources),
  }));
  out.executors = [...fw.executors].flatMap(([agentId, m]) =>
    [...m.values()].map((e) => {
      const ex: Record<string, unknown> = {
        executor_id: e.executor_id.value,
        name: e.name ?? "",
        framework_id: fw.id,
        command: {
          shell: e.command?.shell ?? true,
          ...(e.command?.value !== undefined ? { value: e.command.value } : {}),
          argv: e.command?.arguments ?? [],
          uris: [],
        },
        resources: resourceSummary(e.resources ?? []),
        role: roleOf(e.resources ?? []),
      };
      if (e.type !== undefined) ex.type = e.type;
      ex.slave_id = agentId;
      return ex;
    })
  );
  const labels = (fw.info as { labels?: unknown }).labels;
  if (labels !== undefined) out.labels = labels;
  out.offer_constraints = {};
  out.k8sm = { suppressed_roles: [...fw.suppressedRoles] };
  return out;
}

/** An agent as SlaveWriter writes it. */
export function slaveJson(master: Master, a: AgentRecord): Record<string, unknown> {
  const reserved: Record<string, Resource[]> = {};
  const unreserved: Resource[] = [];
  for (const r of a.total) {
    const res = (r as { reservations?: { role?: string }[] }).reservations ?? [];
    const role = res[res.length - 1]?.role;
    if (role) (reserved[role] ??= []).push(r);
    else unreserved.push(r);
  }
  const out: Record<string, unknown> = {
    id: a.link.id,
    hostname: a.info.hostname,
    port: a.info.port,
    attributes: attributeSummary(a.info.attributes ?? []),
    pid: `slave(1)@${a.link.endpoint}`,
    registered_time: a.registeredAt,
    resources: resourceSummary(a.total),
    used_resources: resourceSummary(a.used),
    offered_resources: resourceSummary(master.offers.offeredOn(a.link.id)),
    reserved_resources: Object.fromEntries(
      Object.entries(reserved).map(([role, rs]) => [role, resourceSummary(rs)]),
    ),
    unreserved_resources: resourceSummary(unreserved),
    active: !a.deactivated,
    deactivated: a.deactivated ?? false,
    version: MESOS_VERSION,
    capabilities: AGENT_CAPABILITIES,
  };
  if (a.drain) out.drain_info = a.drain;
  return out;
}

/** The whole /state document. */
export function masterState(master: Master): Record<string, unknown> {
  const pid = `master@127.0.0.1:${master.opts.port}`;
  const agents = [...master.agents.values()];
  return {
    ...versionInfo(),
    start_time: master.startedAt,
    elected_time: master.startedAt,
    id: master.masterId,
    pid,
    hostname: master.hostname,
    capabilities: ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"],
    activated_slaves: agents.filter((a) => !a.deactivated).length,
    deactivated_slaves: agents.filter((a) => a.deactivated).length,
    unreachable_slaves: master.removedAgents.size,
    leader: pid,
    leader_info: {
      id: master.masterId,
      pid,
      port: master.opts.port,
      hostname: master.hostname,
    },
    flags: master.opts.flags ?? {},
    slaves: agents.map((a) => slaveJson(master, a)),
    recovered_slaves: [],
    frameworks: [...master.frameworks.values()].map((fw) => frameworkJson(master, fw)),
    completed_frameworks: [...master.removedFrameworks.values()].map((fw) =>
      frameworkJson(master, fw)
    ),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}

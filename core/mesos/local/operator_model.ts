/**
 * The master's objects in the shapes of the v1 operator API (mesos.v1.master.Response), as the
 * real master builds them: `mesos.v1.Task` with its statuses, `GetAgents.Agent` with resources in
 * the endpoint format, `GetFrameworks.Framework`, and the GET_STATE/GET_TASKS/... payloads.
 * Times are TimeInfo nanoseconds (64-bit, decimal strings in k8sm's JSON convention).
 */
import type { Resource } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import type { AgentRecord, Master } from "./master.ts";

/** The Mesos version mesos-local reports everywhere (/version, GET_VERSION, agents). */
export const MESOS_VERSION = "1.12.0";

/** `mesos.v1.VersionInfo` of mesos-local (also the top of /state and /version). */
export function versionInfo(): Record<string, string | number> {
  return {
    version: MESOS_VERSION,
    build_date: "2024-08-23 14:59:00",
    build_time: 1724439540,
    build_user: "k8sm",
  };
}

/** The agent capabilities mesos-local's agents have (AGENT_DRAINING among them). */
export const AGENT_CAPABILITIES = [
  "MULTI_ROLE",
  "HIERARCHICAL_ROLE",
  "RESERVATION_REFINEMENT",
  "AGENT_DRAINING",
];

/** TimeInfo of a time in seconds since the epoch. */
export function timeInfo(seconds: number): { nanoseconds: string } {
  return { nanoseconds: String(BigInt(Math.round(seconds * 1e6)) * 1000n) };
}

/** Resources in the endpoint format: `role: "*"` on unreserved ones. */
function endpointForm(rs: readonly Resource[], allocationRole?: string): Resource[] {
  return rs.map((r) => {
    const out: Resource = { ...r };
    const reservations = (r as { reservations?: { role?: string }[] }).reservations ?? [];
    const last = reservations[reservations.length - 1];
    (out as { role?: string }).role = last?.role ?? "*";
    if (allocationRole !== undefined) out.allocation_info = { role: allocationRole };
    return out;
  });
}

/** A task as `mesos.v1.Task`. */
export function v1Task(t: MasterTask): Record<string, unknown> {
  const info = t.info as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    name: t.info.name,
    task_id: t.info.task_id,
    framework_id: { value: t.frameworkId },
    agent_id: { value: t.agentId },
    state: t.state,
    resources: t.resources,
    statuses: (t.statuses ?? []).map((s) => {
      const copy = { ...s };
      delete copy.data;
      return copy;
    }),
  };
  if (t.info.executor) out.executor_id = t.info.executor.executor_id;
  if (t.statusUpdateState) out.status_update_state = t.statusUpdateState;
  if (t.statusUpdateUuid) out.status_update_uuid = t.statusUpdateUuid;
  for (const k of ["labels", "discovery", "container", "health_check", "kill_policy"]) {
    if (info[k] !== undefined) out[k] = info[k];
  }
  return out;
}

/** A registered agent as `GetAgents.Agent`. */
export function v1Agent(master: Master, rec: AgentRecord): Record<string, unknown> {
  const id = rec.link.id;
  const out: Record<string, unknown> = {
    agent_info: { ...rec.info, id: { value: id } },
    active: !rec.deactivated,
    deactivated: rec.deactivated ?? false,
    version: MESOS_VERSION,
    pid: `slave(1)@${rec.link.endpoint}`,
    registered_time: timeInfo(rec.registeredAt),
    total_resources: endpointForm(rec.total),
    allocated_resources: endpointForm(rec.used, "*"),
    offered_resources: endpointForm(master.offers.offeredOn(id)),
    capabilities: AGENT_CAPABILITIES.map((type) => ({ type })),
  };
  if (rec.drain) out.drain_info = rec.drain;
  return out;
}

/** A framework as `GetFrameworks.Framework` (`full`: with offers and resources). */
export function v1Framework(master: Master, fw: Framework, full = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    framework_info: { ...fw.info, id: { value: fw.id } },
    active: fw.connected,
    connected: fw.connected,
    recovered: false,
    registered_time: timeInfo(fw.registeredAt),
    reregistered_time: timeInfo(fw.reregisteredAt ?? fw.registeredAt),
  };
  if (fw.unregisteredAt !== undefined) out.unregistered_time = timeInfo(fw.unregisteredAt);
  if (!full) return out;
  const offers = master.offers.byFramework(fw.id);
  const live = [...fw.tasks.values()].filter((t) => !t.released);
  out.offers = offers.map((o) => o.offer);
  out.inverse_offers = master.maintenance.inverseOffersOf(fw.id);
  out.allocated_resources = live.flatMap((t) => t.resources);
  out.offered_resources = offers.flatMap((o) => o.offer.resources);
  out.offer_constraints = {};
  return out;
}

/** GET_TASKS. */
export function getTasks(master: Master): Record<string, unknown> {
  const tasks: MasterTask[] = [];
  const unreachable: MasterTask[] = [];
  const completed: MasterTask[] = [];
  for (const fw of [...master.frameworks.values(), ...master.removedFrameworks.values()]) {
    for (const t of fw.tasks.values()) (t.unreachableSince ? unreachable : tasks).push(t);
    completed.push(...fw.completedTasks);
  }
  return {
    tasks: tasks.map(v1Task),
    unreachable_tasks: unreachable.map(v1Task),
    completed_tasks: completed.map(v1Task),
  };
}

/** GET_EXECUTORS. */
export function getExecutors(master: Master): Record<string, unknown> {
  const executors: Record<string, unknown>[] = [];
  for (const fw of master.frameworks.values()) {
    for (const [agentId, m] of fw.executors) {
      for (const info of m.values()) {
        executors.push({
          executor_info: { ...info, framework_id: { value: fw.id } },
          agent_id: { value: agentId },
        });
      }
    }
  }
  return { executors };
}

/** GET_FRAMEWORKS. */
export function getFrameworks(master: Master): Record<string, unknown> {
  return {
    frameworks: [...master.frameworks.values()].map((fw) => v1Framework(master, fw)),
    completed_frameworks: [...master.removedFrameworks.values()].map((fw) =>
      v1Framework(master, fw)
    ),
  };
}

/** GET_AGENTS. */
export function getAgents(master: Master): Record<string, unknown> {
  return {
    agents: [...master.agents.values()].map((rec) => v1Agent(master, rec)),
    recovered_agents: [],
  };
}

/** GET_STATE. */
export function getState(master: Master): Record<string, unknown> {
  return {
    get_tasks: getTasks(master),
    get_executors: getExecutors(master),
    get_frameworks: getFrameworks(master),
    get_agents: getAgents(master),
  };
}

/**
 * Writes the top-level arrays of the read payloads even when empty, as the real master does
 * (`{"agents":[],"recovered_agents":[]}`); `json` is the wire JSON of a Response or Event.
 */
export function withEmptyArrays(json: unknown): unknown {
  const keys: Record<string, string[]> = {
    get_tasks: ["tasks", "unreachable_tasks", "completed_tasks"],
    get_executors: ["executors"],
    get_frameworks: ["frameworks", "completed_frameworks"],
    get_agents: ["agents", "recovered_agents"],
  };
  const visit = (v: unknown): void => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    for (const [k, arrays] of Object.entries(keys)) {
      const inner = o[k] as Record<string, unknown> | undefined;
      if (inner && typeof inner === "object") { for (const a of arrays) inner[a] ??= []; }
    }
    for (const k of ["get_state", "subscribed"]) visit(o[k]);
  };
  visit(json);
  return json;
}

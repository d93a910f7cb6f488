/**
 * Table views of operator API answers for `k8sm mesos …`: a header and one row of strings per
 * agent, framework, task or maintenance machine, kubectl-style (upper-case headers, `<none>`
 * for missing values, resources as used/total).
 */
import type { MesosJson } from "./operator_client.ts";
import { cpus, mem } from "./resource_query.ts";
import type { MesosResource } from "./resources.ts";

/** A header and its rows. */
export interface TableView {
  headers: string[];
  rows: string[][];
}

type J = Record<string, unknown>;
const obj = (v: unknown): J => (v && typeof v === "object" ? v as J : {});
const arr = (v: unknown): J[] => (Array.isArray(v) ? v as J[] : []);
const idOf = (v: unknown): string => String(obj(v).value ?? "<none>");
const res = (v: unknown): MesosResource[] => arr(v) as unknown as MesosResource[];

function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** A Mesos TimeInfo/DurationInfo-like age: "5m", "3h", "2d" since `nanoseconds`. */
export function ageOf(time: unknown, now = Date.now()): string {
  const ns = obj(time).nanoseconds;
  if (ns === undefined) return "<unknown>";
  const s = Math.max(0, Math.floor((now - Number(ns) / 1e6) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** GET_AGENTS → ID, HOSTNAME, STATUS, CPUS, MEM (allocated/total), AGE. */
export function agentsView(getAgents: MesosJson, now = Date.now()): TableView {
  const rows = arr(getAgents.agents).map((a) => {
    const info = obj(a.agent_info);
    const status = a.drain_info
      ? `Draining(${String(obj(a.drain_info).state ?? "")})`
      : a.deactivated === true || a.active === false
      ? "Deactivated"
      : "Active";
    const used = res(a.allocated_resources);
    const total = res(a.total_resources);
    return [
      idOf(info.id),
      String(info.hostname ?? "<none>"),
      status,
      `${num(cpus(used))}/${num(cpus(total))}`,
      `${num(mem(used))}/${num(mem(total))}`,
      ageOf(a.registered_time, now),
    ];
  });
  return { headers: ["ID", "HOSTNAME", "STATUS", "CPUS", "MEM", "AGE"], rows };
}

/** GET_FRAMEWORKS → ID, NAME, ROLES, PRINCIPAL, CONNECTED, CPUS, MEM, AGE. */
export function frameworksView(getFrameworks: MesosJson, now = Date.now()): TableView {
  const rows = arr(getFrameworks.frameworks).map((f) => {
    const info = obj(f.framework_info);
    const roles = Array.isArray(info.roles) ? (info.roles as string[]).join(",") : info.role;
    const used = res(f.allocated_resources);
    return [
      idOf(info.id),
      String(info.name ?? "<none>"),
      String(roles ?? "*"),
      String(info.principal ?? "<none>"),
      f.connected === false ? "false" : "true",
      num(cpus(used)),
      num(mem(used)),
      ageOf(f.registered_time, now),
    ];
  });
  return {
    headers: ["ID", "NAME", "ROLES", "PRINCIPAL", "CONNECTED", "CPUS", "MEM", "AGE"],
    rows,
  };
}

/** GET_TASKS → ID, NAME, STATE, FRAMEWORK, AGENT, CPUS, MEM (live tasks, then completed). */
export function tasksView(getTasks: MesosJson, opts: { all?: boolean } = {}): TableView {
  const lists = [getTasks.pending_tasks, getTasks.tasks, getTasks.unreachable_tasks];
  if (opts.all) lists.push(getTasks.completed_tasks);
  const rows = lists.flatMap(arr).map((t) => [
    idOf(t.task_id),
    String(t.name ?? "<none>"),
    String(t.state ?? "<none>"),
    idOf(t.framework_id),
    idOf(t.agent_id),
    num(cpus(res(t.resources))),
    num(mem(res(t.resources))),
  ]);
  return { headers: ["ID", "NAME", "STATE", "FRAMEWORK", "AGENT", "CPUS", "MEM"], rows };
}

/** GET_STATE → one summary row of counts. */
export function stateView(getState: MesosJson): TableView {
  const agents = arr(obj(getState.get_agents).agents);
  const frameworks = arr(obj(getState.get_frameworks).frameworks);
  const tasks = obj(getState.get_tasks);
  const executors = arr(obj(getState.get_executors).executors);
  const total = agents.flatMap((a) => res(a.total_resources));
  const used = agents.flatMap((a) => res(a.allocated_resources));
  return {
    headers: ["AGENTS", "FRAMEWORKS", "TASKS", "COMPLETED", "EXECUTORS", "CPUS", "MEM"],
    rows: [[
      String(agents.length),
      String(frameworks.length),
      String(arr(tasks.tasks).length),
      String(arr(tasks.completed_tasks).length),
      String(executors.length),
      `${num(cpus(used))}/${num(cpus(total))}`,
      `${num(mem(used))}/${num(mem(total))}`,
    ]],
  };
}

/** GET_MAINTENANCE_STATUS + GET_MAINTENANCE_SCHEDULE → HOSTNAME, IP, MODE, WINDOW START, ANSWERS. */
export function maintenanceView(status: MesosJson, schedule: MesosJson): TableView {
  const st = obj(status.status);
  const startOf = new Map<string, string>();
  for (const w of arr(obj(schedule.schedule).windows)) {
    const ns = obj(obj(w.unavailability).start).nanoseconds;
    const when = ns === undefined ? "<none>" : new Date(Number(ns) / 1e6).toISOString();
    for (const m of arr(w.machine_ids)) startOf.set(`${m.hostname ?? ""}/${m.ip ?? ""}`, when);
  }
  const row = (m: J, mode: string, answers: string) => {
    const id = obj(m.id ?? m);
    return [
      String(id.hostname ?? "<none>"),
      String(id.ip ?? "<none>"),
      mode,
      startOf.get(`${id.hostname ?? ""}/${id.ip ?? ""}`) ?? "<none>",
      answers,
    ];
  };
  const rows = [
    ...arr(st.draining_machines).map((m) =>
      row(
        m,
        "DRAINING",
        arr(m.statuses).map((s) => `${idOf(s.framework_id)}=${s.status}`).join(",") || "<none>",
      )
    ),
    ...arr(st.down_machines).map((m) => row(m, "DOWN", "<none>")),
  ];
  return { headers: ["HOSTNAME", "IP", "MODE", "WINDOW START", "ANSWERS"], rows };
}

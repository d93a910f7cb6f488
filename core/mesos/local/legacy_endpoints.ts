/**
 * The master's other legacy JSON endpoints, shaped as Mesos writes them: /state-summary,
 * /slaves, /frameworks, /roles, /tasks (limit, offset, order, framework_id, task_id), /flags, /version,
 * /metrics/snapshot (flat, sorted keys, every value a double), /maintenance/schedule (GET and
 * POST), /maintenance/status, /machine/down and /machine/up. Each answers with undefined when
 * the path is not its own.
 */
import { stringifyMesosWireJson } from "./wire_json.ts";
import type { Master } from "./master.ts";
import {
  frameworkJson,
  frameworkSummary,
  masterState,
  resourceSummary,
  slaveJson,
  taskJson,
} from "./state_endpoint.ts";
import { masterMetricsSnapshot } from "./metrics_snapshot.ts";
import { versionInfo } from "./operator_model.ts";
import { textResponse } from "./http_rules.ts";
import type { MachineId, Schedule } from "./maintenance.ts";
import { markAgentRemoved } from "./faults.ts";
import { parseMesosJsonText } from "../mesos_json.ts";

/** Which authentication a legacy endpoint needs. */
export type LegacyRealm = "readonly" | "readwrite" | "none";

const COUNTED = [
  "TASK_STAGING",
  "TASK_STARTING",
  "TASK_RUNNING",
  "TASK_KILLING",
  "TASK_FINISHED",
  "TASK_KILLED",
  "TASK_FAILED",
  "TASK_LOST",
  "TASK_ERROR",
  "TASK_UNREACHABLE",
];

/** The realm a legacy path needs, or undefined for a path that is not one of them. */
export function legacyRealm(path: string): LegacyRealm | undefined {
  const p = path.replace(/^\/master(?=\/)/, "");
  if (["/version", "/health"].includes(p)) return "none";
  if (["/maintenance/schedule", "/machine/down", "/machine/up"].includes(p)) return "readwrite";
  if (
    [
      "/state-summary",
      "/slaves",
      "/frameworks",
      "/tasks",
      "/roles",
      "/flags",
      "/maintenance/status",
    ]
      .includes(p) || path === "/metrics/snapshot"
  ) return "readonly";
  return undefined;
}

/** JSON with every number written as a double (`1.0`), as libprocess' metrics writer does. */
export function doublesJson(values: Record<string, number>): string {
  const parts = Object.entries(values).map(([k, v]) => {
    const n = Number.isInteger(v) ? v.toFixed(1) : String(v);
    return `${JSON.stringify(k)}:${n}`;
  });
  return `{${parts.join(",")}}`;
}

function counts(states: string[]): Record<string, number> {
  return Object.fromEntries(COUNTED.map((s) => [s, states.filter((x) => x === s).length]));
}

function stateSummary(master: Master): Record<string, unknown> {
  const fws = [...master.frameworks.values()];
  const allTasks = fws.flatMap((fw) => [...fw.tasks.values(), ...fw.completedTasks]);
  return {
    hostname: master.hostname,
    slaves: [...master.agents.values()].map((a) => {
      const here = allTasks.filter((t) => t.agentId === a.link.id);
      return {
        ...slaveJson(master, a),
        ...counts(here.map((t) => t.state)),
        framework_ids: [...new Set(here.map((t) => t.frameworkId))],
      };
    }),
    frameworks: fws.map((fw) => {
      const mine = [...fw.tasks.values(), ...fw.completedTasks];
      return {
        ...frameworkSummary(master, fw),
        ...counts(mine.map((t) => t.state)),
        slave_ids: [...new Set(mine.map((t) => t.agentId))],
      };
    }),
  };
}

/** /roles: every role with subscribed frameworks or reservations, weight 1, no quota. */
function roles(master: Master): Record<string, unknown> {
  const lastRole = (r: unknown) => {
    const res = (r as { reservations?: { role?: string }[] }).reservations ?? [];
    return res[res.length - 1]?.role;
  };
  const names = new Set<string>();
  for (const fw of master.frameworks.values()) for (const r of fw.roles()) names.add(r);
  for (const a of master.agents.values()) {
    for (const r of a.total) if (lastRole(r)) names.add(lastRole(r)!);
  }
  return {
    roles: [...names].sort().map((name) => {
      const fws = [...master.frameworks.values()].filter((f) => f.roles().includes(name));
      const allocated = fws.flatMap((f) =>
        [...f.tasks.values()].filter((t) => !t.released).flatMap((t) => t.resources)
      ).filter((r) => (r.allocation_info?.role ?? name) === name);
      const offered = master.offers.all().filter((o) => o.role === name)
        .flatMap((o) => o.offer.resources);
      const reserved = [...master.agents.values()]
        .flatMap((a) => a.total.filter((r) => lastRole(r) === name));
      return {
        name,
        weight: 1,
        quota: { role: name, guarantee: {}, limit: {}, consumed: {} },
        resources: resourceSummary([...allocated, ...offered]),
        allocated: resourceSummary(allocated),
        offered: resourceSummary(offered),
        reserved: resourceSummary(reserved),
        frameworks: fws.map((f) => f.id),
      };
    }),
  };
}

function tasks(master: Master, q: URLSearchParams): Record<string, unknown> {
  const fwId = q.get("framework_id");
  const taskId = q.get("task_id");
  const limit = Number(q.get("limit") ?? 100);
  const offset = Number(q.get("offset") ?? 0);
  const all = [...master.frameworks.values(), ...master.removedFrameworks.values()]
    .filter((fw) => !fwId || fw.id === fwId)
    .flatMap((fw) => [...fw.tasks.values(), ...fw.completedTasks])
    .filter((t) => !taskId || t.info.task_id.value === taskId);
  const first = (t: { statuses?: { timestamp?: number }[] }) => t.statuses?.[0]?.timestamp ?? 0;
  all.sort((a, b) => first(a) - first(b));
  if (q.get("order") !== "asc") all.reverse();
  return { tasks: all.slice(offset, offset + limit).map(taskJson) };
}

async function machines(req: Request): Promise<MachineId[] | Response> {
  try {
    const v = JSON.parse(await req.text());
    if (!Array.isArray(v)) throw new Error("expected a JSON array of MachineID");
    return v as MachineId[];
  } catch (e) {
    return textResponse(400, `Failed to parse the list of machines: ${(e as Error).message}`);
  }
}

/**
 * Serves a legacy endpoint (authentication already checked); `agentDown` stops an agent of a
 * machine brought DOWN.
 */
export async function legacyEndpoint(
  master: Master,
  req: Request,
  path: string,
  agentDown: (agentId: string) => Promise<void>,
): Promise<Response | undefined> {
  const p = path.replace(/^\/master(?=\/)/, "");
  const q = new URL(req.url).searchParams;
  const json = (v: unknown) => Response.json(v);
  // Maintenance bodies hold int64 times: written as bare numbers, as Mesos writes them.
  const wireJson = (type: string, v: unknown) =>
    new Response(stringifyMesosWireJson(type, v), {
      headers: { "Content-Type": "application/json" },
    });
  switch (p) {
    case "/state-summary":
      return json(stateSummary(master));
    case "/slaves": {
      const id = q.get("slave_id");
      const slaves = [...master.agents.values()].filter((a) => !id || a.link.id === id);
      return json({ slaves: slaves.map((a) => slaveJson(master, a)), recovered_slaves: [] });
    }
    case "/frameworks": {
      const id = q.get("framework_id");
      const pick = <T extends { id: string }>(l: T[]) => l.filter((f) => !id || f.id === id);
      return json({
        frameworks: pick([...master.frameworks.values()]).map((f) => frameworkJson(master, f)),
        completed_frameworks: pick([...master.removedFrameworks.values()])
          .map((f) => frameworkJson(master, f)),
        unregistered_frameworks: [],
      });
    }
    case "/tasks":
      return json(tasks(master, q));
    case "/roles":
      return json(roles(master));
    case "/flags":
      return json({ flags: master.opts.flags ?? {} });
    case "/version":
      return json(versionInfo());
    case "/state":
      return json(masterState(master));
    case "/maintenance/status":
      return wireJson("mesos.v1.maintenance.ClusterStatus", master.maintenance.status());
    case "/maintenance/schedule": {
      if (req.method !== "POST") {
        return wireJson("mesos.v1.maintenance.Schedule", master.maintenance.schedule);
      }
      let schedule: Schedule;
      try {
        schedule = parseMesosJsonText(await req.text()) as Schedule;
      } catch (e) {
        return textResponse(400, `Failed to parse the maintenance schedule: ${e}`);
      }
      const error = master.maintenance.update(schedule);
      return error ? textResponse(400, error) : new Response(null, { status: 200 });
    }
    case "/machine/down":
    case "/machine/up": {
      const list = await machines(req);
      if (list instanceof Response) return list;
      if (p === "/machine/up") {
        const error = master.maintenance.stop(list);
        return error ? textResponse(400, error) : new Response(null, { status: 200 });
      }
      const agents = master.maintenance.start(list);
      if (typeof agents === "string") return textResponse(400, agents);
      for (const id of agents) {
        markAgentRemoved(master, id, "down");
        await agentDown(id);
      }
      return new Response(null, { status: 200 });
    }
  }
  if (path === "/metrics/snapshot") {
    return new Response(doublesJson(masterMetricsSnapshot(master)), {
      headers: { "Content-Type": "application/json" },
    });
  }
  return undefined;
}

/**
 * How each Mesos agent is shared, for the dashboard's cluster view: from a master `/state`
 * document (Mesos' own format, which mesos-local writes too), each agent's CPU, memory and ports
 * split into used by k8sm, used by other frameworks, offered (held in outstanding offers) and
 * free, plus the frameworks on the master. `up` serves it read-only at MESOS_SHARE_PATH, a
 * non-resource URL behind the apiserver's gate (RBAC: `get` on that URL; cluster-admin has it,
 * the `view` role does not).
 */
import * as errors from "../api/status.ts";

/** Where `k8sm up` serves the summary. */
export const MESOS_SHARE_PATH = "/k8sm/mesos/share";

/** CPUs, memory (MB) and ports (a count). */
export interface Amounts {
  cpus: number;
  mem: number;
  ports: number;
}

/** One agent's resources by consumer. */
export interface AgentShare {
  id: string;
  hostname: string;
  total: Amounts;
  k8sm: Amounts;
  other: Amounts;
  offered: Amounts;
}

/** A framework on the master: what its tasks use and what it holds in outstanding offers. */
export interface FrameworkShare {
  id: string;
  name: string;
  active: boolean;
  k8sm: boolean;
  tasks: number;
  used: Amounts;
  offered: Amounts;
}

/** The whole summary. */
export interface MesosShare {
  agents: AgentShare[];
  frameworks: FrameworkShare[];
}

type Summary = Record<string, unknown> | undefined;
interface StateTask {
  slave_id?: string;
  state?: string;
  resources?: Summary;
}
interface StateDoc {
  slaves?: {
    id: string;
    hostname: string;
    resources?: Summary;
    used_resources?: Summary;
    offered_resources?: Summary;
  }[];
  frameworks?: {
    id: string;
    name: string;
    active?: boolean;
    tasks?: StateTask[];
    executors?: { slave_id?: string; resources?: Summary }[];
    used_resources?: Summary;
    offered_resources?: Summary;
  }[];
}

/** The number of ports in a Mesos ranges summary such as "[31000-31999, 32005-32005]". */
export function portCount(ranges: unknown): number {
  let n = 0;
  for (const m of String(ranges ?? "").matchAll(/(\d+)-(\d+)/g)) {
    n += Number(m[2]) - Number(m[1]) + 1;
  }
  return n;
}

function amounts(s: Summary): Amounts {
  return { cpus: Number(s?.cpus ?? 0), mem: Number(s?.mem ?? 0), ports: portCount(s?.ports) };
}

function add(a: Amounts, b: Amounts): Amounts {
  return { cpus: a.cpus + b.cpus, mem: a.mem + b.mem, ports: a.ports + b.ports };
}

function minus(a: Amounts, b: Amounts): Amounts {
  const clamp = (n: number) => Math.max(0, Math.round(n * 1000) / 1000);
  return {
    cpus: clamp(a.cpus - b.cpus),
    mem: clamp(a.mem - b.mem),
    ports: clamp(a.ports - b.ports),
  };
}

const ZERO: Amounts = { cpus: 0, mem: 0, ports: 0 };
const LIVE_TASK = new Set(["TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING"]);

/**
 * The summary of a master `/state` document; `k8smFrameworkId` names k8sm's framework. An
 * agent's share of other frameworks is their live tasks and executors on it; its k8sm share is
 * what it uses minus that (so k8sm's executors count as k8sm's). Ports are counted.
 */
export function mesosShare(doc: StateDoc, k8smFrameworkId: string | undefined): MesosShare {
  const others = new Map<string, Amounts>();
  for (const fw of doc.frameworks ?? []) {
    if (fw.id === k8smFrameworkId) continue;
    for (const t of fw.tasks ?? []) {
      if (!t.slave_id || (t.state && !LIVE_TASK.has(t.state))) continue;
      others.set(t.slave_id, add(others.get(t.slave_id) ?? ZERO, amounts(t.resources)));
    }
    for (const e of fw.executors ?? []) {
      if (!e.slave_id) continue;
      others.set(e.slave_id, add(others.get(e.slave_id) ?? ZERO, amounts(e.resources)));
    }
  }
  return {
    agents: (doc.slaves ?? []).map((a) => {
      const other = others.get(a.id) ?? ZERO;
      return {
        id: a.id,
        hostname: a.hostname,
        total: amounts(a.resources),
        k8sm: minus(amounts(a.used_resources), other),
        other,
        offered: amounts(a.offered_resources),
      };
    }),
    frameworks: (doc.frameworks ?? []).map((fw) => ({
      id: fw.id,
      name: fw.name,
      active: fw.active ?? true,
      k8sm: fw.id === k8smFrameworkId,
      tasks: (fw.tasks ?? []).length,
      used: amounts(fw.used_resources),
      offered: amounts(fw.offered_resources),
    })),
  };
}

/**
 * The apiserver route answering GET MESOS_SHARE_PATH from `source` (undefined until Mesos runs:
 * then 503 with a sentence saying so).
 */
export function mesosShareRoute(
  source: () => { state: unknown; frameworkId?: string } | undefined,
): (req: Request, url: URL) => Promise<Response | undefined> {
  return (req, url) => {
    if (url.pathname !== MESOS_SHARE_PATH) return Promise.resolve(undefined);
    if (req.method !== "GET") throw errors.methodNotAllowed(req.method, url.pathname);
    const now = source();
    if (!now) {
      throw new errors.ApiError(errors.makeStatus(
        503,
        "ServiceUnavailable",
        "Mesos is not running yet; try again once k8sm up is ready",
      ));
    }
    return Promise.resolve(
      new Response(JSON.stringify(mesosShare(now.state as StateDoc, now.frameworkId)), {
        headers: { "content-type": "application/json", "cache-control": "no-store" },
      }),
    );
  };
}

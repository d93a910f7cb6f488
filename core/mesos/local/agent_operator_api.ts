/**
 * An agent's v1 operator API, POST /api/v1 (also /slave(1)/api/v1), JSON or protobuf with the
 * master's content-type rules: GET_HEALTH, GET_FLAGS, GET_VERSION, GET_METRICS (`slave/*` keys),
 * GET_LOGGING_LEVEL, GET_STATE, GET_CONTAINERS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS
 * (queued = not yet delivered to the executor, launched, terminated) and GET_AGENT; other known
 * types answer 501. Also the agent's /metrics/snapshot. The agent has no SUBSCRIBE.
 */
import type { Agent } from "./agent.ts";
import type { ExecutorRun, RunTask } from "./executor_run.ts";
import { operatorResponse, readOperatorCall } from "./operator_api.ts";
import { textResponse } from "./http_rules.ts";
import { isTerminalState } from "./task_states.ts";
import { scalarOf } from "./resource_ops.ts";
import { versionInfo } from "./operator_model.ts";
import { doublesJson } from "./legacy_endpoints.ts";

const CALL_TYPE = "mesos.v1.agent.Call";
const RESPONSE_TYPE = "mesos.v1.agent.Response";
const startedAt = Date.now() / 1000;

function v1Task(agent: Agent, run: ExecutorRun, t: RunTask): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: t.info.name,
    task_id: t.info.task_id,
    framework_id: { value: run.frameworkId },
    agent_id: { value: agent.id },
    state: t.state,
    resources: t.info.resources ?? [],
  };
  if (run.kind !== "command") out.executor_id = run.info.executor_id;
  return out;
}

function getTasks(agent: Agent): Record<string, unknown> {
  const queued: unknown[] = [];
  const launched: unknown[] = [];
  const terminated: unknown[] = [];
  for (const run of agent.runs.values()) {
    for (const t of run.tasks.values()) {
      const list = isTerminalState(t.state) ? terminated : t.delivered ? launched : queued;
      list.push(v1Task(agent, run, t));
    }
  }
  return { queued_tasks: queued, launched_tasks: launched, terminated_tasks: terminated };
}

function getExecutors(agent: Agent): Record<string, unknown> {
  return {
    executors: [...agent.runs.values()].map((r) => ({
      executor_info: { ...r.info, framework_id: { value: r.frameworkId } },
    })),
  };
}

function getFrameworks(agent: Agent): Record<string, unknown> {
  return { frameworks: [...agent.frameworks.values()].map((f) => ({ framework_info: f })) };
}

/** The agent's metrics with Mesos' `slave/*` keys, sorted. */
export function agentMetricsSnapshot(agent: Agent): Record<string, number> {
  const m: Record<string, number> = {};
  const runs = [...agent.runs.values()];
  const tasks = runs.flatMap((r) => [...r.tasks.values()]);
  const count = (s: string) => tasks.filter((t) => t.state === s).length;
  m["slave/uptime_secs"] = Date.now() / 1000 - startedAt;
  m["slave/registered"] = 1;
  m["slave/frameworks_active"] = new Set(runs.map((r) => r.frameworkId)).size;
  for (const s of ["staging", "starting", "running", "killing"]) {
    m[`slave/tasks_${s}`] = count(`TASK_${s.toUpperCase()}`);
  }
  for (const s of ["finished", "failed", "killed", "lost", "gone"]) {
    m[`slave/tasks_${s}`] = count(`TASK_${s.toUpperCase()}`);
  }
  m["slave/executors_registering"] = runs.filter((r) => r.state === "REGISTERING").length;
  m["slave/executors_running"] = runs.filter((r) => r.state === "RUNNING").length;
  m["slave/executors_terminating"] = runs.filter((r) => r.state === "TERMINATING").length;
  const total = agent.info().resources ?? [];
  const used = [
    ...runs.flatMap((r) => r.info.resources ?? []),
    ...tasks.filter((t) => !isTerminalState(t.state)).flatMap((t) => t.info.resources ?? []),
  ];
  for (const name of ["cpus", "mem", "disk", "gpus"]) {
    const t = scalarOf(total, name);
    const u = scalarOf(used, name);
    m[`slave/${name}_total`] = t;
    m[`slave/${name}_used`] = u;
    m[`slave/${name}_percent`] = t > 0 ? u / t : 0;
  }
  const mem = Deno.systemMemoryInfo();
  m["system/cpus_total"] = navigator.hardwareConcurrency;
  m["system/mem_total_bytes"] = mem.total;
  m["system/mem_free_bytes"] = mem.free;
  [m["system/load_1min"], m["system/load_5min"], m["system/load_15min"]] = Deno.loadavg();
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/** GET /metrics/snapshot of an agent. */
export function agentMetricsEndpoint(agent: Agent): Response {
  return new Response(doublesJson(agentMetricsSnapshot(agent)), {
    headers: { "Content-Type": "application/json" },
  });
}

function payload(agent: Agent, type: string): unknown | undefined {
  switch (type) {
    case "GET_HEALTH":
      return { healthy: true };
    case "GET_FLAGS":
      return {
        flags: [
          { name: "port", value: String(agent.port) },
          { name: "hostname", value: agent.info().hostname },
          { name: "work_dir", value: agent.opts.workDir },
        ],
      };
    case "GET_VERSION":
      return { version_info: versionInfo() };
    case "GET_METRICS":
      return {
        metrics: Object.entries(agentMetricsSnapshot(agent)).map(([name, value]) => ({
          name,
          value,
        })),
      };
    case "GET_LOGGING_LEVEL":
      return { level: 0 };
    case "GET_STATE":
      return {
        get_tasks: getTasks(agent),
        get_executors: getExecutors(agent),
        get_frameworks: getFrameworks(agent),
      };
    case "GET_CONTAINERS":
      return {
        containers: [...agent.runs.values()].map((r) => ({
          framework_id: { value: r.frameworkId },
          executor_id: r.info.executor_id,
          executor_name: r.info.name ?? "",
          container_id: { value: r.containerId },
        })),
      };
    case "GET_FRAMEWORKS":
      return getFrameworks(agent);
    case "GET_EXECUTORS":
      return getExecutors(agent);
    case "GET_TASKS":
      return getTasks(agent);
    case "GET_AGENT":
      return { agent_info: agent.info() };
    default:
      return undefined;
  }
}

/** Handles POST /api/v1 on an agent (authentication already checked). */
export async function agentOperatorEndpoint(agent: Agent, req: Request): Promise<Response> {
  if (agent.recovering) {
    await req.body?.cancel();
    return textResponse(503, "Agent has not finished recovery");
  }
  const read = await readOperatorCall<{ type?: string }>(req, CALL_TYPE, {
    GET_METRICS: "get_metrics",
  });
  if (read instanceof Response) return read;
  const { call, out } = read;
  const body = payload(agent, call.type);
  if (body === undefined) {
    return textResponse(501, `mesos-local's agents do not implement the call ${call.type}`);
  }
  return operatorResponse(RESPONSE_TYPE, out, call.type, body);
}

/**
 * The master's v1 operator API, POST /api/v1 (also /master/api/v1), in JSON or protobuf with the
 * scheduler API's content-type rules (400/415 on Content-Type, 406 on Accept, checked for every
 * call). Served: GET_HEALTH, GET_FLAGS, GET_VERSION, GET_METRICS, GET_LOGGING_LEVEL, GET_STATE,
 * GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS, GET_ROLES, GET_WEIGHTS, GET_MASTER,
 * SUBSCRIBE (operator_events.ts), TEARDOWN, MARK_AGENT_GONE, RESERVE_RESOURCES and
 * UNRESERVE_RESOURCES (reservations.ts), the maintenance calls
 * (maintenance.ts), DRAIN_AGENT, DEACTIVATE_AGENT and REACTIVATE_AGENT (agent_drain.ts). Other
 * known types answer 501. Example:
 *
 *     curl -X POST http://127.0.0.1:5050/api/v1 -H 'Content-Type: application/json' \
 *       -d '{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"<id>"}}}'
 *
 * With `--authenticate-http-readwrite` every call needs HTTP Basic credentials (checked by the
 * caller, master_http.ts). MARK_AGENT_GONE: the agent's tasks become TASK_GONE_BY_OPERATOR or
 * TASK_LOST, its executors are killed and it never comes back under that id.
 */
import type { Master } from "./master.ts";
import type { Resource } from "./mesos_types.ts";
import { changeReservation } from "./reservations.ts";
import {
  MEDIA_TYPE,
  readCall,
  requestEncoding,
  requirePost,
  responseEncoding,
  textResponse,
  type WireEncoding,
} from "./http_rules.ts";
import { markAgentRemoved } from "./faults.ts";
import { EventStream } from "./event_stream.ts";
import { encodeMesos } from "../codec.ts";
import { stringifyMesosWireJson } from "./wire_json.ts";
import * as model from "./operator_model.ts";
import { masterMetricsSnapshot } from "./metrics_snapshot.ts";
import { removeFramework } from "./master_subscribe.ts";
import type { MachineId, Schedule } from "./maintenance.ts";
import { deactivateAgent, drainAgent, type ProtoDuration, reactivateAgent } from "./agent_drain.ts";

const CALL_TYPE = "mesos.v1.master.Call";
const RESPONSE_TYPE = "mesos.v1.master.Response";
const EVENT_TYPE = "mesos.v1.master.Event";

/** What the operator API needs beyond the master: whoever owns the agent processes. */
export interface OperatorHooks {
  /** Ids of agents already marked gone. */
  readonly goneAgents: ReadonlySet<string>;
  /** Stops the agent's executors and the agent itself, and forgets its checkpointed id. */
  agentGone(agentId: string): Promise<void>;
}

type Id = { value: string };

interface MasterCall {
  type?: string;
  get_metrics?: unknown;
  update_maintenance_schedule?: { schedule: Schedule };
  start_maintenance?: { machines?: MachineId[] };
  stop_maintenance?: { machines?: MachineId[] };
  drain_agent?: { agent_id: Id; max_grace_period?: ProtoDuration; mark_gone?: boolean };
  deactivate_agent?: { agent_id: Id };
  reactivate_agent?: { agent_id: Id };
  teardown?: { framework_id: Id };
  reserve_resources?: { agent_id: Id; resources?: Resource[] };
  unreserve_resources?: { agent_id: Id; resources?: Resource[] };
  mark_agent_gone?: { agent_id: Id };
}

/** Calls whose sub-message must be present (Mesos' validation::master::call::validate). */
const REQUIRED: Record<string, string> = {
  GET_METRICS: "get_metrics",
  UPDATE_MAINTENANCE_SCHEDULE: "update_maintenance_schedule",
  START_MAINTENANCE: "start_maintenance",
  STOP_MAINTENANCE: "stop_maintenance",
  DRAIN_AGENT: "drain_agent",
  DEACTIVATE_AGENT: "deactivate_agent",
  REACTIVATE_AGENT: "reactivate_agent",
  TEARDOWN: "teardown",
  RESERVE_RESOURCES: "reserve_resources",
  UNRESERVE_RESOURCES: "unreserve_resources",
  MARK_AGENT_GONE: "mark_agent_gone",
};

/**
 * A 200 response: the Response message `responseType` (master or agent) of `type` carrying
 * `payload` under its lowercase key, in `encoding` (JSON as Mesos writes it, then `finishJson`).
 */
export function operatorResponse(
  responseType: string,
  encoding: WireEncoding,
  type: string,
  payload: unknown,
  finishJson: (wire: unknown) => unknown = (wire) => wire,
): Response {
  const message = { type, [type.toLowerCase()]: payload };
  const body = encoding === "json"
    ? new TextEncoder().encode(stringifyMesosWireJson(responseType, message, finishJson))
    : encodeMesos(responseType, message);
  return new Response(body, { status: 200, headers: { "Content-Type": MEDIA_TYPE[encoding] } });
}

/**
 * Reads an operator call of protobuf type `callType` with Mesos' rules (405, 400/415 on
 * Content-Type, 400 on parse errors, a missing type or a missing `required` sub-message, 406 on
 * Accept); returns the call and the response encoding, or the error response.
 */
export async function readOperatorCall<T extends { type?: string }>(
  req: Request,
  callType: string,
  required: Record<string, string>,
): Promise<{ call: T & { type: string }; out: WireEncoding } | Response> {
  const notPost = requirePost(req);
  if (notPost) return notPost;
  const encoding = requestEncoding(req);
  if (encoding instanceof Response) return encoding;
  const decoded = await readCall(req, callType, encoding);
  if (decoded instanceof Response) return decoded;
  const call = decoded as T;
  const what = callType.replace(/^mesos\.v1\./, "").replace(".Call", "::Call");
  if (call.type === undefined) {
    return textResponse(400, `Failed to validate ${what}: Expecting 'type' to be present`);
  }
  const sub = required[call.type];
  if (sub && (call as Record<string, unknown>)[sub] === undefined) {
    return textResponse(400, `Failed to validate ${what}: Expecting '${sub}' to be present`);
  }
  const out = responseEncoding(req);
  if (out instanceof Response) return out;
  return { call: call as T & { type: string }, out };
}

function respond(encoding: WireEncoding, type: string, payload: unknown): Response {
  return operatorResponse(RESPONSE_TYPE, encoding, type, payload, model.withEmptyArrays);
}

const EMPTY_OK = () => new Response(null, { status: 200 });

function flagList(master: Master): { name: string; value: string }[] {
  return Object.entries(master.opts.flags ?? {}).sort(([a], [b]) => a < b ? -1 : 1)
    .map(([name, value]) => ({ name, value }));
}

/** GET_ROLES: every role with frameworks subscribed to it, weight 1. */
function roles(master: Master): Record<string, unknown>[] {
  const byRole = new Map<string, string[]>();
  for (const fw of master.frameworks.values()) {
    for (const r of fw.roles()) byRole.set(r, [...(byRole.get(r) ?? []), fw.id]);
  }
  return [...byRole].map(([name, ids]) => ({
    name,
    weight: 1,
    frameworks: ids.map((value) => ({ value })),
  }));
}

/** The read-only calls' payloads. */
function readPayload(master: Master, type: string): unknown | undefined {
  switch (type) {
    case "GET_HEALTH":
      return { healthy: true };
    case "GET_FLAGS":
      return { flags: flagList(master) };
    case "GET_VERSION":
      return { version_info: model.versionInfo() };
    case "GET_METRICS":
      return {
        metrics: Object.entries(masterMetricsSnapshot(master)).map(([name, value]) => ({
          name,
          value,
        })),
      };
    case "GET_LOGGING_LEVEL":
      return { level: 0 };
    case "GET_STATE":
      return model.getState(master);
    case "GET_AGENTS":
      return model.getAgents(master);
    case "GET_FRAMEWORKS":
      return model.getFrameworks(master);
    case "GET_EXECUTORS":
      return model.getExecutors(master);
    case "GET_TASKS":
      return model.getTasks(master);
    case "GET_ROLES":
      return { roles: roles(master) };
    case "GET_WEIGHTS":
      return {};
    case "GET_MASTER":
      return {
        master_info: master.masterInfo(),
        start_time: master.startedAt,
        elected_time: master.startedAt,
      };
    case "GET_MAINTENANCE_SCHEDULE":
      return { schedule: master.maintenance.schedule };
    case "GET_MAINTENANCE_STATUS":
      return { status: master.maintenance.status() };
    default:
      return undefined;
  }
}

/** Handles POST /api/v1 against the current master. */
export async function operatorEndpoint(
  master: Master,
  req: Request,
  hooks: OperatorHooks,
): Promise<Response> {
  const read = await readOperatorCall<MasterCall>(req, CALL_TYPE, REQUIRED);
  if (read instanceof Response) return read;
  const { call, out } = read;
  const payload = readPayload(master, call.type);
  if (payload !== undefined) return respond(out, call.type, payload);
  return await writeCall(master, call, out, hooks);
}

async function writeCall(
  master: Master,
  call: MasterCall,
  out: WireEncoding,
  hooks: OperatorHooks,
): Promise<Response> {
  const bad = (text: string | undefined) => text ? textResponse(400, text) : EMPTY_OK();
  switch (call.type) {
    case "SUBSCRIBE": {
      const stream = new EventStream(out, EVENT_TYPE, model.withEmptyArrays);
      master.operatorEvents.subscribe(stream);
      return stream.response();
    }
    case "MARK_AGENT_GONE": {
      const id = call.mark_agent_gone!.agent_id.value;
      if (hooks.goneAgents.has(id)) return EMPTY_OK();
      if (!master.agents.has(id)) return textResponse(404, `Agent '${id}' not found`);
      markAgentRemoved(master, id, true);
      await hooks.agentGone(id);
      return EMPTY_OK();
    }
    case "TEARDOWN": {
      const fw = master.frameworks.get(call.teardown!.framework_id.value);
      if (!fw) return textResponse(400, "No framework found with specified ID");
      removeFramework(master, fw);
      return EMPTY_OK();
    }
    case "UPDATE_MAINTENANCE_SCHEDULE":
      return bad(master.maintenance.update(call.update_maintenance_schedule!.schedule));
    case "START_MAINTENANCE": {
      const agents = master.maintenance.start(call.start_maintenance!.machines ?? []);
      if (typeof agents === "string") return bad(agents);
      for (const id of agents) {
        markAgentRemoved(master, id, "down");
        await hooks.agentGone(id);
      }
      return EMPTY_OK();
    }
    case "STOP_MAINTENANCE":
      return bad(master.maintenance.stop(call.stop_maintenance!.machines ?? []));
    case "DRAIN_AGENT": {
      const d = call.drain_agent!;
      return bad(drainAgent(master, d.agent_id.value, d.max_grace_period, !!d.mark_gone, (id) => {
        if (!master.agents.has(id)) return;
        markAgentRemoved(master, id, true);
        void hooks.agentGone(id);
      }));
    }
    case "RESERVE_RESOURCES":
    case "UNRESERVE_RESOURCES": {
      const reserve = call.type === "RESERVE_RESOURCES";
      const r = (reserve ? call.reserve_resources : call.unreserve_resources)!;
      const error = changeReservation(master, r.agent_id.value, r.resources ?? [], reserve);
      return error
        ? textResponse(error.status, error.message)
        : new Response(null, { status: 202 });
    }
    case "DEACTIVATE_AGENT":
      return bad(deactivateAgent(master, call.deactivate_agent!.agent_id.value));
    case "REACTIVATE_AGENT":
      return bad(reactivateAgent(master, call.reactivate_agent!.agent_id.value));
    default:
      return textResponse(501, `mesos-local does not implement the operator call ${call.type}`);
  }
}

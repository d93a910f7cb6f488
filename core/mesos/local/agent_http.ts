/**
 * The agent's HTTP surface: POST /api/v1/executor (also under /slave(1)/) with the executor
 * API rules — exact Content-Type, Accept for the stream, 400 for unknown framework/executor or
 * invalid updates, 403 before SUBSCRIBE, SUBSCRIBED then queued LAUNCHes, ACKNOWLEDGED once an
 * update is recorded and, for a checkpointing framework, on disk — plus GET /state and /health of the agent. With executor authentication
 * every executor call needs the run's bearer token (401 without or with a bad one, 403 when it
 * belongs to another framework, executor or container); /state may need Basic credentials.
 */
import type { ExecutorCall, TaskStatus } from "./mesos_types.ts";
import type { Agent } from "./agent.ts";
import type { ExecutorRun } from "./executor_run.ts";
import {
  readCall,
  requestEncoding,
  requirePost,
  responseEncoding,
  textResponse,
} from "./http_rules.ts";
import { EventStream } from "./event_stream.ts";
import { agentMetricsEndpoint, agentOperatorEndpoint } from "./agent_operator_api.ts";
import { isValidUuidBase64 } from "./ids.ts";
import { isTerminalState } from "./task_states.ts";
import { agentState } from "./agent_state.ts";
import type { ExecutorClaims } from "./executor_tokens.ts";
import { HttpAuthentication, REALMS } from "./http_authentication.ts";

const CALL_TYPE = "mesos.v1.executor.Call";
const EVENT_TYPE = "mesos.v1.executor.Event";

/**
 * Call-level checks of an executor UPDATE (Mesos' executor call validation, done before the
 * agent looks the executor up): a 16-byte UUID, SOURCE_EXECUTOR, never TASK_STAGING, and a
 * status executor_id equal to the call's.
 */
export function updateCallError(call: ExecutorCall, status: TaskStatus): string | undefined {
  if (!isValidUuidBase64(status.uuid)) {
    return "'TaskStatus.uuid' must be the 16 bytes of a valid UUID";
  }
  if (status.source !== "SOURCE_EXECUTOR") {
    return `Received wrong source ${status.source ?? "(unset)"}; expecting SOURCE_EXECUTOR`;
  }
  if (status.state === "TASK_STAGING") return "Received TASK_STAGING from executor";
  const execId = call.executor_id.value;
  if (status.executor_id && status.executor_id.value !== execId) {
    return `ExecutorID mismatch: expected ${execId}, got ${status.executor_id.value}`;
  }
  return undefined;
}

/** Run-level checks: the task is the executor's and not already terminal. */
export function updateError(run: ExecutorRun, status: TaskStatus): string | undefined {
  const execId = run.info.executor_id.value;
  const task = run.tasks.get(status.task_id.value);
  if (!task) return `Task ${status.task_id.value} is not known to executor ${execId}`;
  if (isTerminalState(task.state) && task.state !== status.state) {
    return `Task ${status.task_id.value} is already in terminal state ${task.state}`;
  }
  return undefined;
}

/**
 * After an agent restart, a delivered task still STAGING that the re-subscribing executor does
 * not list never reached it: TASK_DROPPED (TASK_LOST without PARTITION_AWARE),
 * REASON_AGENT_RESTARTED.
 */
function dropUnlistedTasks(agent: Agent, run: ExecutorRun, call: ExecutorCall): void {
  const listed = new Set(
    (call.subscribe?.unacknowledged_tasks ?? []).map((t) => t.task_id.value),
  );
  const aware = run.framework.capabilities?.some((c) => c.type === "PARTITION_AWARE") ?? false;
  for (const t of run.tasks.values()) {
    if (!t.delivered || t.state !== "TASK_STAGING" || listed.has(t.info.task_id.value)) continue;
    agent.agentUpdate(
      run,
      t.info.task_id.value,
      aware ? "TASK_DROPPED" : "TASK_LOST",
      "REASON_AGENT_RESTARTED",
      "The executor did not know the task when it re-subscribed after an agent restart",
    );
  }
}

function subscribeExecutor(
  agent: Agent,
  run: ExecutorRun,
  call: ExecutorCall,
  stream: EventStream,
): void {
  const old = run.stream;
  run.stream = stream;
  old?.close();
  if (run.state === "REGISTERING") run.state = "RUNNING";
  clearTimeout(run.registrationTimer);
  if (run.recovering) {
    run.recovering = false;
    clearTimeout(run.reregistrationTimer);
    dropUnlistedTasks(agent, run, call);
  }
  stream.onClose(() => {
    if (run.stream === stream) run.stream = null;
  });
  stream.send({
    type: "SUBSCRIBED",
    subscribed: {
      executor_info: run.info,
      framework_info: run.framework,
      agent_info: agent.info(),
      container_id: { value: run.containerId },
    },
  });
  for (const u of call.subscribe?.unacknowledged_updates ?? []) {
    if (!updateCallError(call, u.status) && !updateError(run, u.status)) {
      recordExecutorUpdate(agent, run, u.status);
    }
  }
  run.flushQueued();
}

function recordExecutorUpdate(agent: Agent, run: ExecutorRun, status: TaskStatus): void {
  const full: TaskStatus = {
    ...status,
    agent_id: { value: agent.id },
    executor_id: run.info.executor_id,
    timestamp: status.timestamp ?? Date.now() / 1000,
  };
  agent.recordUpdate(run, full);
  // Acknowledged once checkpointed: an executor drops an acknowledged update (and stops listing
  // its task on re-subscription), so an agent that died before writing it must not have acked.
  agent.afterCheckpoint(run, () =>
    run.send({
      type: "ACKNOWLEDGED",
      acknowledged: { task_id: status.task_id, uuid: status.uuid },
    }));
}

/** 403 unless the token's claims name the call's framework, executor and current container. */
function claimsError(
  claims: ExecutorClaims,
  call: ExecutorCall,
  run: ExecutorRun | undefined,
): Response | undefined {
  const fid = call.framework_id?.value;
  const eid = call.executor_id?.value;
  if (claims.fid === fid && claims.eid === eid && (!run || claims.cid === run.containerId)) {
    return undefined;
  }
  return textResponse(
    403,
    `The token's claims (framework ${claims.fid}, executor ${claims.eid}, container ` +
      `${claims.cid}) do not match the call (framework ${fid}, executor ${eid}` +
      (run ? `, container ${run.containerId})` : ")"),
  );
}

async function executorEndpoint(agent: Agent, req: Request): Promise<Response> {
  if (agent.recovering) {
    await req.body?.cancel();
    return textResponse(503, "Agent has not finished recovery");
  }
  let claims: ExecutorClaims | undefined;
  const tokens = agent.launcher.tokens;
  if (tokens) {
    const auth = await tokens.authenticate(req);
    if (auth instanceof Response) {
      await req.body?.cancel();
      return auth;
    }
    claims = auth;
  }
  const notPost = requirePost(req);
  if (notPost) return notPost;
  const encoding = requestEncoding(req);
  if (encoding instanceof Response) return encoding;
  const decoded = await readCall(req, CALL_TYPE, encoding);
  if (decoded instanceof Response) return decoded;
  const call = decoded as ExecutorCall;
  if (call.type === undefined || call.type === "UNKNOWN") {
    return textResponse(400, "Failed to validate executor::Call: Expecting 'type' to be present");
  }
  if (claims) {
    const denied = claimsError(
      claims,
      call,
      agent.run(call.framework_id.value, call.executor_id.value),
    );
    if (denied) return denied;
  }
  if (call.type === "HEARTBEAT") return new Response(null, { status: 202 });
  const sub = { SUBSCRIBE: call.subscribe, UPDATE: call.update, MESSAGE: call.message }[call.type];
  if (call.type !== "SUBSCRIBE" && sub === undefined) {
    return textResponse(
      400,
      `Failed to validate executor::Call: Expecting '${call.type.toLowerCase()}' to be present`,
    );
  }
  if (call.type === "UPDATE") {
    const problem = updateCallError(call, call.update!.status);
    if (problem) return textResponse(400, `Failed to validate executor::Call: ${problem}`);
  }
  const run = agent.run(call.framework_id.value, call.executor_id.value);
  if (!run || run.state === "TERMINATED") {
    return textResponse(
      400,
      `Executor ${call.executor_id.value} of framework ${call.framework_id.value} is not known to this agent`,
    );
  }
  if (call.type === "SUBSCRIBE") {
    const out = responseEncoding(req);
    if (out instanceof Response) return out;
    const stream = new EventStream(out, EVENT_TYPE);
    subscribeExecutor(agent, run, call, stream);
    return stream.response();
  }
  if (!run.subscribed) return textResponse(403, "Executor is not subscribed");
  if (call.type === "UPDATE") {
    const status = call.update!.status;
    const problem = updateError(run, status);
    if (problem) return textResponse(400, problem);
    recordExecutorUpdate(agent, run, status);
  } else if (call.type === "MESSAGE") {
    agent.master.executorMessage(
      agent.id,
      run.frameworkId,
      run.info.executor_id.value,
      call.message!.data,
    );
  }
  return new Response(null, { status: 202 });
}

/** Routes every request to an agent's HTTP server. */
export function agentHandler(agent: Agent): (req: Request) => Promise<Response> {
  const http = new HttpAuthentication(agent.opts.authentication ?? { credentials: [] });
  return async (req) => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    switch (path) {
      case "/api/v1/executor":
      case "/slave(1)/api/v1/executor":
        return await executorEndpoint(agent, req);
      case "/state":
      case "/slave(1)/state": {
        const denied = http.readonly(req, REALMS.agentReadonly);
        return denied ?? Response.json(agentState(agent));
      }
      case "/api/v1":
      case "/slave(1)/api/v1": {
        const denied = http.readwrite(req, REALMS.agentReadwrite);
        if (denied) await req.body?.cancel();
        return denied ?? await agentOperatorEndpoint(agent, req);
      }
      case "/metrics/snapshot":
        return http.readonly(req, REALMS.agentReadonly) ?? agentMetricsEndpoint(agent);
      case "/health":
      case "/healthz":
      case "/slave(1)/health":
        return new Response(null, { status: 200 });
      default:
        await req.body?.cancel();
        return textResponse(404, `No endpoint ${path}; try /api/v1/executor or /state`);
    }
  };
}

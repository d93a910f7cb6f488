/**
 * The master's operator API, POST /api/v1 (also /master/api/v1), as far as mesos-local serves
 * it: `MARK_AGENT_GONE`, the documented way to kill an agent from outside the process:
 *
 *     curl -X POST http://127.0.0.1:5050/api/v1 -H 'Content-Type: application/json' \
 *       -d '{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"<id>"}}}'
 *
 * With `--authenticate-http-readwrite` it needs HTTP Basic credentials. The agent's tasks become
 * TASK_GONE_BY_OPERATOR (PARTITION_AWARE frameworks) or TASK_LOST with
 * REASON_AGENT_REMOVED_BY_OPERATOR, its executors and their processes are killed, and it never
 * comes back under that id. 200 with an empty body, also for an agent already gone; 404 for an
 * unknown agent; 400 for other call types (mesos-local serves only this one) and bad bodies.
 */
import type { Master } from "./master.ts";
import { requestEncoding, requirePost, textResponse } from "./http_rules.ts";
import { markAgentRemoved } from "./faults.ts";

/** What the operator API needs beyond the master: whoever owns the agent processes. */
export interface OperatorHooks {
  /** Ids of agents already marked gone. */
  readonly goneAgents: ReadonlySet<string>;
  /** Stops the agent's executors and the agent itself, and forgets its checkpointed id. */
  agentGone(agentId: string): Promise<void>;
}

interface OperatorCall {
  type?: unknown;
  mark_agent_gone?: { agent_id?: { value?: unknown } };
}

/** Handles POST /api/v1 against the current master. */
export async function operatorEndpoint(
  master: Master,
  req: Request,
  hooks: OperatorHooks,
): Promise<Response> {
  const notPost = requirePost(req);
  if (notPost) return notPost;
  const encoding = requestEncoding(req);
  if (encoding instanceof Response) return encoding;
  if (encoding !== "json") {
    await req.body?.cancel();
    return textResponse(415, "mesos-local's operator API takes application/json calls only");
  }
  let call: OperatorCall;
  try {
    call = JSON.parse(await req.text()) as OperatorCall;
  } catch (e) {
    return textResponse(400, `Failed to convert JSON into Call protobuf: ${e}`);
  }
  if (call?.type !== "MARK_AGENT_GONE") {
    return textResponse(
      400,
      `mesos-local's operator API serves only MARK_AGENT_GONE; got type ${
        JSON.stringify(call?.type)
      }`,
    );
  }
  const id = call.mark_agent_gone?.agent_id?.value;
  if (typeof id !== "string" || id === "") {
    return textResponse(
      400,
      "Failed to validate master::Call: Expecting 'mark_agent_gone.agent_id.value' to be present",
    );
  }
  if (hooks.goneAgents.has(id)) return new Response(null, { status: 200 });
  if (!master.agents.has(id)) return textResponse(404, `Agent '${id}' not found`);
  markAgentRemoved(master, id, true);
  await hooks.agentGone(id);
  return new Response(null, { status: 200 });
}

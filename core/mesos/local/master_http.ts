/**
 * The master's HTTP surface: POST /api/v1/scheduler with Mesos' status codes (405, 400, 403,
 * 406, 415, 202/200, streaming SUBSCRIBE with Mesos-Stream-Id), and the operator endpoints
 * GET /state (alias /master/state, /state.json), /metrics and /health.
 */
import type { SchedulerCall } from "./mesos_types.ts";
import type { Master } from "./master.ts";
import {
  readCall,
  requestEncoding,
  requirePost,
  responseEncoding,
  textResponse,
} from "./http_rules.ts";
import { EventStream } from "./event_stream.ts";
import { handleCall, validateCall } from "./master_calls.ts";
import { subscribe } from "./master_subscribe.ts";
import { masterState } from "./state_endpoint.ts";
import { masterMetricsText } from "./metrics_endpoint.ts";

const CALL_TYPE = "mesos.v1.scheduler.Call";
const EVENT_TYPE = "mesos.v1.scheduler.Event";

/** Handles POST /api/v1/scheduler against the current master. */
export async function schedulerEndpoint(master: Master, req: Request): Promise<Response> {
  master.metrics.callsReceived++;
  const response = await schedulerCall(master, req);
  if (response.status >= 400) master.metrics.callsRefused++;
  return response;
}

async function schedulerCall(master: Master, req: Request): Promise<Response> {
  const notPost = requirePost(req);
  if (notPost) return notPost;
  const encoding = requestEncoding(req);
  if (encoding instanceof Response) return encoding;
  const decoded = await readCall(req, CALL_TYPE, encoding);
  if (decoded instanceof Response) return decoded;
  const call = decoded as SchedulerCall;
  const problem = validateCall(call);
  if (problem) return textResponse(400, `Failed to validate scheduler::Call: ${problem}`);
  if (call.type === "SUBSCRIBE") {
    if (req.headers.has("mesos-stream-id")) {
      return textResponse(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
    }
    const out = responseEncoding(req);
    if (out instanceof Response) return out;
    const stream = new EventStream(out, EVENT_TYPE);
    const streamId = subscribe(master, call, stream);
    return stream.response({ "Mesos-Stream-Id": streamId });
  }
  const fwId = call.framework_id!.value;
  const fw = master.frameworks.get(fwId);
  if (!fw) return textResponse(400, `Framework cannot be found: ${fwId}`);
  if (!fw.connected) return textResponse(403, "Framework is not subscribed");
  const streamId = req.headers.get("mesos-stream-id");
  if (streamId === null) {
    return textResponse(
      400,
      "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
    );
  }
  if (streamId !== fw.streamId) {
    return textResponse(
      400,
      `The stream ID '${streamId}' included in this request didn't match the stream ID ` +
        `currently associated with framework ID ${fwId}`,
    );
  }
  return handleCall(master, fw, call);
}

/** Routes every request to the master's HTTP server; `master()` is the current master. */
export function masterHandler(master: () => Master): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    switch (path) {
      case "/api/v1/scheduler":
      case "/master/api/v1/scheduler":
        return await schedulerEndpoint(master(), req);
      case "/state":
      case "/state.json":
      case "/master/state":
      case "/master/state.json":
        return Response.json(masterState(master()));
      case "/metrics":
        return new Response(masterMetricsText(master()), {
          headers: { "Content-Type": "text/plain; version=0.0.4" },
        });
      case "/version":
        return Response.json({ version: "1.12.0", build_user: "k8sm mesos-local" });
      case "/health":
      case "/healthz":
      case "/master/health":
        return new Response(null, { status: 200 });
      default:
        await req.body?.cancel();
        return textResponse(404, `No endpoint ${path}; try /api/v1/scheduler or /state`);
    }
  };
}

/**
 * The master's HTTP surface: POST /api/v1/scheduler with Mesos' status codes (405, 400, 403,
 * 406, 415, 202/200, streaming SUBSCRIBE with Mesos-Stream-Id), and the operator endpoints
 * GET /state (alias /master/state, /state.json), /metrics (Prometheus), POST /teardown, /health,
 * the operator API /api/v1 (operator_api.ts) and the other legacy endpoints
 * (legacy_endpoints.ts: /state-summary, /slaves, /frameworks, /tasks, /flags, /version,
 * /metrics/snapshot, /maintenance/*, /machine/*). With
 * authentication on (http_authentication.ts) the scheduler API, the read-only endpoints and the
 * write endpoints each may need Basic credentials; /health and /version never do.
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
import { type HttpAuthentication, NO_AUTHENTICATION, REALMS } from "./http_authentication.ts";
import { removeFramework } from "./master_subscribe.ts";
import { operatorEndpoint, type OperatorHooks } from "./operator_api.ts";
import { legacyEndpoint, legacyRealm } from "./legacy_endpoints.ts";

const CALL_TYPE = "mesos.v1.scheduler.Call";
const EVENT_TYPE = "mesos.v1.scheduler.Event";

/** Handles POST /api/v1/scheduler against the current master. */
export async function schedulerEndpoint(
  master: Master,
  req: Request,
  auth: HttpAuthentication = NO_AUTHENTICATION,
): Promise<Response> {
  master.metrics.callsReceived++;
  const response = await schedulerCall(master, req, auth);
  if (response.status >= 400) master.metrics.callsRefused++;
  return response;
}

/** Mesos' text when the authenticated principal is not the framework's. */
function principalMismatch(authenticated: string, declared: string | undefined): Response {
  return textResponse(
    400,
    `Failed to validate scheduler::Call: Authenticated principal '${authenticated}' does not ` +
      `match principal '${declared ?? ""}' set in \`FrameworkInfo\``,
  );
}

async function schedulerCall(
  master: Master,
  req: Request,
  auth: HttpAuthentication,
): Promise<Response> {
  const principal = auth.scheduler(req);
  if (principal instanceof Response) {
    await req.body?.cancel();
    return principal;
  }
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
    const info = call.subscribe!.framework_info;
    if (principal !== undefined) {
      if (info.principal === undefined) info.principal = principal;
      else if (info.principal !== principal) return principalMismatch(principal, info.principal);
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
  if (principal !== undefined && fw.info.principal !== principal) {
    return principalMismatch(principal, fw.info.principal);
  }
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

/**
 * POST /teardown with `frameworkId=<id>` (form or query): removes the framework as TEARDOWN
 * does; 400 when the id is missing or unknown.
 */
async function teardownEndpoint(master: Master, req: Request): Promise<Response> {
  const notPost = requirePost(req);
  if (notPost) return notPost;
  const form = new URLSearchParams(await req.text());
  const id = form.get("frameworkId") ?? new URL(req.url).searchParams.get("frameworkId");
  if (!id) return textResponse(400, "Missing 'frameworkId' query parameter in the request body");
  const fw = master.frameworks.get(id);
  if (!fw) return textResponse(400, "No framework found with specified ID");
  removeFramework(master, fw);
  return new Response(null, { status: 200 });
}

/**
 * Routes every request to the master's HTTP server; `master()` is the current master and
 * `auth` says which endpoints need credentials; `operator` serves POST /api/v1 (operator_api.ts).
 */
export function masterHandler(
  master: () => Master,
  auth: HttpAuthentication = NO_AUTHENTICATION,
  operator?: OperatorHooks,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    const readonly = () => auth.readonly(req, REALMS.masterReadonly);
    switch (path) {
      case "/api/v1/scheduler":
      case "/master/api/v1/scheduler":
        return await schedulerEndpoint(master(), req, auth);
      case "/state":
      case "/state.json":
      case "/master/state":
      case "/master/state.json":
        return readonly() ?? Response.json(masterState(master()));
      case "/health":
      case "/healthz":
      case "/master/health":
        return new Response(null, { status: 200 });
      case "/metrics":
        return readonly() ?? new Response(masterMetricsText(master()), {
          headers: { "Content-Type": "text/plain; version=0.0.4" },
        });
      case "/api/v1":
      case "/master/api/v1": {
        const denied = operator ? auth.readwrite(req, REALMS.masterReadwrite) : undefined;
        if (denied || !operator) await req.body?.cancel();
        if (!operator) return textResponse(404, "No operator API on this master");
        return denied ?? await operatorEndpoint(master(), req, operator);
      }
      case "/teardown":
      case "/master/teardown": {
        const denied = auth.readwrite(req, REALMS.masterReadwrite);
        if (denied) await req.body?.cancel();
        return denied ?? await teardownEndpoint(master(), req);
      }
      default: {
        const realm = legacyRealm(path);
        if (realm !== undefined) {
          const denied = realm === "readonly"
            ? readonly()
            : realm === "readwrite"
            ? auth.readwrite(req, REALMS.masterReadwrite)
            : undefined;
          if (denied) {
            await req.body?.cancel();
            return denied;
          }
          const res = await legacyEndpoint(
            master(),
            req,
            path,
            (id) => operator ? operator.agentGone(id) : Promise.resolve(),
          );
          if (res) return res;
        }
        await req.body?.cancel();
        return textResponse(404, `No endpoint ${path}; try /api/v1/scheduler or /state`);
      }
    }
  };
}

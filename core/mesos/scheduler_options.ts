/**
 * Settings of the Mesos scheduler HTTP client, its fatal subscription error, and the error and
 * log line for a master that refuses the framework's credentials (401) or principal (403): the
 * client keeps retrying those with backoff, since they can be fixed on the master's side.
 */
import type { MesosContentType } from "./content_type.ts";
import type { MesosCredentials } from "./master_url.ts";

/** Settings of a SchedulerClient. */
export interface SchedulerClientOptions {
  /** Master address: `host:port`, `http://host:port` or the full scheduler API URL. */
  master: string;
  /** FrameworkInfo in Mesos JSON form (`user` and `name` required; `id` is managed here). */
  frameworkInfo: Record<string, unknown>;
  /** A framework id saved from an earlier run: subscribe as a failover of it. */
  frameworkId?: string;
  /** Wire encoding for calls and events (default protobuf). */
  contentType?: MesosContentType;
  /** HTTP basic credentials, when the master authenticates frameworks. */
  credentials?: MesosCredentials;
  /** Roles to subscribe suppressed. */
  suppressedRoles?: string[];
  /** Reconnect after this many heartbeat intervals without any event (default 5). */
  heartbeatTimeoutFactor?: number;
  /** Heartbeat interval assumed before SUBSCRIBED says otherwise, in seconds (default 15). */
  defaultHeartbeatSeconds?: number;
  /** Resubscription backoff: first delay and cap in milliseconds (default 500 and 15000). */
  backoffInitialMs?: number;
  /** See backoffInitialMs. */
  backoffMaxMs?: number;
  /** Redirects followed in a row before backing off (default 9). */
  maxRedirects?: number;
  /** Timeout of a non-SUBSCRIBE call in milliseconds (default 75000). */
  callTimeoutMs?: number;
  /** Called with the framework id as soon as SUBSCRIBED arrives, and with undefined on removal. */
  onFrameworkId?: (id: string | undefined) => void | Promise<void>;
}

/** Subscription refused for a reason retrying cannot fix (bad request, encoding). */
export class SubscribeRefusedError extends Error {
  override name = "SubscribeRefusedError";
}

/** SUBSCRIBE answered 401 or 403; retried with backoff, logged once per distinct refusal. */
export class SubscribeUnauthorizedError extends Error {
  override name = "SubscribeUnauthorizedError";
  /** `status` is 401 or 403; the message is the line to log. */
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The line logged when the master at `endpoint` refuses SUBSCRIBE with 401 or 403. */
export function subscribeRefusalLine(
  endpoint: URL,
  status: number,
  body: string,
  hasCredentials: boolean,
): string {
  const master = `${endpoint.protocol}//${endpoint.host}`;
  const flags = "--mesos-authentication-principal and --mesos-authentication-secret-file";
  if (status === 401) {
    return hasCredentials
      ? `Mesos master at ${master} refused the framework's credentials (401): check ${flags}`
      : `Mesos master at ${master} refused the framework's credentials (401): none were ` +
        `given; set ${flags}`;
  }
  const reason = body.trim() || "Forbidden";
  return `Mesos master at ${master} refused the framework (403: ${reason}): check that ` +
    `the principal in --mesos-authentication-principal may register with --mesos-role`;
}

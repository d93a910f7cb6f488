/** Settings of the Mesos scheduler HTTP client, and its fatal subscription error. */
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

/** Subscription refused for a reason retrying cannot fix (bad request, auth, encoding). */
export class SubscribeRefusedError extends Error {
  override name = "SubscribeRefusedError";
}

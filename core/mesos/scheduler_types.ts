/**
 * The narrow seam between a Mesos framework and its master: send a scheduler Call, receive
 * scheduler Events. Implemented by SchedulerClient (HTTP) and by scripted fakes in tests.
 */

/** A mesos.v1.scheduler.Call in Mesos JSON form (framework_id is filled in by the client). */
export interface SchedulerCall {
  type: string;
  framework_id?: { value: string };
  [field: string]: unknown;
}

/**
 * A mesos.v1.scheduler.Event in Mesos JSON form, or the client's own `DISCONNECTED` event
 * (the subscription dropped; offers are void; the client is resubscribing).
 */
export interface SchedulerEvent {
  type: string;
  subscribed?: {
    framework_id: { value: string };
    heartbeat_interval_seconds?: number;
    master_info?: Record<string, unknown>;
  };
  error?: { message: string };
  disconnected?: { reason: string };
  /** FAILURE: an executor ended (executor_id set) or an agent was removed. */
  failure?: { agent_id?: { value: string }; executor_id?: { value: string }; status?: number };
  [field: string]: unknown;
}

/** What a scheduler needs from Mesos: an event stream and a way to send calls. */
export interface SchedulerConnection {
  /** Events in arrival order; ends on close, throws FrameworkRemovedError when fatal. */
  readonly events: AsyncIterable<SchedulerEvent>;
  /** Sends one call (not SUBSCRIBE) on its own request; rejects with MesosCallError. */
  call(call: SchedulerCall): Promise<void>;
  /** Closes the subscription and ends `events`. */
  close(): Promise<void>;
}

/** The ERROR message Mesos sends when a framework id was torn down or timed out. */
export const FRAMEWORK_REMOVED_MESSAGE = "Framework has been removed";

/**
 * The master removed this framework (teardown or failover timeout): its id can never be used
 * again. Clear the persisted framework id and subscribe as a new framework.
 */
export class FrameworkRemovedError extends Error {
  override name = "FrameworkRemovedError";
  /** `frameworkId` is the id Mesos refused. */
  constructor(readonly frameworkId: string | undefined, detail: string) {
    super(
      `Mesos removed framework ${frameworkId ?? "(new)"}: "${detail}". Its id cannot be reused; ` +
        `clear the saved framework id and subscribe again as a new framework.`,
    );
  }
}

/** A call Mesos refused, with its HTTP status and Mesos' own message. */
export class MesosCallError extends Error {
  override name = "MesosCallError";
  /** `status` is the HTTP status; `body` is Mesos' plain-text explanation. */
  constructor(
    readonly callType: string,
    readonly status: number,
    readonly body: string,
    where: string,
  ) {
    super(
      `Mesos refused ${callType} at ${where} with HTTP ${status}: ${body.trim() || "(no message)"}`,
    );
  }
}

/** A call was attempted while no subscription is established. */
export class NotSubscribedError extends Error {
  override name = "NotSubscribedError";
  /** `callType` is the call that could not be sent. */
  constructor(readonly callType: string) {
    super(
      `Cannot send ${callType}: the scheduler is not subscribed to Mesos yet (wait for the ` +
        `SUBSCRIBED event; after a disconnection the client resubscribes by itself).`,
    );
  }
}

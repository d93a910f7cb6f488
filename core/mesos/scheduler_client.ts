/**
 * The Mesos v1 scheduler HTTP client: a long-lived SUBSCRIBE stream of RecordIO events, every
 * other call on its own request with the `Mesos-Stream-Id`, redirects to the leading master,
 * heartbeat-timeout reconnection with backoff, failover with the saved framework id, and HTTP
 * Basic credentials on every request (a 401/403 is logged once and retried with backoff).
 */
import { Backoff, delay, logger } from "../util/mod.ts";
import { AsyncQueue } from "./async_queue.ts";
import {
  CONTENT_TYPE_PROTOBUF,
  decodeMesosBody,
  encodeMesosBody,
  isMesosContentType,
  type MesosContentType,
} from "./content_type.ts";
import { basicAuthorization, resolveRedirect, schedulerEndpoint } from "./master_url.ts";
import { readRecords } from "./recordio.ts";
import {
  type SchedulerClientOptions,
  subscribeRefusalLine,
  SubscribeRefusedError,
  SubscribeUnauthorizedError,
} from "./scheduler_options.ts";
import {
  FRAMEWORK_REMOVED_MESSAGE,
  FrameworkRemovedError,
  MesosCallError,
  NotSubscribedError,
  type SchedulerCall,
  type SchedulerConnection,
  type SchedulerEvent,
} from "./scheduler_types.ts";
import { followAbort } from "../util/follow_abort.ts";

const CALL = "mesos.v1.scheduler.Call";
const EVENT = "mesos.v1.scheduler.Event";
const log = logger("mesos-scheduler");

/** A scheduler's connection to the Mesos master over the v1 HTTP API. */
export class SchedulerClient implements SchedulerConnection {
  /**
   * Events in arrival order, plus `DISCONNECTED` whenever the subscription drops. One consumer;
   * leaving a `for await` loop early ends the queue (use `events.next()` to read piecemeal).
   */
  readonly events: AsyncQueue<SchedulerEvent> = new AsyncQueue();
  #opts: SchedulerClientOptions;
  #contentType: MesosContentType;
  #endpoint: URL;
  #frameworkId: string | undefined;
  #streamId: string | undefined;
  #closed = false;
  #abort = new AbortController();
  #subscription: AbortController | undefined;
  #loop: Promise<void>;

  /**
   * Starts subscribing at once; read `events` for SUBSCRIBED. Throws a MesosMessageError at once
   * when `frameworkInfo` is malformed.
   */
  constructor(opts: SchedulerClientOptions) {
    this.#opts = opts;
    this.#contentType = opts.contentType ?? CONTENT_TYPE_PROTOBUF;
    this.#endpoint = schedulerEndpoint(opts.master);
    this.#frameworkId = opts.frameworkId || undefined;
    // Fail now, not in a retry loop, when the FrameworkInfo is malformed (e.g. no user).
    encodeMesosBody(CALL, this.#subscribeCall(), this.#contentType);
    this.#loop = this.#run();
  }

  /** The framework id (after SUBSCRIBED, or the saved one before). */
  get frameworkId(): string | undefined {
    return this.#frameworkId;
  }

  /** The stream id of the live subscription, if subscribed. */
  get streamId(): string | undefined {
    return this.#streamId;
  }

  /** The scheduler API URL currently used (the leading master after redirects). */
  get endpoint(): string {
    return this.#endpoint.href;
  }

  /** Drops the current subscription (if any) and resubscribes after a backoff. */
  reconnect(reason = "reconnect requested"): void {
    this.#subscription?.abort(new Error(reason));
  }

  /** Sends `call` (anything but SUBSCRIBE) with the stream id; resolves on 200/202. */
  async call(call: SchedulerCall): Promise<void> {
    if (call.type === "SUBSCRIBE") {
      throw new Error("SUBSCRIBE is sent by SchedulerClient itself; create a new client instead.");
    }
    const streamId = this.#streamId;
    const frameworkId = this.#frameworkId;
    if (this.#closed || !streamId || !frameworkId) throw new NotSubscribedError(call.type);
    const full = { ...call, framework_id: call.framework_id ?? { value: frameworkId } };
    const body = encodeMesosBody(CALL, full, this.#contentType);
    const endpoint = this.#endpoint;
    const timeout = new AbortController();
    const unfollow = followAbort(timeout, this.#abort.signal);
    const timer = setTimeout(
      () => timeout.abort(new Error(`no answer within ${this.#callTimeoutMs()} ms`)),
      this.#callTimeoutMs(),
    );
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { ...this.#headers(), "Mesos-Stream-Id": streamId },
        body,
        redirect: "manual",
        signal: timeout.signal,
      });
      const text = await res.text();
      if (res.status === 202 || res.status === 200) return;
      if (res.status === 307) {
        const leader = resolveRedirect(res.headers.get("location"), endpoint);
        this.#endpoint = leader;
        this.reconnect(`leading master moved to ${leader.host}`);
        throw new MesosCallError(
          call.type,
          307,
          `the master no longer leads; resubscribing at ${leader.host}, retry after SUBSCRIBED`,
          endpoint.host,
        );
      }
      throw new MesosCallError(call.type, res.status, text, endpoint.host);
    } catch (e) {
      if (e instanceof MesosCallError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`Sending ${call.type} to Mesos at ${endpoint.host} failed: ${why}`);
    } finally {
      clearTimeout(timer);
      unfollow();
    }
  }

  /** Closes the subscription, stops reconnecting and ends `events`. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort(new Error("scheduler client closed"));
    await this.#loop;
    this.events.end();
  }

  #callTimeoutMs(): number {
    return this.#opts.callTimeoutMs ?? 75_000;
  }

  #headers(): Record<string, string> {
    const h: Record<string, string> = {
      "Content-Type": this.#contentType,
      "Accept": this.#contentType,
    };
    if (this.#opts.credentials) h["Authorization"] = basicAuthorization(this.#opts.credentials);
    return h;
  }

  async #run(): Promise<void> {
    const backoff = new Backoff(
      this.#opts.backoffInitialMs ?? 500,
      this.#opts.backoffMaxMs ?? 15_000,
    );
    let redirects = 0;
    let refusal: string | undefined;
    while (!this.#closed) {
      let connected = false;
      let redirected = false;
      try {
        const outcome = await this.#subscribeOnce(() => {
          connected = true;
          redirects = 0;
          refusal = undefined;
          backoff.reset();
        });
        redirected = outcome === "redirect";
      } catch (e) {
        if (this.#closed) break;
        if (e instanceof FrameworkRemovedError || e instanceof SubscribeRefusedError) {
          this.#streamId = undefined;
          this.events.fail(e);
          return;
        }
        if (e instanceof SubscribeUnauthorizedError) {
          if (e.message !== refusal) log.error(e.message);
          else log.v(1, `still refused: ${e.message}`);
          refusal = e.message;
        } else log.warn(`subscription to ${this.#endpoint.host} failed: ${describe(e)}`);
      }
      this.#streamId = undefined;
      if (connected && !this.#closed) {
        this.events.push({ type: "DISCONNECTED", disconnected: { reason: "subscription ended" } });
      }
      if (this.#closed) break;
      if (redirected && ++redirects <= (this.#opts.maxRedirects ?? 9)) continue;
      await delay(backoff.next(), this.#abort.signal);
    }
    this.events.end();
  }

  /** One SUBSCRIBE: returns when the stream ends ("retry") or the master redirected us. */
  async #subscribeOnce(onSubscribed: () => void): Promise<"retry" | "redirect"> {
    const sub = new AbortController();
    this.#subscription = sub;
    // Not AbortSignal.any (see follow_abort.ts); readRecords also cancels the body's reader on
    // abort: the fetch's abort alone did not always end a pending read (issue 17).
    const unfollow = followAbort(sub, this.#abort.signal);
    const signal = sub.signal;
    const factor = this.#opts.heartbeatTimeoutFactor ?? 5;
    let interval = this.#opts.defaultHeartbeatSeconds ?? 15;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      const ms = interval * factor * 1000;
      timer = setTimeout(
        () => sub.abort(new Error(`no event for ${ms} ms (heartbeat timeout)`)),
        ms,
      );
    };
    arm();
    try {
      const endpoint = this.#endpoint;
      const res = await fetch(endpoint, {
        method: "POST",
        headers: this.#headers(),
        body: encodeMesosBody(CALL, this.#subscribeCall(), this.#contentType),
        redirect: "manual",
        signal,
      });
      if (res.status === 307) {
        await res.body?.cancel();
        this.#endpoint = resolveRedirect(res.headers.get("location"), endpoint);
        log.info(`master at ${endpoint.host} is not leading; following to ${this.#endpoint.host}`);
        return "redirect";
      }
      if (res.status !== 200) {
        const text = (await res.text()).trim();
        if (res.status === 401 || res.status === 403) {
          throw new SubscribeUnauthorizedError(
            res.status,
            subscribeRefusalLine(endpoint, res.status, text, !!this.#opts.credentials),
          );
        }
        const msg = `Mesos at ${endpoint.host} refused SUBSCRIBE with HTTP ${res.status}: ${text}`;
        if ([400, 406, 415].includes(res.status)) throw new SubscribeRefusedError(msg);
        throw new Error(msg);
      }
      const streamId = res.headers.get("Mesos-Stream-Id");
      const ct = res.headers.get("Content-Type");
      if (!streamId || !isMesosContentType(ct) || !res.body) {
        await res.body?.cancel();
        throw new Error(
          `Mesos at ${endpoint.host} answered SUBSCRIBE without a Mesos-Stream-Id header or ` +
            `with Content-Type "${ct}"; is this a Mesos master?`,
        );
      }
      for await (const record of readRecords(res.body, signal)) {
        arm();
        const event = decodeMesosBody(EVENT, record, ct) as SchedulerEvent;
        if (event.type === "SUBSCRIBED" && event.subscribed) {
          this.#frameworkId = event.subscribed.framework_id.value;
          interval = event.subscribed.heartbeat_interval_seconds ?? 15;
          arm();
          await this.#opts.onFrameworkId?.(this.#frameworkId);
          this.#streamId = streamId;
          onSubscribed();
        }
        this.events.push(event);
        if (event.type === "ERROR") {
          const message = event.error?.message ?? "";
          if (message.includes(FRAMEWORK_REMOVED_MESSAGE)) {
            const id = this.#frameworkId;
            this.#frameworkId = undefined;
            await this.#opts.onFrameworkId?.(undefined);
            throw new FrameworkRemovedError(id, message);
          }
          log.warn(`Mesos sent ERROR "${message}"; resubscribing`);
          return "retry";
        }
      }
      return "retry";
    } finally {
      clearTimeout(timer);
      unfollow();
      if (this.#subscription === sub) this.#subscription = undefined;
    }
  }

  #subscribeCall(): SchedulerCall {
    const info: Record<string, unknown> = { ...this.#opts.frameworkInfo };
    delete info.id;
    const subscribe: Record<string, unknown> = { framework_info: info };
    if (this.#opts.suppressedRoles?.length) subscribe.suppressed_roles = this.#opts.suppressedRoles;
    const call: SchedulerCall = { type: "SUBSCRIBE", subscribe };
    if (this.#frameworkId) {
      info.id = { value: this.#frameworkId };
      call.framework_id = { value: this.#frameworkId };
    }
    return call;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

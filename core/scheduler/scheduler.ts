/**
 * The k8sm Mesos scheduler: subscribes as framework "Kubernetes" (framework id kept in the
 * store), watches pods through an informer, queues the unscheduled ones, holds offers, and on
 * every pass launches placed pods as tasks and binds them; status updates, reconciliation, node
 * registration and deletions (KILL with the pod's grace) are handled here too. See DESIGN.md
 * "Data flow" steps 2–5.
 */
import type { NodeCredentials } from "./node_credentials.ts";
import { type CredentialRefresher, executorCredentialHandout } from "./credential_refresher.ts";
import type { Node } from "../api/types/node.ts";
import type { Pod } from "../api/types/pod.ts";
import { Informer } from "../client/informer.ts";
import { RestClient } from "../client/rest_client.ts";
import { CONTENT_TYPE_JSON, CONTENT_TYPE_PROTOBUF } from "../mesos/content_type.ts";
import { declineCall, teardownCall } from "../mesos/scheduler_calls.ts";
import { OfferFlow } from "./offer_flow.ts";
import { SchedulerClient } from "../mesos/scheduler_client.ts";
import { FrameworkRemovedError, type SchedulerCall } from "../mesos/scheduler_types.ts";
import type { SchedulerEvent } from "../mesos/scheduler_types.ts";
import { logger } from "../util/log.ts";
import { Binder } from "./binder.ts";
import { EventRecorder } from "./event_recorder.ts";
import { buildExecutorInfo, type BuiltExecutor, DEFAULT_EXECUTOR_SHARE } from "./executor_info.ts";
import type { ExecutorShare } from "./fit.ts";
import { FrameworkIdStore } from "./framework_id_store.ts";
import { frameworkInfo } from "./framework_info.ts";
import { SchedulerMetrics } from "./metrics.ts";
import { NodeRegistrar } from "./node_registrar.ts";
import { type MesosOffer, OfferCache } from "./offer_cache.ts";
import { PodIntake } from "./pod_intake.ts";
import { PodLauncher } from "./pod_launcher.ts";
import { PodQueue } from "./pod_queue.ts";
import { DEFAULT_RESOURCES, type ResourceDefaults } from "./pod_resources.ts";
import { Reconciler } from "./reconciler.ts";
import type { SchedulerOptions } from "./scheduler_options.ts";
import type { TaskStatusJson } from "./status_handler.ts";
import { TaskRegistry } from "./task_registry.ts";
import { TaskOwner } from "./task_owner.ts";
import { defaultExecutor } from "./task_group.ts";
import { handleMaintenanceEvent } from "./inverse_offers.ts";
import { routeStatus } from "./group_status.ts";

const log = logger("scheduler");
const TICK_MS = 250;
const PASS_WINDOW_MS = 10;

/** One running scheduler (leader). */
export class MesosScheduler {
  readonly metrics = new SchedulerMetrics();
  readonly offers = new OfferCache();
  readonly queue: PodQueue;
  readonly registry = new TaskRegistry();
  readonly client: RestClient;
  readonly pods: Informer<Pod>;
  readonly cordons: Informer<Node>; // Nodes, for cordons (kubectl cordon/drain)
  readonly binder: Binder;
  /** Executor credentials per node (secured apiservers only). */
  readonly nodeCredentials: NodeCredentials | undefined;
  /** Sends refreshed node tokens to running executors. */
  readonly credentialRefresher: CredentialRefresher | undefined;
  readonly events: EventRecorder;
  readonly nodes: NodeRegistrar;
  readonly reconciler: Reconciler;
  readonly executor: BuiltExecutor;
  readonly share: ExecutorShare;
  readonly defaults: ResourceDefaults;
  readonly launcher: PodLauncher;
  readonly owner: TaskOwner;
  readonly intake: PodIntake;
  #conn: SchedulerClient | undefined;
  #frameworkIds: FrameworkIdStore;
  #subscribed = false;
  readonly #offerFlow = new OfferFlow((c) => this.call(c), (p) => void this.track(p));
  #closed = false;
  #tick: ReturnType<typeof setInterval> | undefined;
  #loop: Promise<void> | undefined;
  #passRunning = false;
  #passAgain = false;
  #passTimer: ReturnType<typeof setTimeout> | undefined;
  #inflight = new Set<Promise<unknown>>();

  constructor(readonly opts: SchedulerOptions) {
    this.queue = new PodQueue({
      initialBackoffMs: opts.initialBackoffMs,
      maxBackoffMs: opts.maxBackoffMs,
    });
    this.client = new RestClient({
      userAgent: "k8sm-scheduler",
      ...opts.api,
      server: opts.apiServer,
    });
    this.pods = new Informer<Pod>(this.client, { ref: { resource: "pods" }, log });
    this.cordons = new Informer<Node>(this.client, { ref: { resource: "nodes" }, log });
    this.binder = new Binder(this.client);
    const handout = executorCredentialHandout(this.client, opts, (c) => this.send(c));
    this.nodeCredentials = handout?.credentials;
    this.credentialRefresher = handout?.refresher;
    this.events = new EventRecorder(this.client);
    this.nodes = new NodeRegistrar(this.client, this.events, undefined, opts.nodeLeaseGraceMs);
    this.share = opts.executorShare ?? DEFAULT_EXECUTOR_SHARE;
    this.defaults = opts.defaults ?? DEFAULT_RESOURCES;
    this.executor = opts.executorMode === "default"
      ? defaultExecutor(this.share) // Mesos' DEFAULT executor: pods run as task groups
      : buildExecutorInfo({ apiServers: opts.apiServer, ...opts.executor, share: this.share });
    this.#frameworkIds = new FrameworkIdStore(opts.store);
    this.reconciler = new Reconciler({
      call: (c) => this.call(c),
      intervalMs: opts.reconcileIntervalMs,
      settleMs: opts.reconcileSettleMs,
    });
    this.launcher = new PodLauncher(this);
    this.owner = new TaskOwner(this);
    this.intake = new PodIntake(this);
  }

  /** True while subscribed to Mesos. */
  get connected(): boolean {
    return this.#subscribed;
  }

  /** The framework id (after the first SUBSCRIBED, or the saved one). */
  get frameworkId(): string | undefined {
    return this.#conn?.frameworkId;
  }

  /** True when the scheduler may launch (subscribed and first reconciliation settled). */
  get launching(): boolean {
    return this.#subscribed && this.reconciler.ready && !this.#closed;
  }

  /** Starts: pod informer synced first, then the Mesos subscription and the pass ticker. */
  async start(): Promise<void> {
    await this.pods.addHandlers({
      onAdd: (p) => this.intake.changed(p),
      onUpdate: (_o, p) => this.intake.changed(p),
      onDelete: (p) => this.intake.deleted(p),
    });
    this.pods.start();
    this.cordons.start();
    // close() stops the informer, which ends this wait: no apiserver must keep a stop waiting.
    await this.pods.waitForSync();
    if (this.#closed) return;
    await this.nodes.loadExisting().catch((e) =>
      log.warn(`could not list Nodes: ${(e as Error).message}`)
    );
    if (this.#closed) return;
    const saved = await this.#frameworkIds.load();
    if (this.#closed) return;
    log.info(
      saved ? `resuming Mesos framework ${saved}` : "registering a new Mesos framework",
    );
    this.#conn = this.#connect(saved);
    this.#loop = this.#eventLoop();
    this.#tick = setInterval(() => this.#onTick(), TICK_MS);
  }

  #connect(frameworkId: string | undefined): SchedulerClient {
    const o = this.opts;
    return new SchedulerClient({
      master: o.master ?? "127.0.0.1:5050",
      frameworkInfo: frameworkInfo(o),
      frameworkId,
      contentType: o.contentType === "json" ? CONTENT_TYPE_JSON : CONTENT_TYPE_PROTOBUF,
      credentials: o.credentials,
      backoffInitialMs: o.mesosBackoffMs ?? 500,
      onFrameworkId: async (id) => {
        if (id) await this.#frameworkIds.save(id);
        else await this.#frameworkIds.clear();
      },
    });
  }

  async #eventLoop(): Promise<void> {
    while (!this.#closed && this.#conn) {
      try {
        for await (const ev of this.#conn.events) if (!this.#closed) this.#onEvent(ev);
        return;
      } catch (e) {
        if (this.#closed) return;
        this.#subscribed = false;
        if (e instanceof FrameworkRemovedError) {
          log.error(`${e.message} Registering as a new framework.`);
          await this.#frameworkIds.clear();
          const old = this.#conn;
          this.#conn = this.#connect(undefined);
          await old.close().catch(() => {});
          continue;
        }
        log.error(`Mesos connection failed for good: ${(e as Error).message}`);
        return;
      }
    }
  }

  /** Sends a call to Mesos; rejects when not subscribed or refused. */
  call(c: SchedulerCall): Promise<void> {
    if (!this.#conn) return Promise.reject(new Error("the scheduler has not started"));
    return this.#conn.call(c);
  }

  /** Sends a call in the background, logging a failure. */
  send(c: SchedulerCall): void {
    if (this.#closed) return;
    this.track(this.call(c).catch((e) => log.warn(`${c.type} failed: ${(e as Error).message}`)));
  }

  /** Keeps a background promise so close() can wait for it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.#inflight.add(p);
    p.finally(() => this.#inflight.delete(p)).catch(() => {});
    return p;
  }

  #onEvent(ev: SchedulerEvent): void {
    switch (ev.type) {
      case "SUBSCRIBED":
        this.#onSubscribed(ev);
        break;
      case "OFFERS":
        this.#onOffers((ev.offers as { offers?: MesosOffer[] } | undefined)?.offers ?? []);
        break;
      case "MESSAGE": {
        const m = ev.message as { agent_id: { value: string }; data: string };
        this.credentialRefresher?.requested(m.agent_id.value, m.data);
        break;
      }
      case "RESCIND": {
        const id = (ev.rescind as { offer_id: { value: string } }).offer_id.value;
        if (this.offers.rescind(id)) this.metrics.offersRescinded++;
        break;
      }
      case "UPDATE": {
        this.metrics.statusUpdates++;
        const status = (ev.update as { status: TaskStatusJson }).status;
        routeStatus(this, status); // task groups (--executor=default) folded per pod
        this.requestPass();
        break;
      }
      case "FAILURE":
        if (ev.failure) this.#onFailure(ev.failure);
        break;
      case "ERROR":
        log.error(`Mesos sent ERROR: ${ev.error?.message}`);
        break;
      case "DISCONNECTED":
        log.warn(`lost the Mesos subscription (${ev.disconnected?.reason}); resubscribing`);
        this.#subscribed = false;
        this.offers.clear();
        break;
      default:
        handleMaintenanceEvent(this, ev); // INVERSE_OFFERS: cordon the Node, accept
    }
  }

  #onSubscribed(ev: SchedulerEvent): void {
    const id = ev.subscribed?.framework_id.value;
    this.#subscribed = true;
    this.#offerFlow.subscribed();
    this.metrics.subscriptions++;
    this.offers.clear();
    const rebuilt = this.registry.rebuildFromPods(this.pods.list());
    log.info(
      `subscribed to Mesos as framework ${id}; ${this.registry.size} tasks to reconcile` +
        (rebuilt ? ` (${rebuilt} from pod annotations)` : ""),
    );
    for (const rec of this.registry.all()) this.queue.remove(rec.podKey);
    // A KILL the previous master accepted may have died with it (or with the agent's link):
    // tick() and the reconciliation answers send every still-known task's KILL again.
    for (const rec of this.registry.all()) rec.killSent = false;
    this.reconciler.start(
      this.registry.all().map((t) => ({ taskId: t.taskId, agentId: t.agentId })),
    );
  }

  #onOffers(offers: MesosOffer[]): void {
    const now = Date.now();
    this.#offerFlow.offersArrived(now);
    for (const o of offers) {
      this.metrics.offersReceived++;
      this.offers.add(o, now);
      this.nodes.observeOffer(o, now);
    }
    if (this.#offerFlow.suppressed) {
      this.#declineHeld();
      return;
    }
    if (this.queue.size === 0) return;
    this.launcher.kickFitting(offers, now);
    this.requestPass();
  }

  #onFailure(f: NonNullable<SchedulerEvent["failure"]>): void {
    const agentId = f.agent_id?.value;
    if (!agentId) return;
    if (f.executor_id) {
      log.v(1, `executor ${f.executor_id.value} on agent ${agentId} terminated`);
      this.launcher.executorGone(agentId);
      return;
    }
    log.warn(`Mesos reports agent ${agentId} removed`);
    this.launcher.executorGone(agentId);
    for (const c of this.offers.byAgent().get(agentId) ?? []) {
      this.offers.rescind(c.offer.id.value);
    }
    this.nodes.agentLost(agentId, `Mesos removed agent ${agentId}`);
  }

  /** Declines every held offer and suppresses when nothing is queued. */
  #declineHeld(): void {
    this.#decline(this.offers.takeAll());
    if (this.#subscribed && this.queue.size === 0) this.#offerFlow.suppress();
  }

  #decline(offers: { offer: MesosOffer }[]): void {
    if (offers.length === 0 || !this.#subscribed) return;
    this.metrics.offersDeclined += offers.length;
    this.send(declineCall(offers.map((c) => c.offer.id.value), this.opts.refuseSeconds ?? 5));
  }

  /**
   * Offers older than the TTL are declined with refuse_seconds; once nothing is queued and no
   * offer is held any more, offers are suppressed until a pod arrives (REVIVE).
   */
  #expireOffers(now: number): void {
    this.#decline(this.offers.takeExpired(this.opts.offerTtlMs ?? 5000, now));
    if (this.queue.size === 0 && this.offers.size === 0) this.#declineHeld();
  }

  /** Revives offers if suppressed (a pod was queued). */
  revive(): void {
    if (this.#subscribed) this.#offerFlow.revive();
  }

  /**
   * Asks for a scheduling pass soon: after a short window, so that the offers of one
   * allocation cycle (one OFFERS event per agent) and pods created together meet in one pass.
   */
  requestPass(): void {
    if (this.#passRunning) {
      this.#passAgain = true;
      return;
    }
    this.#passRunning = true;
    this.#passTimer = setTimeout(() => this.track(this.#runPass()), PASS_WINDOW_MS);
  }

  async #runPass(): Promise<void> {
    try {
      do {
        this.#passAgain = false;
        if (!this.launching) break;
        await this.launcher.pass();
      } while (this.#passAgain && !this.#closed);
    } catch (e) {
      log.error(`scheduling pass failed: ${(e as Error).stack ?? e}`);
    } finally {
      this.#passRunning = false;
    }
  }

  #onTick(): void {
    if (this.#closed) return;
    const now = Date.now();
    this.owner.tick(now);
    this.nodes.checkLeases(now);
    if (this.#subscribed && this.credentialRefresher) {
      this.track(this.credentialRefresher.tick(this.registry.all(), now).catch(() => {}));
    }
    if (this.#subscribed) this.#expireOffers(now);
    if (this.queue.size > 0) {
      if (this.#subscribed && this.offers.size === 0) this.#offerFlow.reviveIfStarved(now);
      this.requestPass();
    }
  }

  /**
   * Unregisters the framework from Mesos (TEARDOWN): every task is killed and the saved
   * framework id is forgotten. For tests and decommissioning; close() does not do this.
   */
  async teardown(): Promise<void> {
    await this.call(teardownCall());
    await this.#frameworkIds.clear();
  }

  /** Stops everything (the framework stays registered for failover). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#tick);
    clearTimeout(this.#passTimer);
    await this.reconciler.stop();
    await this.#conn?.close();
    await this.#loop;
    await Promise.all([this.pods.stop(), this.cordons.stop()]);
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
    await this.events.flush();
    await this.nodes.flush();
    this.client.close();
  }
}

/**
 * The local Mesos master: frameworks, agents, offers and tasks, the allocation and heartbeat
 * timers, and what agents report (status updates, executor exits, messages). Scheduler calls
 * are handled in master_calls.ts, subscriptions in master_subscribe.ts, ACCEPT in accept_call.ts.
 */
import type { AgentInfo, ExecutorInfo, MesosEvent, Resource, TaskStatus } from "./mesos_types.ts";
import type { Framework, MasterTask } from "./framework.ts";
import { OfferBook } from "./offer_book.ts";
import { Allocator } from "./allocator.ts";
import { IdGenerator, LOOPBACK_IP_UINT32, newMasterId } from "./ids.ts";
import type { AgentLink, MasterLink } from "./links.ts";
import { isTerminalState } from "./task_states.ts";
import { accountingForm, addResources, offerForm, releaseResources } from "./resource_ops.ts";
import { MasterMetrics } from "./master_metrics.ts";
import { Maintenance } from "./maintenance.ts";
import { OperatorEvents } from "./operator_events.ts";
import { drainProgress } from "./agent_drain.ts";

/** Options of a local master. */
export interface MasterOptions {
  /** Port the master serves on (part of ids and MasterInfo). */
  port: number;
  /** Hostname reported in MasterInfo. */
  hostname?: string;
  /** Offer cycle period (default 1000 ms). */
  allocationIntervalMs?: number;
  /** Heartbeat period told to frameworks (default 15 s). */
  heartbeatIntervalSeconds?: number;
  /** The flags the master reports (/flags, GET_FLAGS, /state), as strings. */
  flags?: Record<string, string>;
}

/** The master's record of a registered agent. */
export interface AgentRecord {
  link: AgentLink;
  info: AgentInfo;
  /** All resources of the agent, without allocation_info. */
  total: Resource[];
  /** Resources of live tasks and executors, without allocation_info. */
  used: Resource[];
  registeredAt: number;
  /** DEACTIVATE_AGENT or DRAIN_AGENT: no offers. */
  deactivated?: boolean;
  /** `mesos.v1.DrainInfo` while draining or drained. */
  drain?: { state: "DRAINING" | "DRAINED"; config: Record<string, unknown> };
}

/** A removed agent, remembered for reconciliation answers. */
export interface RemovedAgent {
  id: string;
  removedAt: number;
  hostname: string;
}

/** The single-machine master. */
export class Master implements MasterLink {
  readonly masterId: string;
  readonly ids: IdGenerator;
  readonly frameworks = new Map<string, Framework>();
  /** Ids that were torn down or timed out; they can never subscribe again. */
  readonly removedFrameworks = new Map<string, Framework>();
  readonly agents = new Map<string, AgentRecord>();
  readonly removedAgents = new Map<string, RemovedAgent>();
  readonly offers = new OfferBook();
  readonly metrics = new MasterMetrics();
  /** Maintenance schedule, machine modes and inverse offers. */
  readonly maintenance: Maintenance = new Maintenance(this);
  /** Operator API SUBSCRIBE streams. */
  readonly operatorEvents: OperatorEvents = new OperatorEvents(this);
  readonly startedAt = Date.now() / 1000;
  readonly heartbeatIntervalSeconds: number;
  readonly hostname: string;
  #allocator = new Allocator();
  /**
   * agentId → the total and used lists `unused` (total − used) was computed from, and
   * available() (unused − offered) with the offer version it was computed at.
   */
  #available = new Map<
    string,
    { total: Resource[]; used: Resource[]; unused: Resource[]; version: number; value: Resource[] }
  >();
  #timers: ReturnType<typeof setInterval>[] = [];
  #allocationQueued = false;
  #closed = false;

  constructor(readonly opts: MasterOptions) {
    this.masterId = newMasterId(opts.port);
    this.ids = new IdGenerator(this.masterId);
    this.heartbeatIntervalSeconds = opts.heartbeatIntervalSeconds ?? 15;
    this.hostname = opts.hostname ?? Deno.hostname();
    this.#timers.push(setInterval(() => this.allocate(), opts.allocationIntervalMs ?? 1000));
    this.#timers.push(
      setInterval(() => this.#heartbeat(), this.heartbeatIntervalSeconds * 1000),
    );
  }

  /** MasterInfo as sent in SUBSCRIBED. */
  masterInfo(): Record<string, unknown> {
    return {
      id: this.masterId,
      ip: LOOPBACK_IP_UINT32,
      port: this.opts.port,
      pid: `master@127.0.0.1:${this.opts.port}`,
      hostname: this.hostname,
      version: "1.12.0",
      address: { hostname: this.hostname, ip: "127.0.0.1", port: this.opts.port },
    };
  }

  /** Whether close() was called (the master no longer acts). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops timers and closes every framework stream (agents are left alone). */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    this.operatorEvents.close();
    for (const fw of [...this.frameworks.values(), ...this.removedFrameworks.values()]) {
      if (fw.failoverTimer !== undefined) clearTimeout(fw.failoverTimer);
      fw.failoverTimer = undefined;
      const stream = fw.stream;
      fw.stream = null; // a closed master does not react to its own disconnections
      stream?.close();
    }
  }

  // ---- agents ----------------------------------------------------------------------------

  /** Registers an agent (new, or re-registering after a master restart with what it runs). */
  addAgent(link: AgentLink): AgentRecord {
    const info = link.info();
    const rec: AgentRecord = {
      link,
      info,
      total: accountingForm(info.resources ?? []),
      used: [],
      registeredAt: Date.now() / 1000,
    };
    this.agents.set(link.id, rec);
    this.removedAgents.delete(link.id);
    this.metrics.agentRegistrations++;
    this.operatorEvents.agentAdded(rec);
    this.allocateSoon();
    return rec;
  }

  /**
   * Resources of an agent that are neither used nor offered. The answer is cached until the
   * agent's `total` or `used` list is replaced or one of its offers is added or taken, so an
   * allocation pass does not recompute it for every agent; callers must not modify it.
   */
  available(agentId: string): Resource[] {
    const rec = this.agents.get(agentId);
    if (!rec) return [];
    const version = this.offers.versionOf(agentId);
    let cached = this.#available.get(agentId);
    if (!cached || cached.total !== rec.total || cached.used !== rec.used) {
      const unused = releaseResources(rec.total, rec.used);
      cached = { total: rec.total, used: rec.used, unused, version: -1, value: unused };
      this.#available.set(agentId, cached);
    }
    if (cached.version !== version) {
      const offered = accountingForm(this.offers.offeredOn(agentId));
      cached.value = releaseResources(cached.unused, offered);
      cached.version = version;
    }
    return cached.value;
  }

  /** Charges resources to an agent (task launch, new executor). */
  charge(agentId: string, resources: Resource[]): void {
    const rec = this.agents.get(agentId);
    if (rec) rec.used = addResources(rec.used, accountingForm(resources));
  }

  /** Gives resources back to an agent. */
  release(agentId: string, resources: Resource[]): void {
    const rec = this.agents.get(agentId);
    if (rec) rec.used = releaseResources(rec.used, accountingForm(resources));
  }

  /** Releases a task's resources once (terminal or unreachable). */
  releaseTask(task: MasterTask): void {
    if (task.released) return;
    task.released = true;
    this.release(task.agentId, task.resources);
  }

  // ---- offers ----------------------------------------------------------------------------

  /** Runs an allocation pass now. */
  allocate(): void {
    if (this.#closed) return;
    this.metrics.allocationRuns++;
    this.#allocator.run({
      agentIds: () => [...this.agents.values()].filter((a) => !a.deactivated).map((a) => a.link.id),
      available: (id) => this.available(id),
      connectedFrameworks: () => [...this.frameworks.values()].filter((f) => f.connected),
      offer: (fw, agentId, role, resources) => this.#makeOffer(fw, agentId, role, resources),
    });
    this.maintenance.allocate();
    drainProgress(this);
    if (this.#available.size > this.agents.size) {
      for (const id of this.#available.keys()) if (!this.agents.has(id)) this.#available.delete(id);
    }
  }

  /** Queues an allocation pass on the next turn of the event loop (coalesced). */
  allocateSoon(): void {
    if (this.#allocationQueued || this.#closed) return;
    this.#allocationQueued = true;
    setTimeout(() => {
      this.#allocationQueued = false;
      this.allocate();
    }, 0);
  }

  #makeOffer(fw: Framework, agentId: string, role: string, resources: Resource[]): void {
    const rec = this.agents.get(agentId)!;
    const port = rec.info.port ?? 5051;
    const offer = {
      id: { value: this.ids.offer() },
      framework_id: { value: fw.id },
      agent_id: { value: agentId },
      hostname: rec.info.hostname,
      url: {
        scheme: "http",
        address: { hostname: rec.info.hostname, ip: "127.0.0.1", port },
        path: "/slave(1)",
      },
      resources: offerForm(resources, role, fw.hasCapability("RESERVATION_REFINEMENT")),
      attributes: rec.info.attributes ?? [],
      executor_ids: [...(fw.executors.get(agentId)?.keys() ?? [])].map((value) => ({ value })),
      allocation_info: { role },
      unavailability: this.maintenance.unavailabilityOf(rec),
    };
    this.offers.add(offer, role);
    this.metrics.offersSent++;
    fw.send({ type: "OFFERS", offers: { offers: [offer] } });
  }

  /** Removes an offer, telling its framework with RESCIND when `rescind` is set. */
  removeOffer(offerId: string, rescind: boolean): void {
    const rec = this.offers.take(offerId);
    if (!rec) return;
    if (rescind) {
      this.metrics.offersRescinded++;
      this.frameworks.get(rec.frameworkId)?.send({
        type: "RESCIND",
        rescind: { offer_id: { value: offerId } },
      });
    }
  }

  // ---- events to frameworks -------------------------------------------------------------

  /** Sends a master-generated (unreliable, uuid-less) update to a framework. */
  sendUpdate(fw: Framework, status: TaskStatus): void {
    const id = status.task_id.value;
    const task = fw.tasks.get(id) ?? fw.completedTasks.findLast((t) => t.info.task_id.value === id);
    if (task) this.recordStatus(task, status, task.state);
    fw.send({ type: "UPDATE", update: { status } });
  }

  /** Stores a status of a task (without data) and tells operator subscribers of a new state. */
  recordStatus(task: MasterTask, status: TaskStatus, latestState: string): void {
    const statuses = task.statuses ??= [];
    if (status.uuid && statuses.some((s) => s.uuid === status.uuid)) return;
    const changed = statuses[statuses.length - 1]?.state !== status.state;
    const copy = { ...status };
    delete copy.data;
    statuses.push(copy);
    if (changed) this.operatorEvents.taskUpdated(task.frameworkId, status, latestState);
  }

  #heartbeat(): void {
    const hb: MesosEvent = { type: "HEARTBEAT" };
    for (const fw of this.frameworks.values()) fw.send(hb);
    this.operatorEvents.heartbeat();
  }

  // ---- MasterLink: what agents report ------------------------------------------------------

  /** An agent forwards a status update; the task's latest state is `latestState`. */
  statusUpdate(
    agentId: string,
    frameworkId: string,
    status: TaskStatus,
    latestState = status.state,
  ): boolean {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return false;
    const draining = this.agents.get(agentId)?.drain?.state === "DRAINING";
    if (draining && (status.state === "TASK_KILLED" || status.state === "TASK_KILLING")) {
      status = { ...status, reason: "REASON_AGENT_DRAINING" }; // as a draining agent stamps it
    }
    const task = fw.tasks.get(status.task_id.value);
    if (task && task.agentId === agentId) {
      task.state = latestState;
      task.statusUpdateState = status.state;
      task.statusUpdateUuid = status.uuid;
      if (isTerminalState(latestState)) this.releaseTask(task);
      this.recordStatus(task, status, latestState);
    }
    this.metrics.countUpdate(status.state);
    if (!fw.connected) return false;
    return fw.send({ type: "UPDATE", update: { status } });
  }

  /** An executor terminated: forget it, free its resources, send FAILURE. */
  executorExited(
    agentId: string,
    frameworkId: string,
    executorId: string,
    waitStatus: number,
  ): void {
    const fw = this.frameworks.get(frameworkId);
    const info = fw?.executor(agentId, executorId);
    if (!fw || !info) return;
    fw.removeExecutor(agentId, executorId);
    this.release(agentId, info.resources ?? []);
    fw.send({
      type: "FAILURE",
      failure: {
        agent_id: { value: agentId },
        executor_id: { value: executorId },
        status: waitStatus,
      },
    });
  }

  /** Executor → framework MESSAGE (dropped when the framework is not connected). */
  executorMessage(agentId: string, frameworkId: string, executorId: string, data: string): void {
    this.frameworks.get(frameworkId)?.send({
      type: "MESSAGE",
      message: { agent_id: { value: agentId }, executor_id: { value: executorId }, data },
    });
  }

  /** Records an executor as running for a framework and charges its resources. */
  addExecutor(fw: Framework, agentId: string, info: ExecutorInfo): void {
    fw.addExecutor(agentId, info);
    this.charge(agentId, info.resources ?? []);
  }
}

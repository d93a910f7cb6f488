/**
 * Maintenance as the Mesos master does it: one schedule of windows (machines + unavailability);
 * scheduled machines are DRAINING and their agents' offers carry `unavailability`; every
 * allocation cycle sends INVERSE_OFFERS to each connected framework using a DRAINING agent (one
 * outstanding per framework and agent; a decline's refuse_seconds delays the next one); answers
 * are stored as InverseOfferStatus (GET_MAINTENANCE_STATUS) and are advisory only.
 * START_MAINTENANCE makes DRAINING machines DOWN (their agents removed, tasks TASK_LOST),
 * STOP_MAINTENANCE makes DOWN machines UP and takes them out of the schedule.
 *
 * An agent belongs to a machine when both its hostname (case-insensitive) and its IP (127.0.0.1
 * for every mesos-local agent) equal the MachineID's.
 */
import type { Framework } from "./framework.ts";
import type { AgentRecord, Master } from "./master.ts";
import { refuseSeconds } from "./accept_call.ts";
import { timeInfo } from "./operator_model.ts";

/** `mesos.v1.MachineID`. */
export interface MachineId {
  hostname?: string;
  ip?: string;
}

/** `mesos.v1.Unavailability`. */
export interface Unavailability {
  start: { nanoseconds: string | number };
  duration?: { nanoseconds: string | number };
}

/** `mesos.v1.maintenance.Window`. */
export interface Window {
  machine_ids?: MachineId[];
  unavailability: Unavailability;
}

/** `mesos.v1.maintenance.Schedule`. */
export interface Schedule {
  windows?: Window[];
}

interface InverseOfferRecord {
  id: string;
  frameworkId: string;
  agentId: string;
  offer: Record<string, unknown>;
}

interface InverseOfferStatus {
  status: "ACCEPT" | "DECLINE";
  framework_id: { value: string };
  timestamp: { nanoseconds: string };
}

/** The IP every mesos-local agent advertises. */
export const AGENT_IP = "127.0.0.1";

/** A machine's map key: lowercase hostname and ip. */
export function machineKey(m: MachineId): string {
  return `${(m.hostname ?? "").toLowerCase()}/${m.ip ?? ""}`;
}

/** The machine an agent is on. */
export function agentMachine(rec: AgentRecord): MachineId {
  return { hostname: rec.info.hostname, ip: AGENT_IP };
}

/** The master's maintenance state. */
export class Maintenance {
  schedule: Schedule = {};
  /** machine key → the machine and its mode (machines not listed are UP). */
  readonly modes = new Map<string, { id: MachineId; mode: "DRAINING" | "DOWN" }>();
  readonly #inverse = new Map<string, InverseOfferRecord>();
  readonly #statuses = new Map<string, InverseOfferStatus[]>();
  readonly #refusedUntil = new Map<string, number>();

  constructor(private readonly master: Master) {}

  /** The unavailability scheduled for an agent's machine, if any. */
  unavailabilityOf(rec: AgentRecord): Unavailability | undefined {
    const key = machineKey(agentMachine(rec));
    for (const w of this.schedule.windows ?? []) {
      if ((w.machine_ids ?? []).some((m) => machineKey(m) === key)) return w.unavailability;
    }
    return undefined;
  }

  /** Whether an agent's machine is DOWN (it may not register). */
  isDown(hostname: string): boolean {
    return this.modes.get(machineKey({ hostname, ip: AGENT_IP }))?.mode === "DOWN";
  }

  /** Replaces the schedule; returns why it is invalid (nothing changes then). */
  update(schedule: Schedule): string | undefined {
    const seen = new Set<string>();
    for (const w of schedule.windows ?? []) {
      if ((w.machine_ids ?? []).length === 0) return "List of machines in the schedule is empty";
      for (const m of w.machine_ids ?? []) {
        if (!m.hostname && !m.ip) return "Both 'hostname' and 'ip' for a machine are empty";
        const key = machineKey(m);
        if (seen.has(key)) {
          return `Machine '${JSON.stringify(m)}' appears more than once in the schedule`;
        }
        seen.add(key);
      }
    }
    for (const [key, m] of this.modes) {
      if (m.mode === "DOWN" && !seen.has(key)) {
        return `Machine '${JSON.stringify(m.id)}' is deactivated and must be in the schedule`;
      }
    }
    this.schedule = schedule;
    for (const key of [...this.modes.keys()]) if (!seen.has(key)) this.modes.delete(key);
    for (const w of schedule.windows ?? []) {
      for (const m of w.machine_ids ?? []) {
        if (!this.modes.has(machineKey(m))) {
          this.modes.set(machineKey(m), { id: m, mode: "DRAINING" });
        }
      }
    }
    // Unavailability changed: rescind offers and inverse offers; new ones carry the window.
    for (const rec of this.master.agents.values()) {
      for (const o of this.master.offers.byAgent(rec.link.id)) {
        this.master.removeOffer(o.offer.id.value, true);
      }
      this.#rescindInverse(rec.link.id);
    }
    this.master.allocateSoon();
    return undefined;
  }

  /** START_MAINTENANCE: DRAINING → DOWN; returns the agent ids to remove, or an error. */
  start(machines: MachineId[]): string[] | string {
    for (const m of machines) {
      if (this.modes.get(machineKey(m))?.mode !== "DRAINING") {
        return `Machine '${JSON.stringify(m)}' is not in DRAINING mode and cannot be brought down`;
      }
    }
    const agents: string[] = [];
    for (const m of machines) {
      const key = machineKey(m);
      this.modes.get(key)!.mode = "DOWN";
      this.#statuses.delete(key);
      for (const rec of this.master.agents.values()) {
        if (machineKey(agentMachine(rec)) === key) agents.push(rec.link.id);
      }
    }
    return agents;
  }

  /** STOP_MAINTENANCE: DOWN → UP, out of the schedule; returns an error or undefined. */
  stop(machines: MachineId[]): string | undefined {
    for (const m of machines) {
      if (this.modes.get(machineKey(m))?.mode !== "DOWN") {
        return `Machine '${JSON.stringify(m)}' is not in DOWN mode and cannot be brought up`;
      }
    }
    const keys = new Set(machines.map(machineKey));
    for (const k of keys) this.modes.delete(k);
    const windows = (this.schedule.windows ?? [])
      .map((w) => ({
        ...w,
        machine_ids: (w.machine_ids ?? []).filter((m) => !keys.has(machineKey(m))),
      }))
      .filter((w) => w.machine_ids.length > 0);
    this.schedule = { windows };
    return undefined;
  }

  /** `mesos.v1.maintenance.ClusterStatus`. */
  status(): Record<string, unknown> {
    const draining = [...this.modes].filter(([, m]) => m.mode === "DRAINING");
    const down = [...this.modes.values()].filter((m) => m.mode === "DOWN");
    return {
      draining_machines: draining.map(([key, m]) => ({
        id: m.id,
        statuses: this.#statuses.get(key) ?? [],
      })),
      down_machines: down.map((m) => m.id),
    };
  }

  /** Outstanding inverse offers of a framework (GET_FRAMEWORKS). */
  inverseOffersOf(frameworkId: string): Record<string, unknown>[] {
    return [...this.#inverse.values()].filter((r) => r.frameworkId === frameworkId)
      .map((r) => r.offer);
  }

  /** One allocation cycle: INVERSE_OFFERS for frameworks using DRAINING agents. */
  allocate(): void {
    if (this.modes.size === 0) return;
    const now = Date.now();
    for (const rec of this.master.agents.values()) {
      const m = this.modes.get(machineKey(agentMachine(rec)));
      const unavailability = this.unavailabilityOf(rec);
      if (m?.mode !== "DRAINING" || !unavailability) continue;
      const agentId = rec.link.id;
      for (const fw of this.master.frameworks.values()) {
        if (!fw.connected || !usesAgent(this.master, fw, agentId)) continue;
        const key = `${fw.id}/${agentId}`;
        if ((this.#refusedUntil.get(key) ?? 0) > now) continue;
        if ([...this.#inverse.values()].some((r) => `${r.frameworkId}/${r.agentId}` === key)) {
          continue;
        }
        const id = this.master.ids.offer();
        const offer = {
          id: { value: id },
          url: {
            scheme: "http",
            address: { hostname: rec.info.hostname, ip: AGENT_IP, port: rec.info.port ?? 5051 },
            path: "/slave(1)",
          },
          framework_id: { value: fw.id },
          agent_id: { value: agentId },
          unavailability,
        };
        this.#inverse.set(id, { id, frameworkId: fw.id, agentId, offer });
        fw.send({ type: "INVERSE_OFFERS", inverse_offers: { inverse_offers: [offer] } });
      }
    }
  }

  /** ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS of a framework. */
  answer(
    fw: Framework,
    ids: { value: string }[],
    status: "ACCEPT" | "DECLINE",
    filters?: { refuse_seconds?: number },
  ): void {
    for (const { value } of ids) {
      const rec = this.#inverse.get(value);
      if (!rec || rec.frameworkId !== fw.id) continue;
      this.#inverse.delete(value);
      const agent = this.master.agents.get(rec.agentId);
      if (!agent) continue;
      const key = machineKey(agentMachine(agent));
      const list = (this.#statuses.get(key) ?? []).filter((s) => s.framework_id.value !== fw.id);
      list.push({
        status,
        framework_id: { value: fw.id },
        timestamp: timeInfo(Date.now() / 1000),
      });
      this.#statuses.set(key, list);
      const refuse = refuseSeconds(filters);
      this.#refusedUntil.set(`${fw.id}/${rec.agentId}`, Date.now() + refuse * 1000);
    }
  }

  /** Drops inverse offers on an agent, telling their frameworks (RESCIND_INVERSE_OFFER). */
  #rescindInverse(agentId: string): void {
    for (const [id, r] of [...this.#inverse]) {
      if (r.agentId !== agentId) continue;
      this.#inverse.delete(id);
      this.master.frameworks.get(r.frameworkId)?.send({
        type: "RESCIND_INVERSE_OFFER",
        rescind_inverse_offer: { inverse_offer_id: { value: id } },
      });
    }
  }

  /** Forgets an agent's inverse offers (it was removed). */
  agentRemoved(agentId: string): void {
    for (const [id, r] of [...this.#inverse]) if (r.agentId === agentId) this.#inverse.delete(id);
  }
}

/** Whether a framework has offered or allocated resources on an agent. */
function usesAgent(master: Master, fw: Framework, agentId: string): boolean {
  if (master.offers.byAgent(agentId).some((o) => o.frameworkId === fw.id)) return true;
  if ((fw.executors.get(agentId)?.size ?? 0) > 0) return true;
  return [...fw.tasks.values()].some((t) => t.agentId === agentId && !t.released);
}

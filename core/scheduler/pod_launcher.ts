/**
 * The launching half of a scheduling pass: builds agent slots from the held offers, plans the
 * ready pods onto them (schedule_pass.ts), then per agent ACCEPTs its offers with one LAUNCH of
 * every task placed there, and binds each pod with its task annotations. Pods that fit nowhere
 * go into backoff with a FailedScheduling event; a fitting new offer cuts their backoff short.
 */
import type { Pod } from "../api/types/pod.ts";
import { ApiError } from "../client/client_errors.ts";
import { cpus, mem } from "../mesos/resource_query.ts";
import { addResources, type MesosResource } from "../mesos/resources.ts";
import { launchCall } from "../mesos/scheduler_calls.ts";
import { logger } from "../util/log.ts";
import type { Site } from "./constraints.ts";
import { type AgentSlot, checkFit } from "./fit.ts";
import { unavailableSoon } from "./inverse_offers.ts";
import { type MesosOffer, offerAttributes } from "./offer_cache.ts";
import { podDemand } from "./pod_resources.ts";
import { type Placement, planPass } from "./schedule_pass.ts";
import type { MesosScheduler } from "./scheduler.ts";
import { buildTask, type BuiltTask } from "./task_builder.ts";
import { launchGroupsCall, type PodTaskGroup, podTaskGroup } from "./task_group.ts";
import type { TaskRecord } from "./task_registry.ts";

const log = logger("scheduler");

/** Plans and launches pods for a MesosScheduler. */
export class PodLauncher {
  /** Agents where we launched our executor (time), until Mesos reports it gone. */
  #executorLaunched = new Map<string, number>();

  constructor(readonly s: MesosScheduler) {}

  /** Forgets that our executor runs on an agent (it exited, or the agent went away). */
  executorGone(agentId: string): void {
    this.#executorLaunched.delete(agentId);
    this.s.credentialRefresher?.forget(agentId);
  }

  #mapAllPorts(): boolean {
    return (this.s.opts.executor?.containerRuntime ?? "docker") === "process";
  }

  /** Cuts short the backoff of queued pods that fit one of the new offers. */
  kickFitting(offers: readonly MesosOffer[], now = Date.now()): void {
    const waiting = this.s.queue.all().filter((e) => e.notBefore > now);
    if (waiting.length === 0) return;
    const slots = offers.map((o) => this.#slot(o.agent_id.value, [o]));
    for (const e of waiting) {
      try {
        const d = podDemand(e.pod, this.s.defaults, this.#mapAllPorts());
        if (slots.some((slot) => !checkFit(d, slot, this.s.share))) this.s.queue.kick(e.key);
      } catch {
        // an invalid pod stays in backoff
      }
    }
  }

  #slot(agentId: string, offers: readonly MesosOffer[]): AgentSlot {
    const remaining = offers.reduce<MesosResource[]>(
      (sum, o) => addResources(sum, o.resources ?? []),
      [],
    );
    const ours = this.s.executor.executorId;
    const hasExecutor = this.#executorLaunched.has(agentId) ||
      offers.some((o) =>
        ((o.executor_ids as { value: string }[] | undefined) ?? []).some((x) => x.value === ours)
      );
    return {
      agentId,
      hostname: offers[0].hostname,
      attributes: offerAttributes(offers[0]),
      remaining,
      freeCpus: cpus(remaining),
      freeMemMb: mem(remaining),
      hasExecutor,
      cordoned: this.s.cordons.get(offers[0].hostname)?.spec?.unschedulable === true ||
        offers.some((o) => unavailableSoon(o)),
    };
  }

  /** Runs one pass over the ready pods and the held offers. */
  async pass(now = Date.now()): Promise<void> {
    const s = this.s;
    const ready = s.queue.ready(now);
    if (ready.length === 0 || s.offers.size === 0) return;
    const byAgent = s.offers.byAgent();
    const slots = [...byAgent].map(([id, cs]) => this.#slot(id, cs.map((c) => c.offer)));
    const siteOf = new Map<string, Site>();
    for (const a of s.nodes.agents()) siteOf.set(a.agentId, a);
    const groupSites = new Map<string, Site[]>();
    const taskCounts = new Map<string, number>();
    for (const t of s.registry.all()) {
      const site = siteOf.get(t.agentId) ?? { hostname: t.hostname, attributes: {} };
      groupSites.set(t.groupKey, [...(groupSites.get(t.groupKey) ?? []), site]);
      taskCounts.set(t.agentId, (taskCounts.get(t.agentId) ?? 0) + 1);
    }
    log.v(2, `pass: ${ready.length} ready, ${slots.length} agents offering, queue ${s.queue.size}`);
    const { placements, unplaced } = planPass({
      pods: ready,
      slots,
      strategy: s.opts.placement ?? "spread",
      share: s.share,
      defaults: s.defaults,
      mapAllPorts: this.#mapAllPorts(),
      groupSites,
      taskCounts,
      allSites: [...siteOf.values()],
    });
    for (const u of unplaced) {
      s.queue.backOff(u.entry.key, now);
      if (u.waiting) {
        log.v(2, `pod ${u.entry.key} waits for an offer from the node it is pinned to`);
        continue;
      }
      s.metrics.podsFailedScheduling++;
      if (u.entry.lastMessage !== u.message) {
        u.entry.lastMessage = u.message;
        s.events.record(u.entry.pod, "Warning", "FailedScheduling", u.message);
        log.v(1, `pod ${u.entry.key} not scheduled: ${u.message}`);
      }
    }
    const perAgent = new Map<AgentSlot, Placement[]>();
    for (const p of placements) perAgent.set(p.slot, [...(perAgent.get(p.slot) ?? []), p]);
    const launches: Promise<void>[] = [];
    for (const [slot, ps] of perAgent) {
      const offerIds = (byAgent.get(slot.agentId) ?? []).map((c) => c.offer.id.value);
      launches.push(this.#launch(slot, offerIds, ps, now));
    }
    await Promise.all(launches);
  }

  async #launch(slot: AgentSlot, offerIds: string[], ps: Placement[], now: number) {
    const s = this.s;
    s.offers.take(offerIds);
    const credentials = s.opts.executorMode === "default"
      ? undefined // no k8sm executor to hand node credentials to
      : await s.nodeCredentials?.forNode(slot.hostname);
    s.credentialRefresher?.delivered(slot.agentId, credentials);
    const built: { p: Placement; t: BuiltTask; rec: TaskRecord; group?: PodTaskGroup }[] = [];
    for (const p of ps) {
      const t = buildTask(
        p.entry.pod,
        {
          agentId: slot.agentId,
          hostname: slot.hostname,
          offerId: offerIds[0],
          fit: p.fit,
        },
        s.executor,
        credentials,
      );
      let group: PodTaskGroup | undefined;
      try {
        if (s.opts.executorMode === "default") {
          group = podTaskGroup(p.entry.pod, t.task, s.executor, s.defaults);
        }
      } catch (e) {
        this.#refuse(p, (e as Error).message);
        continue;
      }
      const rec: TaskRecord = {
        taskId: t.taskId,
        podKey: p.entry.key,
        podUid: p.entry.pod.metadata.uid ?? "",
        agentId: slot.agentId,
        hostname: slot.hostname,
        executorId: s.executor.executorId,
        state: "TASK_STAGING",
        bound: false,
        groupKey: p.groupKey,
        ports: p.fit.ports,
      };
      s.registry.register(rec);
      s.queue.remove(p.entry.key);
      s.metrics.observeLatency((now - p.entry.queuedAt) / 1000);
      built.push({ p, t, rec, group });
    }
    this.#executorLaunched.set(slot.agentId, now);
    // What the tasks leave of the offers comes back at the next allocation (no filter): the
    // scheduler holds it until the offer TTL, then declines it with refuse_seconds.
    try {
      await s.call(
        s.opts.executorMode === "default"
          ? launchGroupsCall(offerIds, built.flatMap((b) => b.group ? [b.group] : []), 0)
          : launchCall(offerIds, built.map((b) => b.t.task), 0),
      );
    } catch (e) {
      log.warn(
        `launching ${built.length} tasks on ${slot.hostname} failed: ${(e as Error).message}`,
      );
      for (const b of built) {
        s.registry.remove(b.rec.taskId);
        const pod = s.pods.get(b.p.entry.key);
        if (pod) s.queue.upsert(b.p.entry.key, pod);
      }
      return;
    }
    log.v(1, `launched ${built.length} tasks on ${slot.hostname}`);
    for (const b of built) s.track(this.#bind(b.p.entry.pod, b.t, b.rec));
  }

  /** Fails a pod the DEFAULT executor cannot run (`--executor=default`), with an Event. */
  #refuse(p: Placement, message: string): void {
    const s = this.s;
    s.queue.remove(p.entry.key);
    s.events.record(p.entry.pod, "Warning", "FailedScheduling", message);
    s.track(
      s.binder.markFailed(p.entry.key, p.entry.pod.metadata.uid ?? "", "Unsupported", message)
        .catch((e) => log.warn(`could not fail pod ${p.entry.key}: ${(e as Error).message}`)),
    );
  }

  async #bind(pod: Pod, t: BuiltTask, rec: TaskRecord): Promise<void> {
    const s = this.s;
    try {
      await s.binder.bind(pod, rec.hostname, t.annotations);
    } catch (e) {
      const gone = e instanceof ApiError && (e.code === 404 || e.code === 409);
      log.warn(`binding pod ${rec.podKey} to ${rec.hostname} failed: ${(e as Error).message}`);
      if (s.registry.get(rec.taskId)) s.owner.kill(rec, 0);
      if (!gone) log.warn(`task ${rec.taskId} killed; pod ${rec.podKey} will be tried again`);
      return;
    }
    rec.bound = true;
    s.metrics.podsScheduled++;
    s.events.record(
      pod,
      "Normal",
      "Scheduled",
      `Successfully assigned ${rec.podKey} to ${rec.hostname} (Mesos task ${rec.taskId})`,
    );
    if (!s.registry.get(rec.taskId) && !rec.killSent) {
      s.owner.failPod(rec, "TaskLost", `Mesos task ${rec.taskId} ended before the pod was bound`);
    }
  }
}

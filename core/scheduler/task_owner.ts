/**
 * Keeps tasks and pods consistent: the StatusContext of status_handler.ts (failing pods with
 * the Mesos reason, removing gracefully deleted pods, requeueing unbound pods, adopting or
 * killing tasks no pod claims), KILL with the pod's grace period when a pod is deleted, and
 * the periodic checks (UNREACHABLE past its grace, deletions whose agent never answered).
 */
import type { Pod } from "../api/types/pod.ts";
import { objectKey } from "../client/informer.ts";
import { killCall } from "../mesos/scheduler_calls.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import { isActiveTaskState } from "../mesos/task_state.ts";
import { logger } from "../util/log.ts";
import { readTaskAnnotations } from "./annotations.ts";
import { podGroupKey } from "./placement.ts";
import { podDemand } from "./pod_resources.ts";
import { podGraceSeconds } from "./task_builder.ts";
import type { MesosScheduler } from "./scheduler.ts";
import type { StatusContext, TaskStatusJson } from "./status_handler.ts";
import type { TaskRecord } from "./task_registry.ts";

const log = logger("scheduler");
/** Extra wait after a deletion's grace before the pod is removed without its task's answer. */
const DELETE_MARGIN_MS = 5000;
/** Pause before removing a pod again after the apiserver refused or could not be reached. */
const REMOVE_RETRY_MS = 2000;
/** An orphan task reported active again this long after its KILL gets another KILL. */
const ORPHAN_KILL_RETRY_MS = 2000;

/** Reacts to task states and pod deletions for a MesosScheduler. */
export class TaskOwner implements StatusContext {
  /** When each orphan task's KILL was last sent, by task id. */
  #orphanKills = new Map<string, number>();
  /** Pods to remove once their task ended, by pod key; retried by tick() after a failure. */
  #removals = new Map<string, { uid: string; retryAt: number }>();

  constructor(readonly s: MesosScheduler) {}

  send(call: SchedulerCall): void {
    this.s.send(call);
  }

  task(taskId: string): TaskRecord | undefined {
    return this.s.registry.get(taskId);
  }

  forget(taskId: string): void {
    this.s.registry.remove(taskId);
  }

  pod(podKey: string): Pod | undefined {
    return this.s.pods.get(podKey);
  }

  answered(taskId: string): void {
    this.s.reconciler.answered(taskId);
  }

  /** Marks the task's pod Failed with `reason` and `message`, with a Warning event. */
  failPod(rec: TaskRecord, reason: string, message: string): void {
    if (rec.failed) return;
    rec.failed = true;
    const s = this.s;
    s.metrics.podsFailed++;
    log.info(`pod ${rec.podKey} failed: ${message}`);
    s.track(
      s.binder.markFailed(rec.podKey, rec.podUid, reason, message).then((pod) => {
        if (pod) s.events.record(pod, "Warning", reason, message);
      }).catch((e) => log.warn(`could not mark pod ${rec.podKey} Failed: ${(e as Error).message}`)),
    );
  }

  removePod(rec: TaskRecord): void {
    this.#remove(rec.podKey, rec.podUid);
  }

  #remove(podKey: string, podUid: string): void {
    const pending = this.#removals.get(podKey);
    const first = pending?.uid !== podUid;
    this.#removals.set(podKey, { uid: podUid, retryAt: Infinity });
    this.s.track(
      this.s.binder.remove(podKey, podUid).then(() => {
        if (this.#removals.get(podKey)?.uid === podUid) this.#removals.delete(podKey);
      }).catch((e) => {
        // The task is forgotten by now: without a retry the pod would stay Terminating.
        const p = this.#removals.get(podKey);
        if (p?.uid === podUid) p.retryAt = Date.now() + REMOVE_RETRY_MS;
        const message = `could not remove pod ${podKey}: ${(e as Error).message}; will retry`;
        if (first) log.warn(message);
        else log.v(1, message);
      }),
    );
  }

  /** Retries the removals that failed (apiserver unreachable) while their pod is still there. */
  #retryRemovals(now: number): void {
    for (const [podKey, pending] of this.#removals) {
      if (now < pending.retryAt) continue;
      const pod = this.s.pods.get(podKey);
      if (pod?.metadata.uid === pending.uid) this.#remove(podKey, pending.uid);
      else this.#removals.delete(podKey);
    }
  }

  requeue(podKey: string): void {
    this.s.intake.requeue(podKey);
  }

  /** A task Mesos runs for us that no pod claims: adopt it for its unbound pod, or kill it. */
  orphan(status: TaskStatusJson): void {
    const s = this.s;
    const taskId = status.task_id.value;
    const agentId = status.agent_id?.value ?? "";
    const first = taskId.indexOf(".");
    const last = taskId.lastIndexOf(".");
    const key = first > 0 && last > first
      ? `${taskId.slice(0, first)}/${taskId.slice(first + 1, last)}`
      : "";
    const pod = key ? s.pods.get(key) : undefined;
    const hostname = s.nodes.hostnameOf(agentId);
    if (pod && hostname && isActiveTaskState(status.state) && this.#adoptable(pod, hostname)) {
      const rec: TaskRecord = {
        taskId,
        podKey: key,
        podUid: pod.metadata.uid ?? "",
        agentId,
        hostname,
        executorId: status.executor_id?.value ?? s.executor.executorId,
        state: status.state,
        bound: false,
        groupKey: podGroupKey(pod),
        ports: [],
      };
      s.registry.register(rec);
      s.queue.remove(key);
      log.info(`adopting task ${taskId} of unbound pod ${key} on ${hostname}`);
      s.track(
        s.binder.bind(pod, hostname, {
          taskId,
          agentId,
          executorId: rec.executorId,
          offerId: "",
          bindingHost: hostname,
        }).then(() => rec.bound = true).catch((e) => {
          log.warn(`adopting ${taskId} failed (${(e as Error).message}); killing it`);
          this.kill(rec, 0);
        }),
      );
      return;
    }
    // Sent again when Mesos reports the task active once more (reconciliation after a
    // re-subscription): a KILL reaching a restarting agent is lost.
    const sentAt = this.#orphanKills.get(taskId);
    if (sentAt !== undefined && Date.now() - sentAt < ORPHAN_KILL_RETRY_MS) return;
    this.#orphanKills.set(taskId, Date.now());
    if (sentAt === undefined) log.info(`killing task ${taskId}: no pod claims it`);
    else log.info(`killing task ${taskId} again: no pod claims it and it still runs`);
    s.metrics.tasksKilled++;
    s.send(killCall(taskId, agentId || undefined));
  }

  #adoptable(pod: Pod, hostname: string): boolean {
    if (pod.metadata.deletionTimestamp !== undefined) return false;
    if (readTaskAnnotations(pod.metadata.annotations)) return false;
    if (this.s.registry.forPod(objectKey(pod))) return false;
    const phase = pod.status?.phase;
    if (phase !== undefined && phase !== "Pending" && phase !== "Running") return false;
    if (pod.spec?.nodeName && pod.spec.nodeName !== hostname) return false;
    try {
      const mapAll = this.s.opts.executor?.containerRuntime === "process";
      return podDemand(pod, this.s.defaults, mapAll).mappedPorts.length === 0;
    } catch {
      return false;
    }
  }

  /** A pod got a deletionTimestamp: KILL its task with the grace, or let it go if none runs. */
  podDeleting(pod: Pod): void {
    const rec = this.s.registry.forPod(objectKey(pod));
    if (rec && rec.podUid === pod.metadata.uid) {
      if (!rec.killSent) this.#killForDelete(rec, pod);
      return;
    }
    this.#remove(objectKey(pod), pod.metadata.uid ?? "");
  }

  /** A pod vanished: KILL its task. */
  podGone(pod: Pod): void {
    const rec = this.s.registry.forPod(objectKey(pod));
    if (!rec || rec.podUid !== pod.metadata.uid || rec.killSent) return;
    this.#killForDelete(rec, pod);
  }

  #killForDelete(rec: TaskRecord, pod: Pod): void {
    const grace = podGraceSeconds(pod);
    this.s.events.record(
      pod,
      "Normal",
      "Killing",
      `Killing Mesos task ${rec.taskId} (grace ${grace}s)`,
    );
    this.kill(rec, grace);
  }

  /** Sends KILL for a task with a grace period (seconds); retried by tick() if it fails. */
  kill(rec: TaskRecord, graceSeconds: number): void {
    const s = this.s;
    rec.killSent = true;
    rec.killSentAt = Date.now();
    rec.killGraceSeconds = graceSeconds;
    s.metrics.tasksKilled++;
    s.track(
      s.call(killCall(rec.taskId, rec.agentId || undefined, graceSeconds * 1000)).catch((e) => {
        rec.killSent = false;
        log.warn(`KILL of task ${rec.taskId} failed (${(e as Error).message}); will retry`);
      }),
    );
  }

  /** Periodic checks: UNREACHABLE past the grace, deletions stuck on a gone agent, lost KILLs. */
  tick(now: number): void {
    const s = this.s;
    const grace = s.opts.unreachableGraceMs ?? 60_000;
    this.#retryRemovals(now);
    for (const rec of s.registry.all()) {
      if (rec.unreachableSince !== undefined && now - rec.unreachableSince >= grace) {
        this.failPod(rec, rec.lastReason ?? "TASK_UNREACHABLE", rec.lastMessage ?? "unreachable");
      }
      const pod = s.pods.get(rec.podKey);
      const mine = pod !== undefined && pod.metadata.uid === rec.podUid;
      if (!rec.killSent && s.connected && rec.bound && (!mine || pod.metadata.deletionTimestamp)) {
        if (pod && mine) this.#killForDelete(rec, pod);
        else this.kill(rec, 0);
      }
      if (mine && pod.metadata.deletionTimestamp && rec.killSentAt !== undefined) {
        const limit = rec.killSentAt + (rec.killGraceSeconds ?? 0) * 1000 + DELETE_MARGIN_MS;
        if (now > limit && (rec.unreachableSince !== undefined || !s.connected)) {
          s.registry.remove(rec.taskId);
          this.removePod(rec);
        }
      }
    }
  }
}

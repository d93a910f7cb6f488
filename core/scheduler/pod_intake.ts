/**
 * Which pods the scheduler takes on, from the pod informer's events: a pod without our task
 * annotations, not yet running on a node, whose schedulerName is unset or ours, is queued; a
 * pod being deleted or gone leaves the queue and has its task killed (task_owner.ts).
 */
import type { Pod } from "../api/types/pod.ts";
import { objectKey } from "../client/informer.ts";
import { OWN_SCHEDULER_NAMES, readTaskAnnotations } from "./annotations.ts";
import type { MesosScheduler } from "./scheduler.ts";

/** True when the scheduler should place `pod` (ignoring whether a task already runs it). */
export function wantsScheduling(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp !== undefined) return false;
  if (readTaskAnnotations(pod.metadata.annotations)) return false;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (phase !== undefined && phase !== "Pending" && pod.spec?.nodeName) return false;
  const name = pod.spec?.schedulerName;
  return name === undefined || name === "" || OWN_SCHEDULER_NAMES.has(name);
}

/** Feeds pod events into the scheduler's queue. */
export class PodIntake {
  constructor(readonly s: MesosScheduler) {}

  /** A pod was added or changed. */
  changed(pod: Pod): void {
    const s = this.s;
    const key = objectKey(pod);
    if (pod.metadata.deletionTimestamp !== undefined) {
      s.queue.remove(key);
      s.owner.podDeleting(pod);
      return;
    }
    const rec = s.registry.forPod(key);
    if ((rec && rec.podUid === pod.metadata.uid) || !wantsScheduling(pod)) {
      s.queue.remove(key);
      return;
    }
    const isNew = !s.queue.get(key);
    s.queue.upsert(key, pod);
    if (isNew) {
      s.revive();
      s.requestPass();
    }
  }

  /** A pod was deleted. */
  deleted(pod: Pod): void {
    this.s.queue.remove(objectKey(pod));
    this.s.owner.podGone(pod);
  }

  /** Puts a cached pod back in the queue at once, if it still wants scheduling. */
  requeue(podKey: string): void {
    const pod = this.s.pods.get(podKey);
    if (!pod || !wantsScheduling(pod)) return;
    this.s.queue.upsert(podKey, pod);
    this.s.queue.kick(podKey);
    this.s.revive();
  }
}

/**
 * The scheduler's map between pods and Mesos tasks. Tasks are registered when launched; after a
 * restart the registry is rebuilt from the annotations on bound pods (taskId, agentId,
 * executorId, bindingHost), and reconciliation then asks Mesos how each of them is doing.
 */
import type { Pod } from "../api/types/pod.ts";
import { objectKey } from "../client/informer.ts";
import { readTaskAnnotations } from "./annotations.ts";
import { podGroupKey } from "./placement.ts";

/** What the scheduler knows about one task. */
export interface TaskRecord {
  taskId: string;
  /** "namespace/name" of the pod. */
  podKey: string;
  podUid: string;
  agentId: string;
  hostname: string;
  executorId: string;
  /** The last Mesos state seen (TASK_STAGING right after launch). */
  state: string;
  /** True once pods/binding (or the annotation patch of a pinned pod) succeeded. */
  bound: boolean;
  /** The placement group of the pod (constraints, spreading). */
  groupKey: string;
  /** Host ports the task holds. */
  ports: number[];
  /** When the task entered TASK_UNREACHABLE, if it is there. */
  unreachableSince?: number;
  /** The Mesos reason and message of the last worrying update (UNREACHABLE). */
  lastReason?: string;
  lastMessage?: string;
  /** The pod was marked Failed already. */
  failed?: boolean;
  /** A KILL was sent (pod deleted, or orphan). */
  killSent?: boolean;
  /** When the KILL was sent and with which grace (seconds). */
  killSentAt?: number;
  killGraceSeconds?: number;
  /** Came from pod annotations and Mesos has not answered reconciliation yet. */
  unconfirmed?: boolean;
}

/** Pod ⇄ task map. */
export class TaskRegistry {
  #byTask = new Map<string, TaskRecord>();
  #byPod = new Map<string, TaskRecord>();

  /** Number of tasks known. */
  get size(): number {
    return this.#byTask.size;
  }

  /** Records a task (replacing any earlier task of the same pod in the pod index). */
  register(rec: TaskRecord): void {
    this.#byTask.set(rec.taskId, rec);
    this.#byPod.set(rec.podKey, rec);
  }

  /** The task with this id. */
  get(taskId: string): TaskRecord | undefined {
    return this.#byTask.get(taskId);
  }

  /** The task running a pod ("namespace/name"). */
  forPod(podKey: string): TaskRecord | undefined {
    return this.#byPod.get(podKey);
  }

  /** Forgets a task. */
  remove(taskId: string): TaskRecord | undefined {
    const rec = this.#byTask.get(taskId);
    if (!rec) return undefined;
    this.#byTask.delete(taskId);
    if (this.#byPod.get(rec.podKey) === rec) this.#byPod.delete(rec.podKey);
    return rec;
  }

  /** Every task. */
  all(): TaskRecord[] {
    return [...this.#byTask.values()];
  }

  /** Tasks on one agent. */
  onAgent(agentId: string): TaskRecord[] {
    return this.all().filter((t) => t.agentId === agentId);
  }

  /** True when a task with `executorId` is known on the agent (so its executor should run). */
  hasExecutorOn(agentId: string, executorId: string): boolean {
    for (const t of this.#byTask.values()) {
      if (t.agentId === agentId && t.executorId === executorId) return true;
    }
    return false;
  }

  /**
   * Registers the task of every bound pod carrying our annotations (not yet terminal), marked
   * unconfirmed until Mesos answers reconciliation. Returns how many were added.
   */
  rebuildFromPods(pods: readonly Pod[]): number {
    let added = 0;
    for (const pod of pods) {
      const a = readTaskAnnotations(pod.metadata.annotations);
      if (!a || this.#byTask.has(a.taskId)) continue;
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") continue;
      const ports = Object.values(a.hostPorts ?? {});
      for (const c of pod.spec?.containers ?? []) {
        for (const p of c.ports ?? []) if (p.hostPort) ports.push(p.hostPort);
      }
      this.register({
        taskId: a.taskId,
        podKey: objectKey(pod),
        podUid: pod.metadata.uid ?? "",
        agentId: a.agentId,
        hostname: a.bindingHost || pod.spec?.nodeName || "",
        executorId: a.executorId,
        state: "TASK_STAGING",
        bound: true,
        groupKey: podGroupKey(pod),
        ports,
        unconfirmed: true,
      });
      added++;
    }
    return added;
  }
}

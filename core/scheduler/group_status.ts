/**
 * Task statuses of pods run as task groups (`--executor=default`). No k8sm executor reports pod
 * status there, so the scheduler folds the containers' task states into one pod task state and
 * writes the pod status itself: Running (with Ready, one running containerStatus per container)
 * once every container's task runs, Succeeded once all finished. The first failed, killed or
 * lost container task ends the pod (the DEFAULT executor kills the rest of the group) and goes
 * through the ordinary status handling (status_handler.ts) as the pod task's status. Every
 * member's own update is acknowledged here.
 */
import type { Pod } from "../api/types/pod.ts";
import type { ContainerStatus } from "../api/types/container_status.ts";
import { isNotFound } from "../client/client_errors.ts";
import { acknowledgeCall } from "../mesos/scheduler_calls.ts";
import { isTerminalTaskState } from "../mesos/task_state.ts";
import { logger } from "../util/log.ts";
import { waitFor } from "../util/wait.ts";
import type { MesosScheduler } from "./scheduler.ts";
import { handleStatus, type TaskStatusJson } from "./status_handler.ts";
import { memberTaskId, parseMemberTaskId } from "./task_group.ts";
import type { TaskRecord } from "./task_registry.ts";

const log = logger("scheduler");

/** Container task states per pod task id, per scheduler. */
const groups = new WeakMap<MesosScheduler, Map<string, Map<number, TaskStatusJson>>>();

/** Routes one UPDATE: task-group members are folded per pod, everything else handled as is. */
export function routeStatus(s: MesosScheduler, status: TaskStatusJson): void {
  const { podTaskId, index } = parseMemberTaskId(status.task_id.value);
  const rec = s.registry.get(podTaskId);
  if (s.opts.executorMode !== "default" || !rec) {
    handleStatus(s.owner, status);
    return;
  }
  const ack = acknowledgeCall(status);
  if (ack) s.send(ack);
  const byPod = groups.get(s) ?? new Map<string, Map<number, TaskStatusJson>>();
  groups.set(s, byPod);
  const states = byPod.get(podTaskId) ?? new Map<number, TaskStatusJson>();
  byPod.set(podTaskId, states);
  states.set(index, status);
  const pod = s.pods.get(rec.podKey);
  const size = pod?.spec?.containers?.length ?? states.size;
  const all = [...states.values()];
  const ended = all.find((x) => isTerminalTaskState(x.state) && x.state !== "TASK_FINISHED");
  let folded: TaskStatusJson = status;
  if (ended) {
    const { index: failed } = parseMemberTaskId(ended.task_id.value);
    const name = pod?.spec?.containers?.[failed]?.name ?? `#${failed}`;
    folded = { ...ended, message: `container "${name}": ${ended.message ?? ended.state}` };
    if (pod) s.track(writePodStatus(s, rec, pod, "Failed", new Map(states)));
  } else if (all.length === size && all.every((x) => x.state === "TASK_FINISHED")) {
    folded = status;
    if (pod) s.track(writePodStatus(s, rec, pod, "Succeeded"));
  } else if (
    all.length === size &&
    all.every((x) => x.state === "TASK_RUNNING" || x.state === "TASK_FINISHED")
  ) {
    folded = { ...status, state: "TASK_RUNNING" };
    if (pod && rec.state !== "TASK_RUNNING") s.track(writePodStatus(s, rec, pod, "Running"));
  } else if (isTerminalTaskState(status.state) || status.state === "TASK_RUNNING") {
    folded = { ...status, state: "TASK_STARTING" };
  }
  if (isTerminalTaskState(folded.state)) byPod.delete(podTaskId);
  handleStatus(s.owner, { ...folded, task_id: { value: podTaskId }, uuid: undefined });
}

/** A container's state from its task's last state (a failed pod: each as its task ended). */
function containerState(phase: string, at: string, task: TaskStatusJson | undefined) {
  const state = phase === "Failed" ? task?.state : undefined;
  if (phase === "Running" || state === "TASK_RUNNING") return { running: { startedAt: at } };
  if (phase === "Succeeded" || state === "TASK_FINISHED") {
    return { terminated: { exitCode: 0, reason: "Completed", finishedAt: at } };
  }
  if (state === "TASK_KILLED" || state === "TASK_KILLING") {
    return { terminated: { exitCode: 137, reason: "Killed", finishedAt: at } };
  }
  if (state !== undefined && isTerminalTaskState(state)) {
    const code = Number(/status (\d+)/.exec(task?.message ?? "")?.[1] ?? 1);
    return {
      terminated: { exitCode: code, reason: "Error", message: task?.message, finishedAt: at },
    };
  }
  return { waiting: { reason: "ContainerCreating" } };
}

function containerStatuses(
  pod: Pod,
  rec: TaskRecord,
  phase: string,
  at: string,
  tasks?: Map<number, TaskStatusJson>,
) {
  return (pod.spec?.containers ?? []).map((c, i): ContainerStatus => ({
    name: c.name,
    image: c.image ?? "",
    imageID: "",
    containerID: `mesos://${memberTaskId(rec.taskId, i)}`,
    ready: phase === "Running",
    started: phase === "Running",
    restartCount: 0,
    state: containerState(phase, at, tasks?.get(i)),
  }));
}

/** Writes phase Running or Succeeded for a task-group pod once it is bound. */
async function writePodStatus(
  s: MesosScheduler,
  rec: TaskRecord,
  seen: Pod,
  phase: "Running" | "Succeeded" | "Failed",
  tasks?: Map<number, TaskStatusJson>,
): Promise<void> {
  const ref = {
    resource: "pods",
    namespace: seen.metadata.namespace ?? "default",
    name: seen.metadata.name ?? "",
  };
  try {
    await waitFor(() => rec.bound || s.registry.get(rec.taskId) === undefined, {
      timeoutMs: 30_000,
      what: `pod ${rec.podKey} bound`,
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      const pod = await s.client.get<Pod>(ref);
      if (pod.metadata.uid !== rec.podUid) return;
      if (pod.status?.phase === "Failed" && phase !== "Failed") return;
      const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const ready = phase === "Running" ? "True" : "False";
      const hostIP = s.cordons.get(rec.hostname)?.status?.addresses
        ?.find((a) => a.type === "InternalIP")?.address ?? "127.0.0.1";
      const status = {
        ...pod.status,
        phase,
        hostIP,
        podIP: hostIP, // the DEFAULT executor's tasks share the agent's network
        startTime: pod.status?.startTime ?? at,
        conditions: [
          { type: "PodScheduled", status: "True", lastTransitionTime: at },
          { type: "Initialized", status: "True", lastTransitionTime: at },
          { type: "ContainersReady", status: ready, lastTransitionTime: at },
          { type: "Ready", status: ready, lastTransitionTime: at },
        ],
        containerStatuses: containerStatuses(pod, rec, phase, at, tasks),
      };
      try {
        await s.client.update<Pod>({ ...ref, subresource: "status" }, { ...pod, status });
        return;
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
      }
    }
  } catch (e) {
    if (isNotFound(e)) return;
    log.warn(`could not write the ${phase} status of pod ${rec.podKey}: ${(e as Error).message}`);
  }
}

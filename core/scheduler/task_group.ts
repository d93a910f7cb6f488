/**
 * `--executor=default`: a pod runs as a Mesos task group on the DEFAULT executor (LAUNCH_GROUP)
 * instead of as one task of the k8sm executor. Each container is one task whose CommandInfo is
 * the container's command + args (run directly, no shell, no image) with its plain `env`
 * values; the pod's carved resources are split between the containers in proportion to their
 * requests (host ports go to the first container). The first container's task id is the pod's
 * task id (what the scheduler records, reconciles and KILLs; the DEFAULT executor then kills
 * the whole group); the others are `<pod task id>.c<index>`.
 */
import type { Container, Pod } from "../api/types/pod.ts";
import { type MesosResource, roundScalar } from "../mesos/resources.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import type { TaskInfoSpec } from "../mesos/scheduler_calls.ts";
import { executorResources } from "./executor_info.ts";
import type { BuiltExecutor } from "./executor_info.ts";
import type { ExecutorShare } from "./fit.ts";
import { podDemand, type ResourceDefaults } from "./pod_resources.ts";

/** What `--executor=default` gives up, for `k8sm scheduler --help` (and the README). */
export const DEFAULT_EXECUTOR_LIMITS = `
With --executor=default each pod runs as a Mesos task group on Mesos' DEFAULT executor (one task
per container, its command + args run directly on the agent, plain env values), and no k8sm
executor (kubelet) runs on the agents. That mode lacks every kubelet feature:
  - container images (commands run on the agent host; pods need spec.containers[].command)
  - liveness, readiness and startup probes; lifecycle hooks; restartPolicy (a failed container
    ends the pod and its controller replaces it)
  - kubectl exec, logs, attach, port-forward and cp (no kubelet API)
  - volumes (no emptyDir, hostPath, secrets, configMaps or service-account tokens), env
    valueFrom and envFrom, init containers, securityContext
  - pod IPs and the service proxy's pod endpoints: pods share the agent's network
  - node Leases and node credentials (the scheduler writes pod status from Mesos task states)
`;

/** The executor id the scheduler's DEFAULT executors run under (one per agent). */
export const DEFAULT_EXECUTOR_ID = "k8sm-default-executor";

/** The sandbox disk (MB) a DEFAULT executor is given; agents must offer disk. */
export const DEFAULT_EXECUTOR_DISK_MB = 32;

/** The values `--executor` takes: the k8sm executor (default) or Mesos' DEFAULT executor. */
export type ExecutorMode = "k8sm" | "default";

/** A pod's task group: the tasks to launch with the DEFAULT executor. */
export interface PodTaskGroup {
  executor: Record<string, unknown>;
  tasks: TaskInfoSpec[];
}

/** The DEFAULT ExecutorInfo with `share` as its resources, as the scheduler records it. */
export function defaultExecutor(share: ExecutorShare): BuiltExecutor {
  return {
    executorId: DEFAULT_EXECUTOR_ID,
    info: {
      type: "DEFAULT",
      executor_id: { value: DEFAULT_EXECUTOR_ID },
      name: "k8sm pods (Mesos default executor)",
      // Mesos requires cpus, mem and disk on a DEFAULT executor.
      resources: [
        ...executorResources(share),
        { name: "disk", type: "SCALAR", scalar: { value: DEFAULT_EXECUTOR_DISK_MB } },
      ],
    },
  };
}

/** The task id of container `index` of the pod task `podTaskId`. */
export function memberTaskId(podTaskId: string, index: number): string {
  return index === 0 ? podTaskId : `${podTaskId}.c${index}`;
}

/** The pod task id and container index of a group member task id (`<pod task id>.c<index>`). */
export function parseMemberTaskId(taskId: string): { podTaskId: string; index: number } {
  const m = /^(.+\.[0-9a-f]{12})\.c(\d+)$/.exec(taskId);
  return m ? { podTaskId: m[1], index: Number(m[2]) } : { podTaskId: taskId, index: 0 };
}

/** The CommandInfo of a container: command + args run directly, plain env values. */
export function containerCommand(c: Container): Record<string, unknown> {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length === 0) {
    throw new Error(
      `container ${c.name} has no command or args: with --executor=default a container runs ` +
        `its command directly (images are not used), so set command in the pod spec`,
    );
  }
  const variables = (c.env ?? []).filter((e) => e.value !== undefined)
    .map((e) => ({ name: e.name, type: "VALUE", value: e.value }));
  return {
    shell: false,
    value: argv[0],
    arguments: argv,
    ...(variables.length ? { environment: { variables } } : {}),
  };
}

/** Splits `resources` between containers weighted by `weights` (scalars pro rata, rest to 0). */
export function splitResources(
  resources: readonly MesosResource[],
  weights: readonly { cpus: number; mem: number }[],
): MesosResource[][] {
  const out: MesosResource[][] = weights.map(() => []);
  const totals = {
    cpus: weights.reduce((n, w) => n + w.cpus, 0),
    mem: weights.reduce((n, w) => n + w.mem, 0),
  };
  for (const r of resources) {
    const key = r.name === "cpus" || r.name === "mem" ? r.name : undefined;
    if (!key || r.type !== "SCALAR" || weights.length === 1) {
      out[0].push(r);
      continue;
    }
    const value = Number(r.scalar?.value ?? 0);
    let left = value;
    weights.forEach((w, i) => {
      const last = i === weights.length - 1;
      const part = last ? roundScalar(left) : roundScalar(value * (w[key] / (totals[key] || 1)));
      left -= part;
      if (part > 0) out[i].push({ ...r, scalar: { value: part } });
    });
  }
  return out;
}

/** The task group of a built pod task (`task` as buildTask made it for the k8sm executor). */
export function podTaskGroup(
  pod: Pod,
  task: TaskInfoSpec,
  executor: BuiltExecutor,
  defaults: ResourceDefaults,
): PodTaskGroup {
  const containers = pod.spec?.containers ?? [];
  const weights = containers.map((c) => {
    const d = podDemand({ ...pod, spec: { ...pod.spec, containers: [c] } }, defaults);
    return { cpus: d.cpus, mem: d.memMb };
  });
  const shares = splitResources(task.resources, weights);
  const tasks = containers.map((c, i): TaskInfoSpec => ({
    name: `${pod.metadata.name}.${pod.metadata.namespace ?? "default"}.${c.name}`,
    task_id: { value: memberTaskId(task.task_id.value, i) },
    agent_id: task.agent_id,
    resources: shares[i],
    command: containerCommand(c),
    kill_policy: task.kill_policy,
    labels: task.labels,
  }));
  return { executor: executor.info, tasks };
}

/** ACCEPT with one LAUNCH_GROUP per pod. */
export function launchGroupsCall(
  offerIds: readonly string[],
  groups: readonly PodTaskGroup[],
  refuseSeconds?: number,
): SchedulerCall {
  return {
    type: "ACCEPT",
    accept: {
      offer_ids: offerIds.map((value) => ({ value })),
      operations: groups.map((g) => ({
        type: "LAUNCH_GROUP",
        launch_group: { executor: g.executor, task_group: { tasks: g.tasks } },
      })),
      ...(refuseSeconds === undefined ? {} : { filters: { refuse_seconds: refuseSeconds } }),
    },
  };
}

/** Pod rows as kubectl prints them: ready count, the status reason logic, restarts, wide columns. */

import type { KubeObject } from "../../api/object.ts";
import type { ContainerStatus } from "../../api/types/container_status.ts";
import type { Pod } from "../../api/types/pod.ts";
import { ageSince } from "./human_duration.ts";
import {
  AGE_COLUMN,
  column,
  NAME_COLUMN,
  type ResourcePrinter,
  type TableRowCondition,
} from "./table_types.ts";

interface InitContainerSpec {
  name: string;
  restartPolicy?: string;
}

function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The STATUS column of a pod (Running, Pending, Init:0/1, CrashLoopBackOff, Completed, …). */
export function podStatusReason(
  pod: Pod,
): { reason: string; ready: number; total: number; restarts: number; lastRestart?: string } {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = (spec?.initContainers ?? []) as InitContainerSpec[];
  const sidecars = new Set(
    initSpecs.filter((c) => c.restartPolicy === "Always").map((c) => c.name),
  );
  const total = (spec?.containers ?? []).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let sidecarLastRestart: string | undefined;
  let reason: string = status.phase ?? "";
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }
  let initializing = false;
  const inits: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const cs = inits[i];
    restarts += cs.restartCount ?? 0;
    const lastEnd = cs.lastState?.terminated?.finishedAt;
    lastRestart = laterOf(lastRestart, lastEnd);
    if (sidecars.has(cs.name)) {
      sidecarRestarts += cs.restartCount ?? 0;
      sidecarLastRestart = laterOf(sidecarLastRestart, lastEnd);
      if (cs.started && cs.ready) ready++;
      continue;
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
        ? `Init:Signal:${term.signal}`
        : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }
  const initialized = (status.conditions ?? []).some((c) =>
    c.type === "Initialized" && c.status === "True"
  );
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = laterOf(lastRestart, cs.lastState?.terminated?.finishedAt);
      const term = cs.state?.terminated;
      if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) =>
        c.type === "Ready" && c.status === "True"
      );
      reason = podReady ? "Running" : "NotReady";
    }
  }
  const terminal = status.phase === "Succeeded" || status.phase === "Failed";
  if (pod.metadata.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && !terminal) reason = "Terminating";
  return { reason, ready, total, restarts, lastRestart };
}

/** The pods printer (Name, Ready, Status, Restarts, Age; IP, Node, Nominated Node, Readiness Gates wide). */
export const podPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "The aggregate status of the containers in this pod."),
    column(
      "Restarts",
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE_COLUMN,
    column(
      "IP",
      "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
      1,
    ),
    column("Node", "NodeName is a request to schedule this pod onto a specific node.", 1),
    column(
      "Nominated Node",
      "nominatedNodeName is set only when this pod preempts other pods on the node.",
      1,
    ),
    column(
      "Readiness Gates",
      "If specified, all readiness gates will be evaluated for pod readiness.",
      1,
    ),
  ],
  row(obj: KubeObject, now: number) {
    const pod = obj as Pod;
    const s = podStatusReason(pod);
    const restarts = s.restarts !== 0 && s.lastRestart
      ? `${s.restarts} (${ageSince(s.lastRestart, now)} ago)`
      : String(s.restarts);
    const status = pod.status ?? {};
    const podIP = status.podIPs?.[0]?.ip || status.podIP || "<none>";
    const gates = ((pod.spec as { readinessGates?: { conditionType: string }[] } | undefined)
      ?.readinessGates) ?? [];
    let gateCell = "<none>";
    if (gates.length > 0) {
      const trueCount = gates.filter((g) =>
        (status.conditions ?? []).some((c) =>
          c.type === g.conditionType && c.status === "True"
        )
      ).length;
      gateCell = `${trueCount}/${gates.length}`;
    }
    const conditions: TableRowCondition[] = [];
    if (status.phase === "Succeeded" || status.phase === "Failed") {
      conditions.push({
        type: "Completed",
        status: "True",
        reason: status.phase,
        message: `The pod has completed ${
          status.phase === "Succeeded" ? "successfully" : "with a failure"
        }.`,
      });
    }
    return {
      cells: [
        pod.metadata.name ?? "",
        `${s.ready}/${s.total}`,
        s.reason,
        restarts,
        ageSince(pod.metadata.creationTimestamp, now),
        podIP,
        pod.spec?.nodeName || "<none>",
        status.nominatedNodeName || "<none>",
        gateCell,
      ],
      ...(conditions.length > 0 ? { conditions } : {}),
    };
  },
};

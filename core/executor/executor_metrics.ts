/** The executor's Prometheus `/metrics`: pods by phase, container restarts, updates, writes. */
import type { PodStatus } from "../api/types/pod.ts";

/** Renders the metrics text from the pods' last statuses and the driver's counters. */
export function renderExecutorMetrics(
  statuses: (PodStatus | undefined)[],
  updatesByState: Map<string, number>,
  statusWrites: number,
): string {
  const phases = new Map<string, number>();
  let restarts = 0;
  for (const status of statuses) {
    const phase = status?.phase ?? "Pending";
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    for (const c of status?.containerStatuses ?? []) restarts += c.restartCount;
  }
  return [
    "# HELP k8sm_executor_pods Pods this executor runs or ran, by phase.",
    "# TYPE k8sm_executor_pods gauge",
    ...[...phases].map(([p, n]) => `k8sm_executor_pods{phase="${p}"} ${n}`),
    "# HELP k8sm_executor_container_restarts Restarts of the containers of those pods.",
    "# TYPE k8sm_executor_container_restarts gauge",
    `k8sm_executor_container_restarts ${restarts}`,
    "# HELP k8sm_executor_task_updates_total Mesos task status updates sent, by state.",
    "# TYPE k8sm_executor_task_updates_total counter",
    ...[...updatesByState].map(([s, n]) => `k8sm_executor_task_updates_total{state="${s}"} ${n}`),
    "# HELP k8sm_executor_status_writes_total Pod status writes the apiserver accepted.",
    "# TYPE k8sm_executor_status_writes_total counter",
    `k8sm_executor_status_writes_total ${statusWrites}`,
    "",
  ].join("\n");
}

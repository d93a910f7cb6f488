/**
 * The scheduler's Prometheus metrics: queue length, offers held, pods scheduled, tasks by
 * state, scheduling latency (queued → launched) as a histogram, and the Mesos connection state.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Counters and gauges of one scheduler. */
export class SchedulerMetrics {
  podsScheduled = 0;
  podsFailedScheduling = 0;
  podsFailed = 0;
  tasksKilled = 0;
  offersReceived = 0;
  offersDeclined = 0;
  offersRescinded = 0;
  statusUpdates = 0;
  subscriptions = 0;
  #latencyCounts = BUCKETS.map(() => 0);
  #latencySum = 0;
  #latencyCount = 0;

  /** Records one pod's queued → launched latency in seconds. */
  observeLatency(seconds: number): void {
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.#latencyCounts[i]++;
    });
    this.#latencySum += seconds;
    this.#latencyCount++;
  }

  /** Prometheus text exposition, given the live gauges. */
  render(
    g: { queueLength: number; offersHeld: number; tasks: number; connected: boolean },
  ): string {
    const lines: string[] = [];
    const gauge = (name: string, help: string, v: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
    const counter = (name: string, help: string, v: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${v}`);
    gauge("k8sm_scheduler_queue_length", "Pods waiting to be scheduled.", g.queueLength);
    gauge("k8sm_scheduler_offers_held", "Mesos offers currently held.", g.offersHeld);
    gauge("k8sm_scheduler_tasks", "Mesos tasks the scheduler tracks.", g.tasks);
    gauge(
      "k8sm_scheduler_mesos_connected",
      "1 while subscribed to the Mesos master.",
      g.connected ? 1 : 0,
    );
    counter("k8sm_scheduler_pods_scheduled_total", "Pods launched and bound.", this.podsScheduled);
    counter(
      "k8sm_scheduler_pods_failed_scheduling_total",
      "Scheduling attempts that found no room.",
      this.podsFailedScheduling,
    );
    counter("k8sm_scheduler_pods_failed_total", "Pods marked Failed.", this.podsFailed);
    counter("k8sm_scheduler_tasks_killed_total", "KILL calls sent.", this.tasksKilled);
    counter("k8sm_scheduler_offers_received_total", "Offers received.", this.offersReceived);
    counter("k8sm_scheduler_offers_declined_total", "Offers declined.", this.offersDeclined);
    counter("k8sm_scheduler_offers_rescinded_total", "Offers rescinded.", this.offersRescinded);
    counter("k8sm_scheduler_status_updates_total", "Task status updates.", this.statusUpdates);
    counter("k8sm_scheduler_subscriptions_total", "SUBSCRIBED events.", this.subscriptions);
    const h = "k8sm_scheduler_scheduling_latency_seconds";
    lines.push(`# HELP ${h} Time from a pod being queued to its task being launched.`);
    lines.push(`# TYPE ${h} histogram`);
    BUCKETS.forEach((b, i) => lines.push(`${h}_bucket{le="${b}"} ${this.#latencyCounts[i]}`));
    lines.push(`${h}_bucket{le="+Inf"} ${this.#latencyCount}`);
    lines.push(`${h}_sum ${this.#latencySum}`, `${h}_count ${this.#latencyCount}`);
    return lines.join("\n") + "\n";
  }
}

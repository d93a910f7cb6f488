/** GET /metrics of the local master: Prometheus text (frameworks, agents, offers, tasks). */
import type { Master } from "./master.ts";

function line(out: string[], name: string, help: string, type: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
}

/** The metrics document of `master`. */
export function masterMetricsText(master: Master): string {
  const out: string[] = [];
  const fws = [...master.frameworks.values()];
  const m = master.metrics;
  line(out, "mesos_master_elected", "1 while this master leads", "gauge", 1);
  line(out, "mesos_master_agents_active", "Registered agents", "gauge", master.agents.size);
  line(
    out,
    "mesos_master_agents_unreachable",
    "Removed agents",
    "gauge",
    master.removedAgents.size,
  );
  line(
    out,
    "mesos_master_frameworks_connected",
    "Subscribed frameworks",
    "gauge",
    fws.filter((f) => f.connected).length,
  );
  line(
    out,
    "mesos_master_frameworks_disconnected",
    "Frameworks within failover",
    "gauge",
    fws.filter((f) => !f.connected).length,
  );
  line(
    out,
    "mesos_master_outstanding_offers",
    "Offers not yet answered",
    "gauge",
    master.offers.all().length,
  );
  line(out, "mesos_master_offers_sent_total", "Offers made", "counter", m.offersSent);
  line(out, "mesos_master_offers_accepted_total", "Offers accepted", "counter", m.offersAccepted);
  line(out, "mesos_master_offers_declined_total", "Offers declined", "counter", m.offersDeclined);
  line(
    out,
    "mesos_master_offers_rescinded_total",
    "Offers rescinded",
    "counter",
    m.offersRescinded,
  );
  line(out, "mesos_master_tasks_launched_total", "Tasks launched", "counter", m.tasksLaunched);
  line(
    out,
    "mesos_master_tasks_invalid_total",
    "Tasks refused with TASK_ERROR",
    "counter",
    m.tasksInvalid,
  );
  line(out, "mesos_master_calls_total", "Scheduler calls received", "counter", m.callsReceived);
  line(
    out,
    "mesos_master_calls_refused_total",
    "Scheduler calls answered 4xx",
    "counter",
    m.callsRefused,
  );
  const byState = new Map<string, number>();
  for (const fw of fws) {
    for (const t of fw.tasks.values()) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
  }
  out.push(
    "# HELP mesos_master_tasks Tasks known to the master by state",
    "# TYPE mesos_master_tasks gauge",
  );
  for (const [state, n] of byState) out.push(`mesos_master_tasks{state="${state}"} ${n}`);
  out.push(
    "# HELP mesos_master_status_updates_total Status updates forwarded by state",
    "# TYPE mesos_master_status_updates_total counter",
  );
  for (const [state, n] of m.updatesByState) {
    out.push(`mesos_master_status_updates_total{state="${state}"} ${n}`);
  }
  return out.join("\n") + "\n";
}

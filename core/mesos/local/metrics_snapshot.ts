/**
 * The master's `/metrics/snapshot` (and GET_METRICS): a flat object of Mesos' metric keys with
 * their meanings (gauges of agents, frameworks, offers and tasks; counters of terminal task
 * states, registrations and messages; resource totals, use and fraction), keys sorted.
 */
import type { Master } from "./master.ts";
import { scalarOf } from "./resource_ops.ts";

const GAUGE_STATES = ["staging", "starting", "running", "killing", "unreachable"];
const COUNTER_STATES = [
  "finished",
  "failed",
  "killed",
  "lost",
  "error",
  "dropped",
  "gone",
  "gone_by_operator",
];

/** Every metric of `master`, keys sorted as libprocess writes them. */
export function masterMetricsSnapshot(master: Master): Record<string, number> {
  const m: Record<string, number> = {};
  const fws = [...master.frameworks.values()];
  const agents = [...master.agents.values()];
  const active = agents.filter((a) => !a.deactivated).length;
  m["master/uptime_secs"] = Date.now() / 1000 - master.startedAt;
  m["master/elected"] = 1;
  m["master/slaves_connected"] = agents.length;
  m["master/slaves_disconnected"] = 0;
  m["master/slaves_active"] = active;
  m["master/slaves_inactive"] = agents.length - active;
  m["master/slaves_unreachable"] = master.removedAgents.size;
  m["master/frameworks_connected"] = fws.filter((f) => f.connected).length;
  m["master/frameworks_disconnected"] = fws.filter((f) => !f.connected).length;
  m["master/frameworks_active"] = fws.filter((f) => f.connected).length;
  m["master/frameworks_inactive"] = fws.filter((f) => !f.connected).length;
  m["master/outstanding_offers"] = master.offers.all().length;
  const live = new Map<string, number>();
  for (const fw of fws) {
    for (const t of fw.tasks.values()) live.set(t.state, (live.get(t.state) ?? 0) + 1);
  }
  for (const s of GAUGE_STATES) m[`master/tasks_${s}`] = live.get(`TASK_${s.toUpperCase()}`) ?? 0;
  for (const s of COUNTER_STATES) {
    m[`master/tasks_${s}`] = master.metrics.updatesByState.get(`TASK_${s.toUpperCase()}`) ?? 0;
  }
  for (const name of ["cpus", "mem", "disk", "gpus"]) {
    const total = agents.reduce((n, a) => n + scalarOf(a.total, name), 0);
    const used = agents.reduce((n, a) => n + scalarOf(a.used, name), 0);
    m[`master/${name}_total`] = total;
    m[`master/${name}_used`] = used;
    m[`master/${name}_percent`] = total > 0 ? used / total : 0;
    m[`master/${name}_revocable_total`] = 0;
    m[`master/${name}_revocable_used`] = 0;
    m[`master/${name}_revocable_percent`] = 0;
  }
  m["master/slave_registrations"] = master.metrics.agentRegistrations;
  m["master/slave_reregistrations"] = master.metrics.agentReregistrations;
  m["master/slave_removals"] = master.metrics.agentRemovals;
  m["master/messages_launch_tasks"] = master.metrics.tasksLaunched;
  m["master/messages_decline_offers"] = master.metrics.offersDeclined;
  m["master/messages_status_update"] = [...master.metrics.updatesByState.values()]
    .reduce((a, b) => a + b, 0);
  m["master/valid_status_updates"] = m["master/messages_status_update"];
  m["master/invalid_status_updates"] = 0;
  m["master/dropped_messages"] = 0;
  m["master/operator_event_stream_subscribers"] = master.operatorEvents.subscribers;
  m["master/event_queue_messages"] = 0;
  m["master/event_queue_dispatches"] = 0;
  m["master/event_queue_http_requests"] = 0;
  m["allocator/mesos/allocation_runs"] = master.metrics.allocationRuns;
  const cpusTotal = m["master/cpus_total"];
  const offered = master.offers.all().flatMap((o) => o.offer.resources);
  m["allocator/mesos/resources/cpus/total"] = cpusTotal;
  m["allocator/mesos/resources/cpus/offered_or_allocated"] = m["master/cpus_used"] +
    scalarOf(offered, "cpus");
  m["system/cpus_total"] = navigator.hardwareConcurrency;
  const mem = Deno.systemMemoryInfo();
  m["system/mem_total_bytes"] = mem.total;
  m["system/mem_free_bytes"] = mem.free;
  const [l1, l5, l15] = Deno.loadavg();
  m["system/load_1min"] = l1;
  m["system/load_5min"] = l5;
  m["system/load_15min"] = l15;
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The k8sm Mesos scheduler: `startScheduler` (what `k8sm scheduler` and `k8sm up` run), the
 * scheduler itself, its options, the pod annotations it writes, placement and constraints,
 * and the store-lease leader election other daemons reuse.
 */
export * from "./start_scheduler.ts";
export * from "./scheduler.ts";
export * from "./scheduler_options.ts";
export * from "./annotations.ts";
export * from "./constraints.ts";
export * from "./placement.ts";
export * from "./leader_election.ts";
export * from "./framework_id_store.ts";
export * from "./executor_info.ts";

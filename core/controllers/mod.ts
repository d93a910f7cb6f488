/** The controller-manager: the replication (rc, ReplicaSet), Deployment, DaemonSet, StatefulSet, Job, CronJob, disruption, endpoints and garbage-collection controllers. */
export * from "./controller_manager.ts";

/**
 * mesos-local: a single-machine Mesos master and agents speaking the v1 scheduler and executor
 * HTTP APIs, for development (`k8sm mesos-local`, `k8sm up`) and tests.
 */
export { LocalCluster, startLocalCluster } from "./local_cluster.ts";
export type { AddAgentOptions, LocalClusterOptions } from "./local_cluster.ts";
export type { Agent, AgentOptions } from "./agent.ts";
export type { Master, MasterOptions } from "./master.ts";
export type { StatusUpdateRetry } from "./status_update_manager.ts";
export { defaultPortRange, parseAttributesText } from "./host_resources.ts";
export type { LocalAuthentication } from "./http_authentication.ts";
export { type Credential, loadCredentials, parseCredentials } from "./credentials.ts";

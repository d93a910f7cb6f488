/** The options of one mesos-local agent (agent.ts). */
import type { Attribute, Resource } from "./mesos_types.ts";
import type { StatusUpdateRetry } from "./status_update_manager.ts";
import type { LocalAuthentication } from "./http_authentication.ts";
import type { AgentCheckpoint } from "./agent_checkpoint.ts";

/** Options of one agent. */
export interface AgentOptions {
  id: string;
  hostname: string;
  /** Port of the agent's HTTP API (0 = any free port). */
  port?: number;
  resources: Resource[];
  attributes?: Attribute[];
  /** Sandboxes go under `<workDir>/slaves/<id>/…`. */
  workDir: string;
  statusUpdateRetry?: StatusUpdateRetry;
  /** Executors must subscribe within this (default 60 000 ms). */
  executorRegistrationTimeoutMs?: number;
  /** Default executor shutdown grace period (default 5 s). */
  executorShutdownGraceSeconds?: number;
  /** Period of HEARTBEAT events to subscribed executors (Mesos: 30 min). */
  executorHeartbeatMs?: number;
  /** After an agent restart, executors must re-subscribe within this (Mesos: 2 s). */
  executorReregistrationTimeoutMs?: number;
  /** HTTP authentication (read-only endpoints, executor tokens); default none. */
  authentication?: LocalAuthentication;
  /** Where runs are checkpointed (agent_checkpoint.ts); none: nothing survives the process. */
  checkpoint?: AgentCheckpoint;
  /** Key of the executor tokens (a recovered agent keeps its earlier one). */
  executorTokenKey?: Uint8Array;
  /** MESOS_RECOVERY_TIMEOUT given to executors of checkpointing frameworks (Mesos: 15 min). */
  recoveryTimeoutMs?: number;
}

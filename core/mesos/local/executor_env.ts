/** The MESOS_* environment an agent gives an executor (Mesos' executorEnvironment()). */
import type { ExecutorRun } from "./executor_run.ts";
import { durationText } from "./executor_process.ts";

/** What the environment needs to know of the agent. */
export interface AgentEnvFacts {
  agentId: string;
  /** `127.0.0.1:<port>` of the agent's HTTP API. */
  endpoint: string;
  /** Default shutdown grace period in seconds. */
  shutdownGraceSeconds: number;
  /** MESOS_RECOVERY_TIMEOUT for checkpointing frameworks (default 15 min). */
  recoveryTimeoutMs?: number;
  /** MESOS_EXECUTOR_AUTHENTICATION_TOKEN for this run, when executors are authenticated. */
  authenticationToken?: string;
}

/**
 * The agent's own environment plus the MESOS_* variables for `run`. A token the agent itself
 * inherited is never passed on; the run's own token is set only when given.
 */
export function executorEnvironment(
  run: ExecutorRun,
  agent: AgentEnvFacts,
): Record<string, string> {
  const checkpoint = run.framework.checkpoint ?? false;
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    MESOS_FRAMEWORK_ID: run.frameworkId,
    MESOS_EXECUTOR_ID: run.info.executor_id.value,
    MESOS_AGENT_ENDPOINT: agent.endpoint,
    MESOS_SLAVE_ID: agent.agentId,
    MESOS_SLAVE_PID: `slave(1)@${agent.endpoint}`,
    MESOS_DIRECTORY: run.sandbox,
    MESOS_SANDBOX: run.sandbox,
    MESOS_CHECKPOINT: checkpoint ? "1" : "0",
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: durationText(
      run.gracePeriodSeconds(agent.shutdownGraceSeconds),
    ),
    MESOS_HTTP_COMMAND_EXECUTOR: "0",
    LIBPROCESS_PORT: "0",
  };
  delete env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN;
  if (agent.authenticationToken) {
    env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN = agent.authenticationToken;
  }
  if (checkpoint) {
    env.MESOS_RECOVERY_TIMEOUT = agent.recoveryTimeoutMs === undefined
      ? "15mins"
      : durationText(agent.recoveryTimeoutMs / 1000);
    env.MESOS_SUBSCRIPTION_BACKOFF_MAX = "2secs";
  }
  return env;
}

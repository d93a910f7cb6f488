/**
 * The environment a Mesos agent gives a custom executor (PROTOCOL.md §11): framework and
 * executor ids, the agent endpoint, checkpointing and the recovery/shutdown timings.
 */
import { parseMesosDuration } from "./mesos_duration.ts";

/** Executor settings read from `MESOS_*` variables. */
export interface ExecutorEnv {
  /** MESOS_FRAMEWORK_ID: Call.framework_id. */
  frameworkId: string;
  /** MESOS_EXECUTOR_ID: Call.executor_id. */
  executorId: string;
  /** MESOS_AGENT_ENDPOINT (`ip:port`), or the address in MESOS_SLAVE_PID. */
  agentEndpoint: string;
  /** MESOS_SLAVE_ID, when set. */
  agentId?: string;
  /** MESOS_CHECKPOINT == "1": reconnect to a restarted agent instead of exiting. */
  checkpoint: boolean;
  /** MESOS_RECOVERY_TIMEOUT in ms (default 15 min): give up reconnecting after this. */
  recoveryTimeoutMs: number;
  /** MESOS_SUBSCRIPTION_BACKOFF_MAX in ms (default 2 s): resubscribe within a random delay up to this. */
  subscriptionBackoffMaxMs: number;
  /** MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD in ms (default 5 s): time to finish after SHUTDOWN. */
  shutdownGracePeriodMs: number;
  /** MESOS_SANDBOX (or MESOS_DIRECTORY): the sandbox directory. */
  sandbox?: string;
  /** MESOS_DIRECTORY: the sandbox path on the host. */
  directory?: string;
  /** MESOS_EXECUTOR_AUTHENTICATION_TOKEN: sent as a bearer token when set. */
  authToken?: string;
}

/** The variable holding the executor's own authentication token. */
export const EXECUTOR_TOKEN_VARIABLE = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

/**
 * Reads the executor environment from `env` (default: the process environment). Throws an
 * error naming the missing or malformed variable. When reading the process environment, the
 * authentication token is removed from it once read, so no process the executor starts (pods
 * under the process runtime, probes, hooks) inherits it.
 */
export function readExecutorEnv(given?: Record<string, string>): ExecutorEnv {
  const env = given ?? Deno.env.toObject();
  if (!given) Deno.env.delete(EXECUTOR_TOKEN_VARIABLE);
  const need = (name: string): string => {
    const v = env[name];
    if (!v) {
      throw new Error(
        `${name} is not set: the executor must be started by a Mesos agent, which sets ` +
          `MESOS_FRAMEWORK_ID, MESOS_EXECUTOR_ID and MESOS_AGENT_ENDPOINT.`,
      );
    }
    return v;
  };
  const duration = (name: string, fallback: number): number =>
    env[name] ? parseMesosDuration(env[name], name) : fallback;
  let agentEndpoint = env.MESOS_AGENT_ENDPOINT;
  if (!agentEndpoint && env.MESOS_SLAVE_PID) {
    const m = env.MESOS_SLAVE_PID.match(/@(.+:\d+)$/);
    if (m) agentEndpoint = m[1];
  }
  if (!agentEndpoint) need("MESOS_AGENT_ENDPOINT");
  return {
    frameworkId: need("MESOS_FRAMEWORK_ID"),
    executorId: need("MESOS_EXECUTOR_ID"),
    agentEndpoint: agentEndpoint as string,
    agentId: env.MESOS_SLAVE_ID || env.MESOS_AGENT_ID || undefined,
    checkpoint: env.MESOS_CHECKPOINT === "1",
    recoveryTimeoutMs: duration("MESOS_RECOVERY_TIMEOUT", 15 * 60_000),
    subscriptionBackoffMaxMs: duration("MESOS_SUBSCRIPTION_BACKOFF_MAX", 2000),
    shutdownGracePeriodMs: duration("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", 5000),
    sandbox: env.MESOS_SANDBOX || env.MESOS_DIRECTORY || undefined,
    directory: env.MESOS_DIRECTORY || undefined,
    authToken: env[EXECUTOR_TOKEN_VARIABLE] || undefined,
  };
}

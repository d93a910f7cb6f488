/**
 * `k8sm mesos-local`: a single-machine Mesos master and N agents in one process, speaking the
 * v1 scheduler and executor HTTP APIs (core/mesos/local). Prints where the master and every
 * agent listen; SIGINT/SIGTERM stop everything: executors get SHUTDOWN and their grace period
 * to stop their tasks (a k8sm executor's pods), then everything left is killed.
 */
import { Command } from "commander";
import { startLocalCluster } from "../core/mesos/local/local_cluster.ts";
import { formatResourcesText } from "../core/mesos/resource_text.ts";
import { parseMesosDuration } from "../core/mesos/mesos_duration.ts";
import { loadCredentials } from "../core/mesos/local/credentials.ts";
import type { LocalAuthentication } from "../core/mesos/local/http_authentication.ts";
import { shutdownExecutors } from "../core/mesos/local/shutdown_executors.ts";

interface MesosLocalFlags {
  port: string;
  ip: string;
  agents: string;
  resources?: string;
  attributes?: string;
  workDir?: string;
  allocationInterval: string;
  recoveryTimeout: string;
  executorReregistrationTimeout: string;
  authenticateFrameworks?: boolean;
  authenticateHttpReadonly?: boolean;
  authenticateHttpReadwrite?: boolean;
  authenticateHttpExecutors?: boolean;
  credentials?: string;
}

/** The authentication the flags ask for, or undefined when none; exits on a bad file. */
async function authentication(flags: MesosLocalFlags): Promise<LocalAuthentication | undefined> {
  const basic = [
    flags.authenticateFrameworks && "--authenticate-frameworks",
    flags.authenticateHttpReadonly && "--authenticate-http-readonly",
    flags.authenticateHttpReadwrite && "--authenticate-http-readwrite",
  ].filter(Boolean);
  if (basic.length === 0 && !flags.authenticateHttpExecutors && !flags.credentials) {
    return undefined;
  }
  if (basic.length > 0 && !flags.credentials) {
    fail(
      `${basic.join(", ")} need credentials to check: pass --credentials=FILE with ` +
        `{"credentials":[{"principal":"p","secret":"s"}]} or "principal secret" lines`,
    );
  }
  let credentials: LocalAuthentication["credentials"] = [];
  if (flags.credentials) {
    try {
      credentials = await loadCredentials(flags.credentials);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  }
  return {
    credentials,
    frameworks: flags.authenticateFrameworks ?? false,
    httpReadonly: flags.authenticateHttpReadonly ?? false,
    httpReadwrite: flags.authenticateHttpReadwrite ?? false,
    executors: flags.authenticateHttpExecutors ?? false,
  };
}

const SHORT_UNITS: Record<string, string> = { s: "secs", m: "mins", h: "hrs" };

/** Parses `1s`, `500ms`, `2secs`, `1m` into milliseconds. */
function durationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  return parseMesosDuration(m ? `${m[1]}${SHORT_UNITS[m[2]]}` : text, flag);
}

function fail(message: string): never {
  console.error(`k8sm mesos-local: ${message}`);
  Deno.exit(2);
}

/** `k8sm mesos-local`: Run a single-machine Mesos master and agents. */
export function mesosLocalCommand(): Command {
  return new Command("mesos-local")
    .description(
      "Run a single-machine Mesos master and agents (v1 HTTP APIs). Agent 0 is named after " +
        "this host, agent i <host>-a<i>; executors reach their agent at 127.0.0.1:<its port>.",
    )
    .option("--port <port>", "master port", "5050")
    .option("--ip <ip>", "address the master listens on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--agents <n>", "number of agents", "1")
    .option(
      "--resources <text>",
      "agent resources, Mesos syntax (cpus:4;mem:8192;ports:[31000-32000]); missing kinds " +
        "are sized from the host; the ports are split between the agents (disjoint ranges)",
    )
    .option("--attributes <text>", "agent attributes (rack:r1;zone:a)")
    .option(
      "--work-dir <dir>",
      "directory for sandboxes and agent checkpoints (<dir>/meta); started again on the same " +
        "dir, agents keep their ids and ports and take back live executors (default: a " +
        "temporary dir)",
    )
    .option("--allocation-interval <duration>", "period between offer cycles", "1s")
    .option(
      "--recovery-timeout <duration>",
      "MESOS_RECOVERY_TIMEOUT of checkpointing executors: how long they wait for a restarted " +
        "agent before killing their tasks and exiting",
      "15mins",
    )
    .option(
      "--executor-reregistration-timeout <duration>",
      "after a restart on the same --work-dir, recovered executors must re-subscribe within this",
      "2secs",
    )
    .option(
      "--authenticate-frameworks",
      "scheduler API calls need HTTP Basic credentials from --credentials",
    )
    .option(
      "--authenticate-http-readonly",
      "/state, /metrics, /metrics/snapshot and the other read-only endpoints (master and " +
        "agents) need HTTP Basic credentials",
    )
    .option(
      "--authenticate-http-readwrite",
      "/teardown, /maintenance/*, /machine/* and the operator API (POST /api/v1 on master and " +
        "agents) need HTTP Basic credentials",
    )
    .option(
      "--authenticate-http-executors",
      "the executor API needs the executor's MESOS_EXECUTOR_AUTHENTICATION_TOKEN",
    )
    .option(
      "--credentials <file>",
      'principals and secrets: {"credentials":[{"principal":"p","secret":"s"}]} or ' +
        '"principal secret" lines',
    )
    .action(async (flags: MesosLocalFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        fail(`--port "${flags.port}" is not a port number (0-65535)`);
      }
      const agents = Number(flags.agents);
      if (!Number.isInteger(agents) || agents < 0) {
        fail(`--agents "${flags.agents}" is not a whole number of agents`);
      }
      let allocationIntervalMs: number;
      let recoveryTimeoutMs: number;
      let executorReregistrationTimeoutMs: number;
      try {
        allocationIntervalMs = durationMs(flags.allocationInterval, "--allocation-interval");
        recoveryTimeoutMs = durationMs(flags.recoveryTimeout, "--recovery-timeout");
        executorReregistrationTimeoutMs = durationMs(
          flags.executorReregistrationTimeout,
          "--executor-reregistration-timeout",
        );
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      const auth = await authentication(flags);
      let cluster;
      try {
        cluster = await startLocalCluster({
          port,
          bind: flags.ip,
          agents,
          resources: flags.resources,
          attributes: flags.attributes,
          workDir: flags.workDir,
          allocationIntervalMs,
          recoveryTimeoutMs,
          executorReregistrationTimeoutMs,
          authentication: auth,
        });
      } catch (e) {
        console.error(`k8sm mesos-local: cannot start: ${e instanceof Error ? e.message : e}`);
        Deno.exit(1);
      }
      console.log(`master ${cluster.master.masterId} listening on ${cluster.masterUrl}`);
      for (const a of cluster.agents) {
        const info = a.info();
        console.log(
          `agent ${a.id} (${info.hostname}) listening on http://${a.endpoint} ` +
            `resources ${formatResourcesText(info.resources ?? [])}`,
        );
      }
      console.log(
        `sandboxes and checkpoints under ${cluster.workDir}; operator view at ` +
          `${cluster.masterUrl}/state and /metrics/snapshot; the v1 operator API (GET_STATE, ` +
          `SUBSCRIBE, maintenance, DRAIN_AGENT, RESERVE_RESOURCES…) is POST ` +
          `${cluster.masterUrl}/api/v1; kill an agent with ` +
          `{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"<id>"}}}`,
      );
      if (auth) {
        const on = [
          auth.frameworks && "frameworks",
          auth.httpReadonly && "http-readonly",
          auth.httpReadwrite && "http-readwrite",
          auth.executors && "http-executors",
        ].filter(Boolean);
        console.log(
          `authenticating ${on.join(", ") || "nothing"} (${auth.credentials.length} principal(s))`,
        );
      }
      const running = cluster;
      await new Promise<void>((resolve) => {
        const stop = () => {
          Deno.removeSignalListener("SIGINT", stop);
          Deno.removeSignalListener("SIGTERM", stop);
          resolve();
        };
        Deno.addSignalListener("SIGINT", stop);
        Deno.addSignalListener("SIGTERM", stop);
      });
      await shutdownExecutors(running.agents);
      await running.close();
      console.log("mesos-local stopped");
    });
}

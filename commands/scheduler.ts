/**
 * `k8sm scheduler`: runs the Mesos framework that turns unscheduled pods into Mesos tasks
 * (the seed's km scheduler). Parses flags (the seed's `-address -mesos_master -etcd_servers
 * -executor_path -proxy_path -mesos_user -api_servers` spellings too), then calls
 * `startScheduler` and waits for SIGINT/SIGTERM.
 */
import { Command } from "commander";
import { parseDuration } from "../core/client/duration.ts";
import { startScheduler } from "../core/scheduler/start_scheduler.ts";
import { PLACEMENT_STRATEGIES, type PlacementStrategy } from "../core/scheduler/placement.ts";
import { DEFAULT_RESOURCES } from "../core/scheduler/pod_resources.ts";
import { DEFAULT_EXECUTOR_LIMITS, type ExecutorMode } from "../core/scheduler/task_group.ts";
import { logger } from "../core/util/log.ts";
import { getVerbosity } from "../core/util/log.ts";
import { burstOver, shutdownSignal } from "../core/up/shutdown_signal.ts";
import {
  addDaemonApiFlags,
  daemonApiConfig,
  type DaemonApiFlagValues,
} from "../cli/daemon_api_flags.ts";
import type { RestConfig } from "../core/client/rest_client.ts";
import { mesosCredentialsFromFlags } from "../core/mesos/secret_file.ts";

interface SchedulerFlags extends DaemonApiFlagValues {
  address: string;
  port: string;
  mesosMaster: string;
  apiServers?: string;
  etcdServers?: string;
  dataDir: string;
  storage?: "sqlite" | "etcd" | "memory";
  executorPath?: string;
  executorUri?: string;
  proxyPath?: string;
  mesosUser?: string;
  mesosRole: string;
  mesosAuthenticationPrincipal?: string;
  mesosAuthenticationSecretFile?: string;
  mesosAuthenticationProvider: string;
  mesosEncoding: string;
  placement: string;
  offerTtl: string;
  reconcileInterval: string;
  failoverTimeout: string;
  unreachableGrace: string;
  defaultContainerCpu: string;
  defaultContainerMem: string;
  containerRuntime: string;
  dockerEndpoint?: string;
  podInfraImage?: string;
  ha?: boolean;
  executorArg: string[];
  executor: string;
}

function fail(msg: string): never {
  console.error(`k8sm scheduler: ${msg}`);
  Deno.exit(2);
}

function duration(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    fail(`--${flag}: ${(e as Error).message}`);
  }
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) fail(`--${flag} "${text}" must be a positive number`);
  return n;
}

/** `k8sm scheduler`: Run the Mesos framework scheduler. */
export function schedulerCommand(): Command {
  const cmd = new Command("scheduler");
  addDaemonApiFlags(cmd);
  return cmd
    .description("Run the Mesos framework scheduler (pods → Mesos tasks)")
    .addHelpText("after", DEFAULT_EXECUTOR_LIMITS)
    .option("--address <ip>", "address of the status/metrics port", "127.0.0.1")
    .option("--port <port>", "port of /healthz, /metrics and the status page (webui_url)", "10251")
    .option("--mesos-master <addr>", "Mesos master, host:port or URL", "127.0.0.1:5050")
    .option(
      "--api-servers <urls>",
      "apiserver URL(s), comma separated (default: the --kubeconfig's, else http://127.0.0.1:8080)",
    )
    .option("--etcd-servers <urls>", "etcd for the framework id and HA lease (selects etcd)")
    .option(
      "--data-dir <dir>",
      "sqlite store dir for the framework id (its own, the apiserver locks its file)",
      "~/.k8sm/scheduler",
    )
    .option("--storage <kind>", "sqlite, etcd or memory (default: etcd with --etcd-servers)")
    .option(
      "--executor <kind>",
      "k8sm (pods on the k8sm executor, a kubelet) or default (task groups on Mesos' DEFAULT " +
        "executor; no kubelet features, see below)",
      "k8sm",
    )
    .option("--executor-path <path>", "k8sm CLI the agents run as executor (default: this one)")
    .option("--executor-uri <uri>", "URI the agents fetch the executor from")
    .option("--proxy-path <path>", "accepted for the seed's command line; not used")
    .option("--mesos-user <user>", "user the executors run as (default: current user)")
    .option("--mesos-role <roles>", "Mesos role(s) to subscribe with, comma separated", "*")
    .option("--mesos-authentication-principal <p>", "principal for Mesos HTTP authentication")
    .option(
      "--mesos-authentication-secret-file <f>",
      "file holding the principal's secret (trailing newline dropped; must not be world-readable)",
    )
    .option("--mesos-authentication-provider <name>", "Mesos authentication provider", "basic")
    .option("--mesos-encoding <enc>", "Mesos wire format: protobuf or json", "protobuf")
    .option("--placement <strategy>", "spread or binpack", "spread")
    .option("--offer-ttl <duration>", "hold unused offers this long before declining", "5s")
    .option("--reconcile-interval <duration>", "implicit reconciliation period", "5m")
    .option("--failover-timeout <duration>", "Mesos framework failover timeout", "168h")
    .option("--unreachable-grace <duration>", "fail pods of unreachable tasks after", "60s")
    .option(
      "--default-container-cpu <cpus>",
      "Mesos cpu charged for a container without cpu requests/limits (best-effort)",
      String(DEFAULT_RESOURCES.containerCpus),
    )
    .option(
      "--default-container-mem <MiB>",
      "Mesos memory charged for a container without memory requests/limits (best-effort)",
      String(DEFAULT_RESOURCES.containerMemMb),
    )
    .option("--container-runtime <kind>", "executors' runtime: docker or process", "docker")
    .option("--docker-endpoint <url>", "executors' Docker API endpoint")
    .option("--pod-infra-image <image>", "executors' pod infra image")
    .option(
      "--executor-arg <flag>",
      "one more flag for k8sm executor, e.g. --executor-arg=--root-dir=/srv/k8sm (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--ha", "run behind leader election through a store lease")
    .action(async (flags: SchedulerFlags) => {
      const log = logger("scheduler");
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        fail(`--port "${flags.port}" is not a port number (0-65535)`);
      }
      if (!PLACEMENT_STRATEGIES.includes(flags.placement as PlacementStrategy)) {
        fail(`--placement "${flags.placement}" must be one of ${PLACEMENT_STRATEGIES.join(", ")}`);
      }
      if (!["k8sm", "default"].includes(flags.executor)) {
        fail(`--executor "${flags.executor}" must be k8sm or default`);
      }
      if (!["docker", "process"].includes(flags.containerRuntime)) {
        fail(`--container-runtime "${flags.containerRuntime}" must be docker or process`);
      }
      if (!["protobuf", "json"].includes(flags.mesosEncoding)) {
        fail(`--mesos-encoding "${flags.mesosEncoding}" must be protobuf or json`);
      }
      if (flags.mesosAuthenticationProvider !== "basic") {
        fail(
          `--mesos-authentication-provider "${flags.mesosAuthenticationProvider}" is not ` +
            `supported; k8sm speaks the v1 HTTP API, whose only provider is "basic"`,
        );
      }
      let credentials;
      try {
        credentials = await mesosCredentialsFromFlags(
          flags.mesosAuthenticationPrincipal,
          flags.mesosAuthenticationSecretFile,
        );
      } catch (e) {
        fail((e as Error).message);
      }
      let apiConfig: RestConfig | undefined;
      try {
        apiConfig = daemonApiConfig(flags, {
          server: flags.apiServers,
          serverFlag: "--api-servers",
          defaultServer: "http://127.0.0.1:8080",
        });
      } catch (e) {
        fail((e as Error).message);
      }
      if (!apiConfig) fail("no apiserver: pass --api-servers or --kubeconfig");
      const api = apiConfig.server;
      const etcd = flags.etcdServers ? flags.etcdServers.split(",") : undefined;
      let running;
      const stopped = Promise.withResolvers<void>();
      try {
        running = await startScheduler({
          apiServer: api,
          api: apiConfig,
          master: flags.mesosMaster,
          address: flags.address,
          port,
          storeOptions: { storage: flags.storage, etcdServers: etcd, dataDir: flags.dataDir },
          executorMode: flags.executor as ExecutorMode,
          user: flags.mesosUser,
          role: flags.mesosRole,
          credentials,
          contentType: flags.mesosEncoding === "json" ? "json" : "protobuf",
          placement: flags.placement as PlacementStrategy,
          offerTtlMs: duration("offer-ttl", flags.offerTtl),
          reconcileIntervalMs: duration("reconcile-interval", flags.reconcileInterval),
          failoverTimeoutSeconds: duration("failover-timeout", flags.failoverTimeout) / 1000,
          unreachableGraceMs: duration("unreachable-grace", flags.unreachableGrace),
          defaults: {
            containerCpus: positive("default-container-cpu", flags.defaultContainerCpu),
            containerMemMb: positive("default-container-mem", flags.defaultContainerMem),
          },
          executor: {
            executorPath: flags.executorPath,
            executorUri: flags.executorUri,
            apiServers: api,
            containerRuntime: flags.containerRuntime,
            dockerEndpoint: flags.dockerEndpoint,
            podInfraImage: flags.podInfraImage,
            verbosity: getVerbosity(),
            extraArgs: flags.executorArg,
          },
          ha: flags.ha,
          onLostLeadership: () => {
            log.error("lost leadership; exiting so a supervisor restarts this scheduler");
            stopped.resolve();
          },
        });
      } catch (e) {
        console.error(`k8sm scheduler: ${e instanceof Error ? e.message : String(e)}`);
        Deno.exit(1);
      }
      log.info(
        `scheduling pods from ${api} onto Mesos at ${flags.mesosMaster}` +
          (running.url ? `; status on ${running.url}` : ""),
      );
      // One Ctrl-C may arrive as a burst of signals (deno task, npx): they count as one.
      const done = new AbortController();
      shutdownSignal(done.signal).then(() => stopped.resolve());
      running.leading.catch(() => stopped.resolve());
      await stopped.promise;
      done.abort();
      log.info("shutting down");
      await running.close();
      await burstOver();
    });
}

/**
 * `k8sm executor`: the kubelet as a Mesos executor. Started by a Mesos agent (it reads the
 * agent's MESOS_* environment); runs pods through the Docker Engine API or, when chosen
 * explicitly, as plain host processes with no isolation.
 */
import { Command } from "commander";
import { parseDuration } from "../core/client/duration.ts";
import { startExecutor } from "../core/executor/executor_main.ts";
import { PROCESS_RUNTIME_WARNING } from "../core/executor/runtimes/process_runtime.ts";
import { DEFAULT_INFRA_IMAGE } from "../core/executor/runtimes/docker_runtime.ts";
import { defaultProcessRoot } from "../core/executor/runtimes/runtime_factory.ts";
import {
  addDaemonApiFlags,
  daemonApiConfig,
  type DaemonApiFlagValues,
} from "../cli/daemon_api_flags.ts";
import type { RestConfig } from "../core/client/rest_client.ts";
import { forcingSignal, shutdownSignal } from "../core/up/shutdown_signal.ts";

interface ExecutorFlags extends DaemonApiFlagValues {
  apiServers?: string;
  containerRuntime: string;
  dockerEndpoint?: string;
  podInfraImage?: string;
  podInfraCommand?: string;
  kubeletPort: string;
  kubeletAddress?: string;
  hostIp?: string;
  suicideTimeout: string;
  crashLoopBackoffMax: string;
  crashLoopBackoffInitial: string;
  syncFrequency: string;
  rootDir: string;
  containerLabel: string[];
}

function fail(message: string): never {
  console.error(`k8sm executor: ${message}`);
  Deno.exit(2);
}

function duration(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    fail(`--${flag}: ${e instanceof Error ? e.message : e}`);
  }
}

function labels(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) fail(`--container-label "${v}" is not KEY=VALUE`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** `k8sm executor`: Run the kubelet as a Mesos executor. */
export function executorCommand(): Command {
  const cmd = new Command("executor")
    .description(
      "Run the kubelet as a Mesos executor (started by a Mesos agent, reads MESOS_* variables)",
    )
    .option(
      "--api-servers <urls>",
      "apiserver URL(s), comma separated (host:port means http://host:port); pod status goes there",
    )
    .option(
      "--container-runtime <kind>",
      `docker (Docker Engine API) or process. WARNING: the ${PROCESS_RUNTIME_WARNING}`,
      "docker",
    )
    .option(
      "--docker-endpoint <url>",
      "Docker API socket (default DOCKER_HOST or /var/run/docker.sock)",
    )
    .option("--pod-infra-image <image>", "image of the pod's infra container", DEFAULT_INFRA_IMAGE)
    .option("--pod-infra-command <cmd>", "command of the infra container (space separated)")
    .option("--kubelet-port <port>", "port of the container log server (0 = any free port)", "0")
    .option("--kubelet-address <ip>", "address of the log server (default: the agent's IP)")
    .option("--host-ip <ip>", "IP reported as the pods' hostIP (default: the agent's IP)")
    .option(
      "--suicide-timeout <duration>",
      "exit after this long without a task (0 = never)",
      "20m",
    )
    .option("--crash-loop-backoff-max <duration>", "longest delay between restarts", "5m")
    .option("--crash-loop-backoff-initial <duration>", "first delay between restarts", "10s")
    .option("--sync-frequency <duration>", "how often containers are inspected", "500ms")
    .option(
      "--root-dir <dir>",
      "directory of the process runtime's pod sandboxes",
      defaultProcessRoot(),
    )
    .option(
      "--container-label <key=value>",
      "label every container with this (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    );
  return addDaemonApiFlags(cmd)
    .action(async (flags: ExecutorFlags) => {
      const runtime = flags.containerRuntime;
      if (runtime !== "docker" && runtime !== "process") {
        fail(`--container-runtime "${runtime}" is not docker or process`);
      }
      const port = Number(flags.kubeletPort);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        fail(`--kubelet-port "${flags.kubeletPort}" is not a port number (0-65535)`);
      }
      let api: RestConfig | undefined;
      try {
        api = daemonApiConfig(flags, { server: flags.apiServers, serverFlag: "--api-servers" });
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      let executor;
      try {
        executor = await startExecutor({
          apiServer: api?.server,
          api,
          containerRuntime: runtime,
          dockerEndpoint: flags.dockerEndpoint,
          podInfraImage: flags.podInfraImage,
          podInfraCommand: flags.podInfraCommand?.split(" ").filter((s) => s !== ""),
          kubeletPort: port,
          kubeletAddress: flags.kubeletAddress,
          hostIP: flags.hostIp,
          suicideTimeoutMs: duration("suicide-timeout", flags.suicideTimeout),
          backoffMaxMs: duration("crash-loop-backoff-max", flags.crashLoopBackoffMax),
          backoffInitialMs: duration("crash-loop-backoff-initial", flags.crashLoopBackoffInitial),
          syncIntervalMs: duration("sync-frequency", flags.syncFrequency),
          rootDir: flags.rootDir,
          containerLabels: labels(flags.containerLabel),
        });
      } catch (e) {
        console.error(`k8sm executor: ${e instanceof Error ? e.message : String(e)}`);
        Deno.exit(1);
      }
      const running = executor;
      const finished = new AbortController();
      // The first signal (a burst counts as one) stops pods within their grace; a later one
      // forces: this executor's pods are removed at once, then it exits.
      shutdownSignal(finished.signal).then(async (why) => {
        if (why === "abort") return;
        const firstAt = performance.now();
        running.stop();
        if (await forcingSignal(firstAt, finished.signal) === "abort") return;
        console.error("k8sm executor: second signal; removing this executor's pods and exiting");
        await running.kill();
        Deno.exit(137);
      });
      const code = await running.done;
      finished.abort();
      Deno.exit(code);
    });
}

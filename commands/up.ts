/**
 * `k8sm up`: the whole of k8sm on this machine in one process — apiserver (sqlite in
 * --data-dir), mesos-local, scheduler, controller-manager and proxy — with progress per
 * component, the API URL and a kubeconfig when ready, and a clean stop on Ctrl-C.
 */
import { Command } from "commander";
import { startAllInOne, type UpProgress } from "../core/up/all_in_one.ts";
import { nextHints } from "../core/up/next_hints.ts";
import { forcingSignal, shutdownSignal } from "../core/up/shutdown_signal.ts";
import { forceStop } from "../core/up/force_stop.ts";
import { killProcessPods } from "../core/executor/runtimes/process_reaper.ts";
import { getVerbosity } from "../core/util/log.ts";
import {
  isLoopbackNet,
  parseProxyModeFlag,
  portalNetFor,
  resolveProxyMode,
  USERSPACE_LOOPBACK_NOTE,
} from "../core/proxy/proxy_mode.ts";

interface UpFlags {
  port?: string;
  address: string;
  tlsSan?: string[];
  insecure?: boolean;
  dataDir: string;
  encryptionProviderConfig?: string;
  agents: string;
  agentResources?: string;
  mesosPort: string;
  containerRuntime: string;
  dockerEndpoint?: string;
  podInfraImage?: string;
  proxyMode: string;
  portalNet?: string;
}

function fail(message: string): never {
  console.error(`k8sm up: ${message}`);
  Deno.exit(2);
}

function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    fail(`--${name} "${value}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** `k8sm up`: Run a whole k8sm cluster on this machine. */
export function upCommand(): Command {
  return new Command("up")
    .description(
      "Run everything on this machine in one process (apiserver, Mesos, scheduler, controllers, proxy)",
    )
    .option("--port <port>", "API port (default 6443; 8080 with --insecure)")
    .option(
      "--address <ip>",
      "API address (0.0.0.0 serves other machines over HTTPS with client certificates)",
      "127.0.0.1",
    )
    .option("--data-dir <dir>", "store, kubeconfig, certificates and state", "~/.k8sm")
    .option(
      "--encryption-provider-config <file>",
      "EncryptionConfiguration (apiserver.config.k8s.io/v1) of the resources to encrypt at rest",
    )
    .option(
      "--portal-net <cidr>",
      "IP range of service ClusterIPs (default 10.10.10.0/24 in iptables mode, loopback " +
        "127.10.10.0/24 in userspace mode, where the proxy listens on clusterIP:port)",
    )
    .option(
      "--tls-san <name>",
      "extra host name or IP for the serving certificate (repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      "--insecure",
      "plain HTTP without authentication and an open Mesos (loopback addresses only)",
    )
    .option("--agents <n>", "local Mesos agents (resources split from this host)", "1")
    .option(
      "--agent-resources <text>",
      "resources of each agent, e.g. 'cpus:4;mem:4096;ports:[31000-32000]' (the ports are split between --agents)",
    )
    .option("--mesos-port <port>", "port of the local Mesos master (0 = any free port)", "0")
    .option(
      "--container-runtime <kind>",
      "auto (Docker when its API answers, else process), docker or process",
      "auto",
    )
    .option(
      "--docker-endpoint <url>",
      "Docker API endpoint (default DOCKER_HOST or /var/run/docker.sock)",
    )
    .option(
      "--pod-infra-image <image>",
      "pod infra image of the Docker runtime (default registry.k8s.io/pause:3.9; when absent " +
        "and not pullable, localhost/k8sm-pause:1 is built from the host's busybox)",
    )
    .option(
      "--proxy-mode <mode>",
      "auto (iptables when root with iptables, else userspace), userspace (clusterIP:port " +
        "reachable only on a loopback --portal-net), or iptables (root: also redirect clusterIP:port)",
      "auto",
    )
    .action(async (flags: UpFlags) => {
      const port = flags.port === undefined ? undefined : intFlag("port", flags.port, 0, 65535);
      const agents = intFlag("agents", flags.agents, 1, 100);
      const mesosPort = intFlag("mesos-port", flags.mesosPort, 0, 65535);
      const runtime = flags.containerRuntime;
      if (runtime !== "auto" && runtime !== "docker" && runtime !== "process") {
        fail(`--container-runtime "${runtime}" is not auto, docker or process`);
      }
      let modeFlag;
      try {
        modeFlag = parseProxyModeFlag(flags.proxyMode);
      } catch (e) {
        fail((e as Error).message);
      }
      const proxy = await resolveProxyMode(modeFlag);
      const mode = proxy.mode;
      const portalNet = portalNetFor(mode, flags.portalNet);
      const servicesNote = mode === "userspace" && isLoopbackNet(portalNet)
        ? USERSPACE_LOOPBACK_NOTE
        : proxy.note;
      const say = (s: string) => console.log(s);
      say("k8sm up: starting Kubernetes on Mesos on this machine");
      const progress = (p: UpProgress) =>
        say(
          `  ${p.warning ? "!" : p.message.startsWith("stopping failed") ? "✗" : "✓"} ${
            p.component.padEnd(11)
          } ${p.message}`,
        );
      let cluster;
      try {
        cluster = await startAllInOne({
          port,
          address: flags.address,
          portalNet,
          insecure: flags.insecure,
          tlsSans: flags.tlsSan,
          dataDir: flags.dataDir,
          encryptionProviderConfig: flags.encryptionProviderConfig,
          agents,
          agentResources: flags.agentResources,
          mesosPort,
          containerRuntime: runtime,
          dockerEndpoint: flags.dockerEndpoint,
          podInfraImage: flags.podInfraImage,
          proxyMode: mode,
          verbosity: getVerbosity(),
        }, progress);
      } catch (e) {
        console.error(`k8sm up: ${e instanceof Error ? e.message : String(e)}`);
        Deno.exit(1);
      }
      say("");
      say(`Ready. API: ${cluster.apiUrl}`);
      say(
        `kubeconfig: ${cluster.kubeconfig} (context k8sm${
          flags.insecure ? "" : ", admin client certificate; keep it private"
        })`,
      );
      say(`Dashboard: ${cluster.dashboardUrl}`);
      if (cluster.loginLink) {
        say(
          `  sign in (as cluster-admin; works once, until ${cluster.loginLink.expires}; ` +
            `\`k8sm dashboard\` prints a new one): ${cluster.loginLink.url}`,
        );
      }
      say(`Services (${mode} proxy mode, service network ${portalNet}): ${servicesNote}.`);
      if (flags.insecure) {
        say("WARNING: --insecure: the API has no authentication; only this machine can reach it.");
      }
      say("");
      say("Next:");
      const hints = nextHints({
        apiUrl: cluster.apiUrl,
        kubeconfig: cluster.kubeconfig,
        runtime: cluster.runtime.runtime,
      });
      for (const line of hints) say(`  ${line}`);
      say("");
      say("Press Ctrl-C to stop everything.");
      const sig = await shutdownSignal();
      // The rest of this burst (`deno task`, npx and supervisors forward the terminal's Ctrl-C,
      // which also reached us) is the same request; only a later signal forces.
      const firstAt = performance.now();
      say(
        `k8sm up: ${
          sig === "SIGTERM" ? "SIGTERM" : "Ctrl-C"
        }; stopping proxy, controllers, scheduler, executors and pods, Mesos, apiserver… ` +
          "(Ctrl-C again to force)",
      );
      const processRoot = `${cluster.dataDir}/process`;
      const frameworkId = cluster.scheduler.scheduler?.frameworkId;
      const again = new AbortController();
      forcingSignal(firstAt, again.signal).then(async (why) => {
        if (why === "abort") return;
        console.error("k8sm up: second signal; killing executors and pods, then exiting");
        const killed = await forceStop({
          mesos: cluster.mesos,
          runtime: cluster.runtime,
          processRoot,
          frameworkId,
        });
        const left = killed.executors + killed.pods === 0
          ? "nothing was left running (the graceful stop had already ended every executor and pod)"
          : `killed ${killed.executors} executor(s) and ${killed.pods} pod process group(s)/` +
            "container(s) the graceful stop had not ended yet";
        console.error(`k8sm up: ${left}; data kept in ${cluster.dataDir}`);
        Deno.exit(130);
      });
      await cluster.close();
      again.abort();
      // A pod process whose executor was killed while stopping must not outlive `up`.
      if (cluster.runtime.runtime === "process") await killProcessPods(processRoot);
      say(`k8sm up: stopped. Data kept in ${cluster.dataDir}; run k8sm up again to resume.`);
    });
}

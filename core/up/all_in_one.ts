/**
 * `startAllInOne`: everything `k8sm up` runs in one process — the apiserver over sqlite in the
 * data dir, mesos-local (master and agents, which start `k8sm executor`s), the scheduler (its
 * framework id kept in the same store, so a restart resumes as the same framework), the
 * controller-manager and the proxy — reporting progress per component. `close()` stops them in
 * reverse order, shuts executors down gracefully so their pods' containers and processes stop,
 * and removes any container left behind.
 */
import { type RunningApiServer, startApiServer } from "../apiserver/serve_api.ts";
import {
  type RunningControllerManager,
  startControllerManager,
} from "../controllers/controller_manager.ts";
import { type LocalCluster, startLocalCluster } from "../mesos/local/local_cluster.ts";
import { portalChainFor } from "../proxy/proxy_mode.ts";
import { Proxier } from "../proxy/proxier.ts";
import { type RunningScheduler, startScheduler } from "../scheduler/start_scheduler.ts";
import { resolveDataDir } from "../storage/open_store.ts";
import { waitFor } from "../util/wait.ts";
import { writeKubeconfig } from "./kubeconfig_file.ts";
import { apiPortFor, rememberApiPort } from "./api_port.ts";
import { type ComponentIdentity, prepareUpSecurity } from "./up_security.ts";
import { DASHBOARD_PATH } from "../dashboard/dashboard_route.ts";
import { dashboardLoginLink, type LoginLink } from "../dashboard/login_link.ts";
import { mesosShareRoute } from "../dashboard/mesos_share.ts";
import { masterState } from "../mesos/local/state_endpoint.ts";
import type { RestConfig } from "../client/rest_client.ts";
import { chooseRuntime, removeFrameworkContainers, type RuntimeChoice } from "./runtime_choice.ts";
import { watchWarningEvents } from "./warning_events.ts";

/** Settings of `k8sm up`. */
export interface UpOptions {
  /** API port (default 6443, or 8080 with `insecure`; 0 = any free port). */
  port?: number;
  /** API address (default 127.0.0.1). */
  address?: string;
  /**
   * Serve plain HTTP without authentication (and run Mesos open), as the seed did. Only on a
   * loopback address: anything else is refused, since anyone reaching it could run commands.
   */
  insecure?: boolean;
  /** Service ClusterIP range (`--portal-net`, default 10.10.10.0/24). */
  portalNet?: string;
  /** Extra names and addresses for the serving certificate (`--tls-san`). */
  tlsSans?: string[];
  /** sqlite store, kubeconfig and mesos sandboxes (default ~/.k8sm). */
  dataDir?: string;
  /** kube-apiserver's EncryptionConfiguration file: encrypt those resources at rest. */
  encryptionProviderConfig?: string;
  /** Local Mesos agents (default 1, sized from the host). */
  agents?: number;
  /** Agent resources in Mesos text (default: from the host). */
  agentResources?: string;
  /** Mesos master port (default 0: a free port). */
  mesosPort?: number;
  containerRuntime?: "auto" | "docker" | "process";
  dockerEndpoint?: string;
  podInfraImage?: string;
  proxyMode?: "userspace" | "iptables";
  /** Address the service listeners bind (default 0.0.0.0). */
  proxyBindAddress?: string;
  /** The k8sm CLI agents run as executor (default: this one). */
  executorPath?: string;
  /** Executor log verbosity. */
  verbosity?: number;
}

/** One progress line: which component, and what happened. */
export interface UpProgress {
  component:
    | "data"
    | "runtime"
    | "apiserver"
    | "mesos"
    | "scheduler"
    | "controllers"
    | "proxy"
    | "events";
  message: string;
  /** A Warning event about a pod or node (image pull, container start, scheduling…). */
  warning?: boolean;
  /** True for the lines printed while stopping. */
  stopping?: boolean;
}

/** A running all-in-one cluster. */
export interface RunningAllInOne {
  apiUrl: string;
  dataDir: string;
  kubeconfig: string;
  /** The dashboard's address (`<api>/ui/`). */
  dashboardUrl: string;
  /** A single-use sign-in link for the dashboard (none without authentication: --insecure). */
  loginLink?: LoginLink;
  mesosUrl: string;
  runtime: RuntimeChoice;
  api: RunningApiServer;
  mesos: LocalCluster;
  scheduler: RunningScheduler;
  controllers: RunningControllerManager;
  proxier: Proxier;
  /** Stops everything; leaves no process or container behind. */
  close(): Promise<void>;
}

/** Starts every component; on failure stops what was started and rethrows. */
export async function startAllInOne(
  opts: UpOptions,
  progress: (p: UpProgress) => void = () => {},
): Promise<RunningAllInOne> {
  // Refused before anything is created or started.
  if (opts.insecure && !isLoopback(opts.address ?? "127.0.0.1")) {
    throw new Error(
      `--insecure serves the API without authentication, which is only allowed on a loopback ` +
        `address, not --address ${opts.address}: anyone reaching it could run commands as root ` +
        "on this machine. Drop --insecure (the default is HTTPS with client certificates), or " +
        "use --address 127.0.0.1.",
    );
  }
  const dataDir = resolveDataDir(opts.dataDir);
  await Deno.mkdir(dataDir, { recursive: true });
  // The store, kubeconfig and keys inside are for this user only.
  if (!opts.insecure) await Deno.chmod(dataDir, 0o700);
  progress({ component: "data", message: `data in ${dataDir}` });
  const stack: { component: UpProgress["component"]; stop: () => Promise<void> }[] = [];
  const unwind = async () => {
    for (const { component, stop } of stack.reverse()) {
      const t0 = Date.now();
      try {
        // A component that hangs while stopping must not keep the rest (executors, pods) alive.
        const limitMs = component === "mesos" ? 60_000 : 10_000;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`did not stop within ${limitMs / 1000} s; going on`)),
            limitMs,
          );
        });
        await Promise.race([stop(), late]).finally(() => clearTimeout(timer));
        progress({ component, message: `stopped (${Date.now() - t0} ms)`, stopping: true });
      } catch (e) {
        progress({
          component,
          message: `stopping failed: ${(e as Error).message}`,
          stopping: true,
        });
      }
    }
  };
  try {
    const address = opts.address ?? "127.0.0.1";
    const security = opts.insecure
      ? undefined
      : await prepareUpSecurity(dataDir, [address, ...opts.tlsSans ?? []]);
    if (security) {
      progress({
        component: "data",
        message: `certificates in ${security.pki.tlsDir} (CA, serving, admin and components)`,
      });
    }
    const runtime = await chooseRuntime(opts.containerRuntime, opts.dockerEndpoint);
    progress({ component: "runtime", message: runtime.message });
    const requestedPort = opts.port ?? (security ? 6443 : 8080);
    // The dashboard's view of how Mesos agents are shared (set once Mesos and the scheduler run).
    const mesosNow: { read?: () => { state: unknown; frameworkId?: string } } = {};
    const api = await startApiServer({
      routes: [mesosShareRoute(() => mesosNow.read?.())],
      address,
      port: await apiPortFor(dataDir, address, requestedPort),
      storage: "sqlite",
      dataDir,
      encryptionProviderConfig: opts.encryptionProviderConfig,
      portalNet: opts.portalNet,
      tls: security?.tls,
      security: security?.api,
      // Bound pods get Terminating: the scheduler KILLs their task with the grace period and
      // the executor (or the scheduler, on the task's end) removes them once stopped.
      gracefulPodDeletion: true,
    });
    stack.push({ component: "apiserver", stop: () => api.close() });
    await rememberApiPort(dataDir, requestedPort, Number(new URL(api.url).port));
    progress({
      component: "apiserver",
      message: `serving ${api.url} (sqlite in ${dataDir}; ${
        security ? "HTTPS, client certificates and tokens, RBAC" : "plain HTTP, NO authentication"
      })`,
    });
    // Components in this process reach the apiserver in-process, each with its own
    // certificate (no TLS or HTTP in between); executors and kubectl use api.url.
    const apiAs = (id: ComponentIdentity | undefined): RestConfig => ({
      server: api.url,
      ...id,
      transport: api.inProcess(id),
    });
    const mesos = await startLocalCluster({
      port: opts.mesosPort ?? 0,
      agents: opts.agents ?? 1,
      resources: opts.agentResources,
      allocationIntervalMs: 250,
      authentication: security?.mesos.authentication,
      // Agents checkpoint here: after a crash of `up`, the next `up` on this data dir takes its
      // executors and their pods back instead of starting a second copy of every pod.
      workDir: `${dataDir}/mesos`,
      // One machine: executors wait 20 s (not Mesos' 15 min) for a restarted agent, then kill
      // their pods and exit; a recovered agent waits 10 s for its executors to re-subscribe.
      recoveryTimeoutMs: 20_000,
      executorReregistrationTimeoutMs: 10_000,
    });
    let frameworkId: string | undefined;
    stack.push({ component: "mesos", stop: () => stopMesos(mesos, runtime, frameworkId) });
    progress({
      component: "mesos",
      message: `master ${mesos.masterUrl}, ${mesos.agents.length} agent(s): ${
        mesos.agents.map((a) => a.opts.hostname).join(", ")
      }`,
    });
    const scheduler = await startScheduler({
      apiServer: api.url,
      api: { ...security?.scheduler, transport: api.inProcess(security?.scheduler) },
      credentials: security
        ? { principal: security.mesos.principal, secret: security.mesos.secret }
        : undefined,
      master: mesos.masterUrl,
      store: api.store,
      offerTtlMs: 2000,
      refuseSeconds: 1,
      reconcileSettleMs: 500,
      executor: {
        executorPath: opts.executorPath,
        containerRuntime: runtime.runtime,
        dockerEndpoint: runtime.dockerEndpoint,
        podInfraImage: opts.podInfraImage,
        verbosity: opts.verbosity,
        // Process-runtime pod directories live in this cluster's data dir, not a shared /tmp.
        extraArgs: runtime.runtime === "process" ? [`--root-dir=${dataDir}/process`] : undefined,
      },
    });
    stack.push({
      component: "scheduler",
      stop: async () => {
        frameworkId = scheduler.scheduler?.frameworkId;
        await scheduler.close();
      },
    });
    await scheduler.leading;
    mesosNow.read = () => ({
      state: masterState(mesos.master),
      frameworkId: scheduler.scheduler?.frameworkId,
    });
    frameworkId = await waitFor(() => scheduler.scheduler?.frameworkId, {
      timeoutMs: 30_000,
      what: "the scheduler to register with mesos-local",
    });
    progress({ component: "scheduler", message: `registered as framework ${frameworkId}` });
    const controllers = startControllerManager({ api: apiAs(security?.controllers) });
    stack.push({ component: "controllers", stop: () => controllers.close() });
    await controllers.leading;
    progress({
      component: "controllers",
      message:
        "replication (rc, ReplicaSet), Deployment, DaemonSet, StatefulSet, Job, CronJob, disruption, endpoints and garbage-collection",
    });
    const proxier = new Proxier({
      api: apiAs(security?.proxy),
      mode: opts.proxyMode,
      iptablesChain: opts.proxyMode === "iptables" ? await portalChainFor(dataDir) : undefined,
      bindAddress: opts.proxyBindAddress,
      onListen: (p) =>
        progress({
          component: "proxy",
          message: `service ${p.service}${p.portName ? `:${p.portName}` : ""} on port ${p.port}`,
        }),
    });
    stack.push({ component: "proxy", stop: () => proxier.stop() });
    await proxier.start();
    progress({ component: "proxy", message: `${opts.proxyMode ?? "userspace"} mode` });
    // The operator's own console: it reads events as the admin the kubeconfig holds.
    const admin: ComponentIdentity | undefined = security
      ? {
        caCerts: [security.pki.ca.certPem],
        certChain: security.admin.certPem,
        privateKey: security.admin.keyPem,
      }
      : undefined;
    const warnings = watchWarningEvents(apiAs(admin), (w) =>
      progress({
        component: "events",
        warning: true,
        message: `${w.object}: ${w.reason}: ${w.message}`,
      }));
    stack.push({ component: "events", stop: () => warnings.stop() });
    const kubeconfig = await writeKubeconfig(
      dataDir,
      api.url,
      security
        ? {
          caPem: security.pki.ca.certPem,
          certPem: security.admin.certPem,
          keyPem: security.admin.keyPem,
        }
        : undefined,
    );
    const loginLink = admin
      ? await dashboardLoginLink(apiAs(admin), () => api.handler.dashboardLogins.mint())
      : undefined;
    let closing: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      dataDir,
      kubeconfig,
      dashboardUrl: `${api.url}${DASHBOARD_PATH}`,
      loginLink,
      mesosUrl: mesos.masterUrl,
      runtime,
      api,
      mesos,
      scheduler,
      controllers,
      proxier,
      close: () => closing ??= unwind(),
    };
  } catch (e) {
    await unwind();
    throw e;
  }
}

/**
 * Asks every executor to shut down (they stop their pods within the grace period), waits for
 * them, closes mesos-local (which kills any straggler) and removes leftover containers.
 */
async function stopMesos(
  mesos: LocalCluster,
  runtime: RuntimeChoice,
  frameworkId: string | undefined,
): Promise<void> {
  for (const agent of mesos.agents) {
    for (const run of [...agent.runs.values()]) {
      agent.shutdownExecutor(run.frameworkId, run.info.executor_id.value);
    }
  }
  await waitFor(() => mesos.agents.every((a) => a.runs.size === 0), {
    timeoutMs: 15_000,
    what: "executors to stop their pods",
  }).catch(() => {});
  await mesos.close();
  if (runtime.runtime === "docker" && frameworkId) {
    await removeFrameworkContainers(frameworkId, runtime.dockerEndpoint).catch(() => 0);
  }
}

/** True for 127.0.0.0/8, ::1 and "localhost". */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, "").toLowerCase();
  return a === "localhost" || a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * Wires a `k8sm executor` together: the container runtime (docker or process), the Mesos
 * executor client, the pod status reporter, the kubelet-style log server, the Node port
 * publisher and the driver. `commands/executor.ts` parses flags into ExecutorMainOptions.
 */
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { ExecutorClient } from "../mesos/executor_client.ts";
import { readExecutorEnv } from "../mesos/executor_env.ts";
import { logger } from "../util/log.ts";
import { ExecutorDriver } from "./executor_driver.ts";
import { type LogServer, startLogServer } from "./log_server.ts";
import { KubeletGuard } from "./kubelet_guard.ts";
import { createKubeletServingCert } from "./kubelet_serving_cert.ts";
import { apiTokenReviewer } from "./token_reviewer.ts";
import { nodeSystemInfo } from "./node_info.ts";
import { PodSpecWatch } from "./pod_spec_watch.ts";
import { NodePublisher } from "./node_publisher.ts";
import { NodeLease } from "./node_lease.ts";
import { LABELS, type Runtime } from "./runtime.ts";
import { PROCESS_RUNTIME_WARNING } from "./runtimes/process_runtime.ts";
import { createRuntime } from "./runtimes/runtime_factory.ts";
import { serviceEnv } from "./service_env.ts";
import { restObjectSource } from "./volumes/pod_object_source.ts";
import { removePodVolumes } from "./volumes/pod_volumes.ts";
import { StatusReporter } from "./status_reporter.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import type { Service } from "../api/types/service.ts";

const log = logger("executor");

/**
 * Labels that scope a runtime to one framework on one agent. The agent is named by its endpoint
 * (`ip:port`), which survives an agent re-registering under a new id, so a later executor there
 * still finds (and removes) what an earlier one left.
 */
export const SCOPE_LABELS = {
  frameworkId: "k8s.mesosphere.io/frameworkId",
  agentEndpoint: "k8s.mesosphere.io/agentEndpoint",
} as const;

/** What `k8sm executor` runs with. */
export interface ExecutorMainOptions {
  /** The apiserver URL pod status goes to (none: status only to Mesos). */
  apiServer?: string;
  /** How to reach and authenticate to the apiserver; wins over `apiServer` when set. */
  api?: RestConfig;
  containerRuntime: "docker" | "process";
  dockerEndpoint?: string;
  podInfraImage?: string;
  podInfraCommand?: string[];
  /** Log server port (0 = any free port). */
  kubeletPort: number;
  /** Log server address (default: the agent's IP). */
  kubeletAddress?: string;
  /** Reported as hostIP (default: the agent's IP). */
  hostIP?: string;
  suicideTimeoutMs: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  syncIntervalMs?: number;
  /** Directory of the process runtime's pod sandboxes. */
  rootDir: string;
  /** Extra labels on every container (and required of adopted ones). */
  containerLabels?: Record<string, string>;
}

/** Service variables per namespace from the apiserver, cached for a few seconds. */
/**
 * The apiserver URL to switch to when the scheduler names another one than `current`, else
 * undefined. Never from https to plain http: the node token would go out in clear.
 */
function movedApiServer(current: string, named: string | undefined): string | undefined {
  if (!named || named === current) return undefined;
  if (current.startsWith("https:") && !named.startsWith("https:")) {
    log.warn(`the scheduler names apiserver ${named}, not https like ${current}; not switching`);
    return undefined;
  }
  log.info(`the apiserver moved from ${current} to ${named}; switching to it`);
  return named;
}

function serviceEnvSource(client: RestClient): (ns: string) => Promise<Record<string, string>> {
  const cache = new Map<string, { at: number; env: Record<string, string> }>();
  return async (ns) => {
    const hit = cache.get(ns);
    if (hit && Date.now() - hit.at < 5000) return hit.env;
    try {
      const list = await client.list<Service>({ resource: "services", namespace: ns });
      const env = serviceEnv(list.items ?? []);
      cache.set(ns, { at: Date.now(), env });
      return env;
    } catch (e) {
      log.warn(
        `cannot list services of ${ns} for container env: ${e instanceof Error ? e.message : e}`,
      );
      return hit?.env ?? {};
    }
  };
}

/** A started executor. */
export interface RunningExecutor {
  /** The log server's port. */
  kubeletPort: number;
  /** Resolves with the exit code once the executor finished. */
  done: Promise<number>;
  /** Asks the executor to stop (SIGTERM): kills pods within their grace and exits. */
  stop(): Promise<void>;
  /**
   * A forced stop (a second signal): removes this executor's pods at once, without grace, so
   * none outlives it. Resolves with how many pods it removed; the caller exits next.
   */
  kill(): Promise<number>;
}

/** Starts the executor; throws a sentence when it cannot (no MESOS_* env, port in use…). */
export async function startExecutor(opts: ExecutorMainOptions): Promise<RunningExecutor> {
  const env = readExecutorEnv();
  const agentHost = env.agentEndpoint.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const hostIP = opts.hostIP ?? agentHost;
  const extraLabels: Record<string, string> = {
    ...opts.containerLabels,
    [SCOPE_LABELS.frameworkId]: env.frameworkId,
    [SCOPE_LABELS.agentEndpoint]: env.agentEndpoint,
  };
  if (opts.containerRuntime === "process") {
    log.warn(PROCESS_RUNTIME_WARNING);
    await Deno.mkdir(opts.rootDir, { recursive: true });
  }
  const runtime: Runtime = createRuntime({
    containerRuntime: opts.containerRuntime,
    dockerEndpoint: opts.dockerEndpoint,
    podInfraImage: opts.podInfraImage,
    podInfraCommand: opts.podInfraCommand,
    processRoot: opts.rootDir,
    hostIP,
    extraLabels,
  });
  const api = opts.api ?? (opts.apiServer ? { server: opts.apiServer } : undefined);
  const client = api ? new RestClient({ userAgent: "k8sm-executor", ...api }) : undefined;
  if (!client) log.warn("no --api-servers: pod status goes to Mesos only");
  const reporter = new StatusReporter(client);
  const events = client ? new EventRecorder(client, "kubelet") : undefined;
  const connection = new ExecutorClient({ env });
  let publisher: NodePublisher | undefined;
  let awaitingCredentials = client !== undefined && client.config.server.startsWith("https:") &&
    !client.config.token && !client.config.tokenFile && !client.config.certChain;
  const startPublishing = () => {
    if (!client || !nodeName || publisher) return;
    lease = new NodeLease({ client, nodeName });
    publisher = new NodePublisher({
      client,
      nodeName,
      port: server.port,
      servingCaPem: tls.caPem,
      nodeInfo: () => nodeSystemInfo(runtime),
    });
    reporter.holdUntil(publisher.firstPublished, 5000);
    podWatch = new PodSpecWatch({ client, nodeName, onPod: (p) => holder.driver?.updatePod(p) });
  };
  let podWatch: PodSpecWatch | undefined;
  let lease: NodeLease | undefined;
  const holder: { driver?: ExecutorDriver } = {};
  let nodeName = "";
  const guard = new KubeletGuard(() => nodeName || agentHost);
  const kubeletAddress = opts.kubeletAddress ?? agentHost;
  const tls = createKubeletServingCert(agentHost, [kubeletAddress, agentHost, Deno.hostname()]);
  let server: LogServer;
  try {
    server = await startLogServer({
      runtime,
      address: kubeletAddress,
      port: opts.kubeletPort,
      pods: () => holder.driver?.pods() ?? [],
      metrics: () => holder.driver?.metrics() ?? "",
      tls: { cert: tls.cert, key: tls.key },
      guard,
    });
  } catch (e) {
    await connection.close();
    await runtime.close();
    throw e;
  }
  log.info(
    `executor ${env.executorId} (framework ${env.frameworkId}) with the ${runtime.name} ` +
      `runtime; kubelet endpoint https://${server.address}:${server.port}`,
  );
  const d = new ExecutorDriver({
    connection,
    runtime,
    reporter,
    executorId: env.executorId,
    suicideTimeoutMs: opts.suicideTimeoutMs,
    backoffInitialMs: opts.backoffInitialMs,
    backoffMaxMs: opts.backoffMaxMs,
    syncIntervalMs: opts.syncIntervalMs,
    serviceEnv: client ? serviceEnvSource(client) : undefined,
    volumes: {
      root: `${opts.rootDir}/volumes`,
      source: client
        ? restObjectSource(client, () => client.config.caCerts?.join("\n"))
        : undefined,
    },
    events,
    onSubscribed: (hostname) => {
      if (hostname) nodeName = hostname;
      // Against an HTTPS apiserver whose credentials come with the first task, talking to it
      // before then only fails (and warns): the Node is published once they are here.
      if (!awaitingCredentials) startPublishing();
    },
    onCredentials: (credentials) => {
      awaitingCredentials = false;
      queueMicrotask(startPublishing);
      if (!credentials) return guard.open();
      client?.updateCredentials({
        token: credentials.token,
        caCerts: credentials.apiCaPem ? [credentials.apiCaPem] : undefined,
        server: client && movedApiServer(client.config.server, credentials.apiServer),
      });
      const clientCa = credentials.kubeletClientCaPem ?? credentials.apiCaPem;
      if (clientCa && !guard.secured) {
        guard.secure(clientCa, client ? apiTokenReviewer(client) : undefined);
        log.info("kubelet endpoint secured: only the apiserver and reviewed tokens get in");
      }
    },
  });
  holder.driver = d;
  const done = (async () => {
    try {
      return await d.run();
    } finally {
      await publisher?.close();
      await podWatch?.stop();
      await lease?.close();
      await reporter.close();
      await events?.flush();
      await server.close();
      await runtime.close();
      client?.close();
    }
  })();
  return {
    kubeletPort: server.port,
    done,
    async stop() {
      await d.stopAndExit("the executor received a termination signal");
      await done;
    },
    async kill() {
      const found = await runtime.listPodContainers().catch(() => []);
      const uids = new Set(
        found.filter((c) => (c.labels[LABELS.executorId] ?? env.executorId) === env.executorId)
          .map((c) => c.podUid),
      );
      await Promise.all([...uids].map((uid) => runtime.removeSandbox(uid, 0).catch(() => {})));
      await Promise.all([...uids].map((uid) => removePodVolumes(`${opts.rootDir}/volumes`, uid)));
      return uids.size;
    },
  };
}

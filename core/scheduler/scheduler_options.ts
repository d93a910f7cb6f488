/** Settings of the k8sm Mesos scheduler (`k8sm scheduler` flags and `startScheduler` options). */
import type { RestConfig } from "../client/rest_client.ts";
import type { MesosCredentials } from "../mesos/master_url.ts";
import type { Store } from "../storage/store.ts";
import type { ExecutorConfig } from "./executor_info.ts";
import type { ExecutorShare } from "./fit.ts";
import type { PlacementStrategy } from "./placement.ts";
import type { ResourceDefaults } from "./pod_resources.ts";
import type { ExecutorMode } from "./task_group.ts";

/** Everything the scheduler runs with; optional fields have the defaults noted. */
export interface SchedulerOptions {
  /** Mesos master: host:port or URL (default 127.0.0.1:5050). */
  master?: string;
  /** Apiserver URL the scheduler (and its executors) talk to. */
  apiServer: string;
  /** Credentials and TLS for the apiserver (token, CA, client certificate); server = apiServer. */
  api?: Omit<RestConfig, "server"> & { server?: string };
  /**
   * PEM CA of the apiserver's kubelet client certificate, handed to executors (default: the
   * CA in `api.caCerts`). Executors get credentials only when `api` carries some.
   */
  kubeletClientCaPem?: string;
  /** Store for the framework id and the HA lease. */
  store: Store;
  /** Mesos wire format (default protobuf). */
  contentType?: "protobuf" | "json";
  /** FrameworkInfo.user (default the current user). */
  user?: string;
  /** FrameworkInfo.hostname and the status page host (default this host). */
  hostname?: string;
  /** Framework failover timeout in seconds (default one week). */
  failoverTimeoutSeconds?: number;
  /** Mesos role (default "*"). */
  role?: string;
  /** HTTP basic credentials for the master. */
  credentials?: MesosCredentials;
  /** FrameworkInfo.webui_url (the status page). */
  webuiUrl?: string;
  /** spread (default) or binpack. */
  placement?: PlacementStrategy;
  /** Hold an unused offer this long before declining it (default 5 s). */
  offerTtlMs?: number;
  /** refuse_seconds of a DECLINE (default 5). */
  refuseSeconds?: number;
  /** A Node whose Lease (kube-node-lease) was not renewed for this long is NotReady (40 s). */
  nodeLeaseGraceMs?: number;
  /** Implicit reconciliation period (default 5 min). */
  reconcileIntervalMs?: number;
  /** Wait after the first implicit reconciliation before launching (default 1 s). */
  reconcileSettleMs?: number;
  /** A task UNREACHABLE this long fails its pod (default 60 s). */
  unreachableGraceMs?: number;
  /** What a container without requests is charged (0.01 cpu, 16 MiB: DEFAULT_RESOURCES). */
  defaults?: ResourceDefaults;
  /** The executor's share (0.25 cpu, 128 MiB). */
  executorShare?: ExecutorShare;
  /**
   * `k8sm` (default): pods run on the k8sm executor (a kubelet); `default`: each pod runs as a
   * task group on Mesos' DEFAULT executor, without kubelet features (task_group.ts).
   */
  executorMode?: ExecutorMode;
  /** How executors are started (path, uri, runtime…); apiServers defaults to apiServer. */
  executor?: Partial<ExecutorConfig>;
  /** Pod backoff bounds (default 1 s and 60 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** SchedulerClient resubscription backoff (default 500 ms and 15 s). */
  mesosBackoffMs?: number;
}

/**
 * The container runtime seam of the executor: pod workers start, stop, inspect and read the
 * logs of a pod's containers through `Runtime`; `runtimes/docker_runtime.ts` (Docker Engine API)
 * and `runtimes/process_runtime.ts` (host processes) implement it and share one contract suite.
 *
 * A pod is a sandbox (docker: the infra container holding the network namespace and the port
 * bindings; process: a per-pod directory) plus one runtime container per container *attempt*:
 * a restart creates a new container (attempt n+1) and the worker removes the old one.
 */

import type { RuntimeContainer, RuntimePod } from "./pod_shape.ts";

/** Labels (docker) / recorded labels (process) that tie a container to its pod and task. */
export const LABELS = {
  podUid: "io.kubernetes.pod.uid",
  podName: "io.kubernetes.pod.name",
  podNamespace: "io.kubernetes.pod.namespace",
  containerName: "io.kubernetes.container.name",
  attempt: "io.kubernetes.container.restartCount",
  taskId: "k8s.mesosphere.io/taskId",
  executorId: "k8s.mesosphere.io/executorId",
  /** "sandbox" for the infra container, "container" for app containers. */
  role: "k8s.mesosphere.io/role",
  /** Marks everything created by k8sm (cleanup filters on it). */
  managed: "k8s.mesosphere.io/managed",
} as const;

/** The infra container's name in `DiscoveredContainer.containerName`. */
export const SANDBOX_CONTAINER_NAME = "POD";

/** Image pull policies (core/v1 `imagePullPolicy`). */
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

/** Kubelet-style reasons a runtime failure is reported under (containerStatuses waiting reason). */
export type RuntimeErrorReason =
  | "ErrImagePull"
  | "ErrImageNeverPull"
  | "InvalidImageName"
  | "CreateContainerConfigError"
  | "CreateContainerError"
  | "RunContainerError"
  | "ContainerNotFound"
  | "RuntimeUnavailable";

/** A runtime failure with the reason the pod status should show and a sentence for humans. */
export class RuntimeError extends Error {
  constructor(readonly reason: RuntimeErrorReason, message: string) {
    super(message);
    this.name = "RuntimeError";
  }
}

/** What a pod worker passes when it creates a sandbox or a container. */
export interface StartContext {
  /** The Mesos task id running the pod (labelled on every container). */
  taskId?: string;
  /** The executor id (labelled; lets a new executor tell its own leftovers). */
  executorId?: string;
  /**
   * Host ports chosen for the pod's container ports: key `"<containerPort>"` or
   * `"<containerPort>/<PROTO>"`, value the host port. Declared `hostPort`s need no entry; the
   * scheduler's wildcard mapping comes through here.
   */
  hostPorts?: Record<string, number>;
  /** Which attempt of the container this is (0 first, restartCount after restarts). */
  attempt?: number;
  /** Extra environment (e.g. service env vars), applied before the container's own env. */
  env?: Record<string, string>;
  /** Host paths to bind into the container (its volumeMounts, resolved by PodVolumes). */
  mounts?: HostMount[];
}

/** A host path bound into a container at `target`. */
export interface HostMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** The pod's sandbox: where its containers live and what IP they are reached at. */
export interface SandboxInfo {
  /** Runtime id of the sandbox (infra container id, or the sandbox directory). */
  id: string;
  podIP: string;
  hostIP?: string;
}

/** A handle on one started container attempt. */
export interface ContainerRef {
  /** Runtime-specific id (docker container id, or `<podUid>/<name>.<attempt>` for process). */
  id: string;
  podUid: string;
  containerName: string;
  attempt: number;
  /** Set by a runtime that started the container but could not honour all of its spec. */
  warning?: string;
}

/** Coarse container state, the same for every runtime. */
export type ContainerRunState = "created" | "running" | "exited" | "unknown";

/** What `inspectContainer` reports. */
export interface ContainerInspect {
  state: ContainerRunState;
  exitCode?: number;
  /** RFC 3339 timestamps. */
  startedAt?: string;
  finishedAt?: string;
  /** Kubelet-style reason: "Completed", "Error", "OOMKilled", "ContainerNotFound"… */
  reason?: string;
  message?: string;
  pid?: number;
  image?: string;
  imageId?: string;
}

/** A container (or sandbox) found by `listPodContainers`, for adoption after a restart. */
export interface DiscoveredContainer {
  ref: ContainerRef;
  podUid: string;
  podName: string;
  podNamespace: string;
  /** The container's name in the pod spec, or `SANDBOX_CONTAINER_NAME` for the sandbox. */
  containerName: string;
  taskId?: string;
  executorId?: string;
  sandbox: boolean;
  state: ContainerRunState;
  labels: Record<string, string>;
}

/** Narrows `listPodContainers`; all given fields must match. */
export interface ContainerFilter {
  podUid?: string;
  taskId?: string;
  /** Include sandboxes (default true). */
  includeSandboxes?: boolean;
}

/** Options of `logs`, as kubelet's `/containerLogs` takes them. */
export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  /** Prefix each line with its RFC 3339 (nano) timestamp and a space. */
  timestamps?: boolean;
  /** Only lines at or after this time. */
  since?: Date;
  /** Stops a following stream. */
  signal?: AbortSignal;
}

/** The result of running a command inside a container. */
export interface ExecResult {
  exitCode: number;
  /** stdout and stderr, interleaved as produced (truncated to a few KiB). */
  output: string;
  timedOut: boolean;
}

/** Options of `exec` (kubectl exec's `-i` and `-t`). */
export interface ExecStreamOptions {
  /** Give the command a stdin (else it reads EOF). */
  stdin: boolean;
  /** Ask for a terminal (runtimes without one run the command without it). */
  tty: boolean;
}

/** A command running inside a container for `kubectl exec`. */
export interface ExecProcess {
  /** The command's stdin (with `stdin`); closing it sends EOF. */
  stdin?: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  /** Absent when the runtime merges it into stdout (a terminal). */
  stderr?: ReadableStream<Uint8Array>;
  /** Resizes the terminal (no-op without one). */
  resize(size: { width: number; height: number }): Promise<void>;
  /** Resolves with the exit code once the command ended (128+n when killed by signal n). */
  exited: Promise<number>;
  /** Kills the command (the client went away). */
  kill(): void;
}

/** Registry credentials for a pull (from the pod's imagePullSecrets). */
export interface RegistryCredential {
  username?: string;
  password?: string;
  /** An identity token instead of a password. */
  identitytoken?: string;
  /** The registry host the credential is for. */
  serveraddress: string;
}

/** Progress lines while pulling ("Pulling fs layer", "Downloaded newer image…"). */
export type PullProgress = (line: string) => void;

/** Starts, stops, inspects and reads the logs of a pod's containers. */
export interface Runtime {
  /** "docker" or "process": the scheme of container ids in pod status (`docker://<id>`). */
  readonly name: string;
  /**
   * Makes sure the pod's sandbox exists and runs (creating it if needed) and returns it;
   * idempotent, so a restarted executor gets the existing sandbox back.
   */
  ensureSandbox(pod: RuntimePod, ctx: StartContext): Promise<SandboxInfo>;
  /**
   * Makes `image` present as `policy` says. Throws RuntimeError `ErrImagePull` when a pull
   * fails and `ErrImageNeverPull` when the policy is Never and the image is absent.
   */
  pullImage(
    image: string,
    policy: PullPolicy,
    onProgress?: PullProgress,
    auth?: RegistryCredential,
  ): Promise<void>;
  /**
   * Creates and starts one attempt (`ctx.attempt`) of `container` inside the pod's sandbox
   * (ensureSandbox first). A leftover container of the same pod, name and attempt is removed
   * first, so adopt what `listPodContainers` finds instead of starting it again.
   */
  startContainer(
    pod: RuntimePod,
    container: RuntimeContainer,
    ctx: StartContext,
  ): Promise<ContainerRef>;
  /** Reports the container's state; a vanished container is `unknown` with reason ContainerNotFound. */
  inspectContainer(ref: ContainerRef): Promise<ContainerInspect>;
  /**
   * Resolves when the container exits, for a runtime that learns exits without being asked
   * (the process runtime's tracker); undefined when only `inspectContainer` tells.
   */
  exitWatch?(ref: ContainerRef): Promise<void> | undefined;
  /** SIGTERM, then SIGKILL once `graceSeconds` passed; resolves when the container exited. */
  stopContainer(ref: ContainerRef, graceSeconds: number): Promise<void>;
  /** Removes a (stopped) container and its state; absent containers are fine. */
  removeContainer(ref: ContainerRef): Promise<void>;
  /** Stops (with grace) and removes every container of the pod, then the sandbox itself. */
  removeSandbox(podUid: string, graceSeconds: number): Promise<void>;
  /** Every k8sm container on this host (sandboxes included unless filtered out). */
  listPodContainers(filter?: ContainerFilter): Promise<DiscoveredContainer[]>;
  /** Runs `cmd` in the container (exec probes); a timeout kills it and sets `timedOut`. */
  execInContainer(ref: ContainerRef, cmd: string[], timeoutSeconds: number): Promise<ExecResult>;
  /**
   * Starts `cmd` inside the running container with streamed stdio (`kubectl exec`); throws
   * RuntimeError ContainerNotFound when the container is gone, RunContainerError when the
   * command cannot start.
   */
  exec(ref: ContainerRef, cmd: string[], opts: ExecStreamOptions): Promise<ExecProcess>;
  /**
   * Attaches to the running container's main process (`kubectl attach`): its output from now
   * on and, where the runtime can, its stdin; `exited` resolves (0) when the container ended.
   */
  attach(ref: ContainerRef, opts: ExecStreamOptions): Promise<ExecProcess>;
  /**
   * Opens a TCP connection to `port` of the pod `ref` belongs to (`kubectl port-forward`):
   * docker through the sandbox's published host port or the pod IP, process through the
   * host port the container port is served on.
   */
  dialPort(ref: ContainerRef, port: number): Promise<Deno.Conn>;
  /** The container's output (stdout and stderr) as a byte stream of lines. */
  logs(ref: ContainerRef, opts: LogOptions): Promise<ReadableStream<Uint8Array>>;
  /** Releases connections and timers (does not stop containers). */
  close(): Promise<void>;
}

/** The `containerID` string of pod status: `<runtime>://<id>`. */
export function containerIdOf(runtime: Runtime, ref: ContainerRef): string {
  return `${runtime.name}://${ref.id}`;
}

/** Normalizes `imagePullPolicy`, applying Kubernetes' default (Always for `:latest` or no tag). */
export function pullPolicyOf(container: RuntimeContainer): PullPolicy {
  const p = container.imagePullPolicy;
  if (p === "Always" || p === "IfNotPresent" || p === "Never") return p;
  const image = container.image ?? "";
  if (image.includes("@")) return "IfNotPresent";
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const tag = colon < 0 ? "" : image.slice(colon + 1);
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

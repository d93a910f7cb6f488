/** core/v1 Container and what it is made of: ports, env, resources, lifecycle hooks. */
import type { Int32, Int64, Quantity } from "./scalars.ts";
import type { IntOrString } from "../int_or_string.ts";
import type { ExecAction, HTTPGetAction, Probe, TCPSocketAction } from "./probe.ts";
import type { VolumeDevice, VolumeMount } from "./volume.ts";
import type { SecurityContext } from "./security_context.ts";
import type { ObjectFieldSelector, ResourceFieldSelector } from "./field_selectors.ts";

export type { ObjectFieldSelector, ResourceFieldSelector } from "./field_selectors.ts";

/** A port a container exposes. */
export interface ContainerPort {
  /** A name for the port (an IANA_SVC_NAME), unique in the pod; services may refer to it. */
  name?: string;
  /** A port of the host forwarded to the container port; most pods need none. */
  hostPort?: Int32;
  /** The port number the container listens on. */
  containerPort: Int32;
  /** The protocol: TCP (the default), UDP or SCTP. */
  protocol?: "TCP" | "UDP" | "SCTP";
  /** The host address to bind the host port to. */
  hostIP?: string;
}

/** One key of a ConfigMap. */
export interface ConfigMapKeySelector {
  /** The name of the ConfigMap, in the pod's namespace. */
  name?: string;
  /** The key whose value is used. */
  key: string;
  /** When true, a missing ConfigMap or key is not an error. */
  optional?: boolean;
}

/** One key of a Secret. */
export interface SecretKeySelector {
  /** The name of the Secret, in the pod's namespace. */
  name?: string;
  /** The key whose value is used. */
  key: string;
  /** When true, a missing Secret or key is not an error. */
  optional?: boolean;
}

/** Where an env var's value comes from when not given literally. */
export interface EnvVarSource {
  /** A field of the pod, such as metadata.name or status.podIP. */
  fieldRef?: ObjectFieldSelector;
  /** A resource limit or request of a container. */
  resourceFieldRef?: ResourceFieldSelector;
  /** A key of a ConfigMap. */
  configMapKeyRef?: ConfigMapKeySelector;
  /** A key of a Secret. */
  secretKeyRef?: SecretKeySelector;
}

/** An environment variable of a container. */
export interface EnvVar {
  /** The variable's name. */
  name: string;
  /** A literal value; `$(OTHER)` expands an earlier variable, `$$` is a literal dollar. */
  value?: string;
  /** Where the value comes from when it is not literal. */
  valueFrom?: EnvVarSource;
}

/** A ConfigMap whose keys become env vars. */
export interface ConfigMapEnvSource {
  /** The name of the ConfigMap, in the pod's namespace. */
  name?: string;
  /** When true, a missing ConfigMap is not an error. */
  optional?: boolean;
}

/** A Secret whose keys become env vars. */
export interface SecretEnvSource {
  /** The name of the Secret, in the pod's namespace. */
  name?: string;
  /** When true, a missing Secret is not an error. */
  optional?: boolean;
}

/** A ConfigMap or Secret whose every key becomes an env var (with an optional prefix). */
export interface EnvFromSource {
  /** A string put in front of every variable name taken from the source. */
  prefix?: string;
  /** The ConfigMap to read. */
  configMapRef?: ConfigMapEnvSource;
  /** The Secret to read. */
  secretRef?: SecretEnvSource;
}

/** Quantities by resource name (`cpu: "250m"`, `memory: "64Mi"`). */
export type ResourceList = Record<string, Quantity>;

/** A dynamic resource claim a container uses. */
export interface ResourceClaim {
  /** The name of an entry of the pod's resourceClaims. */
  name: string;
  /** The request inside that claim, when only one is meant. */
  request?: string;
}

/** A container's resource requests and limits. */
export interface ResourceRequirements {
  /** The most of each resource the container may use. */
  limits?: ResourceList;
  /** The amount of each resource the scheduler reserves for the container. */
  requests?: ResourceList;
  /**
   * Dynamic resource claims the container uses.
   * @listType map
   * @listMapKeys name
   */
  claims?: ResourceClaim[];
}

/** Whether changing a resource of a running container needs a restart. */
export interface ContainerResizePolicy {
  /** The resource (cpu or memory). */
  resourceName: string;
  /** NotRequired or RestartContainer. */
  restartPolicy: "NotRequired" | "RestartContainer";
}

/** A pause before the container is stopped. */
export interface SleepAction {
  /** How many seconds to sleep. */
  seconds: Int64;
}

/** What to run at a point of the container's life. */
export interface LifecycleHandler {
  /** A command run inside the container. */
  exec?: ExecAction;
  /** An HTTP GET request to the container. */
  httpGet?: HTTPGetAction;
  /** Deprecated TCP check, kept for compatibility; it does nothing as a hook. */
  tcpSocket?: TCPSocketAction;
  /** A pause of some seconds. */
  sleep?: SleepAction;
}

/** Hooks run right after a container starts and right before it is stopped. */
export interface Lifecycle {
  /** Runs just after the container is created; it failing restarts the container. */
  postStart?: LifecycleHandler;
  /** Runs before the container is stopped; the grace period covers it. */
  preStop?: LifecycleHandler;
  /** The signal that stops the container, overriding the image's. */
  stopSignal?: string;
}

/** One container of a pod. */
export interface Container {
  /** The container's name, unique in the pod (a DNS label). */
  name: string;
  /** The image to run. */
  image?: string;
  /** The entrypoint, replacing the image's; `$(VAR)` expands env vars. */
  command?: string[];
  /** Arguments to the entrypoint, replacing the image's; `$(VAR)` expands env vars. */
  args?: string[];
  /** The working directory, instead of the image's. */
  workingDir?: string;
  /**
   * Ports the container listens on (informational, and the source of host ports).
   * @mergeKey containerPort
   * @listMapKeys containerPort protocol
   */
  ports?: ContainerPort[];
  /** Sources whose keys all become env vars; later sources win, explicit env wins over all. */
  envFrom?: EnvFromSource[];
  /**
   * Environment variables to set.
   * @mergeKey name
   */
  env?: EnvVar[];
  /** Requests and limits of CPU, memory and other resources. */
  resources?: ResourceRequirements;
  /**
   * How each resource may be resized while running.
   * @listType atomic
   */
  resizePolicy?: ContainerResizePolicy[];
  /** For init containers only: Always makes it a sidecar that runs beside the others. */
  restartPolicy?: "Always";
  /**
   * Pod volumes mounted into the container's filesystem.
   * @mergeKey mountPath
   */
  volumeMounts?: VolumeMount[];
  /**
   * Block devices of the pod's volumes made available to the container.
   * @mergeKey devicePath
   */
  volumeDevices?: VolumeDevice[];
  /** A periodic check; failing it restarts the container. */
  livenessProbe?: Probe;
  /** A periodic check; failing it takes the pod out of service endpoints. */
  readinessProbe?: Probe;
  /** A check that must pass before the other probes start. */
  startupProbe?: Probe;
  /** Hooks run after start and before stop. */
  lifecycle?: Lifecycle;
  /** The file the container writes its last words to (/dev/termination-log by default). */
  terminationMessagePath?: string;
  /** File, or FallbackToLogsOnError to use the log tail when the file is empty. */
  terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
  /** When to pull the image: Always, IfNotPresent or Never. */
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  /** Privileges and user settings of the container. */
  securityContext?: SecurityContext;
  /** Keeps a stdin stream open for the container (kubectl attach -i). */
  stdin?: boolean;
  /** Closes stdin after the first client detaches. */
  stdinOnce?: boolean;
  /** Gives the container a terminal; needs stdin. */
  tty?: boolean;
}

/** A temporary container added to a running pod for debugging (kubectl debug). */
export interface EphemeralContainer extends Container {
  /** The container whose namespaces (process, IPC) this one joins. */
  targetContainerName?: string;
}

/** A port number or name (`targetPort`, probe ports). */
export type PortNumOrName = IntOrString;

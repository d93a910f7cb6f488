/** core/v1 Pod and its spec, status and template; containers are in container.ts. */
import type { KubeList, KubeObject, ObjectMeta } from "../object.ts";
import type { Int32, Int64, Time } from "./scalars.ts";
import type { Volume } from "./volume.ts";
import type { LocalObjectReference } from "./object_reference.ts";
import type { ContainerStatus } from "./container_status.ts";
import type {
  Container,
  EphemeralContainer,
  ResourceList,
  ResourceRequirements,
} from "./container.ts";
import type { PodSecurityContext } from "./security_context.ts";
import type { Affinity } from "./affinity.ts";
import type { LabelSelector } from "./label_selector.ts";

export type {
  ConfigMapEnvSource,
  ConfigMapKeySelector,
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  EnvVarSource,
  EphemeralContainer,
  Lifecycle,
  LifecycleHandler,
  ObjectFieldSelector,
  PortNumOrName,
  ResourceFieldSelector,
  ResourceList,
  ResourceRequirements,
  SecretEnvSource,
  SecretKeySelector,
} from "./container.ts";

/** A toleration of a node taint. */
export interface Toleration {
  /** The taint key tolerated; empty with Exists tolerates every taint. */
  key?: string;
  /** Equal (the value must match, the default) or Exists (any value). */
  operator?: "Exists" | "Equal";
  /** The taint value to match with Equal. */
  value?: string;
  /** The taint effect tolerated (NoSchedule, PreferNoSchedule, NoExecute); empty means all. */
  effect?: string;
  /** For NoExecute: how long the pod may stay after the taint appears; unset means forever. */
  tolerationSeconds?: Int64;
}

/** Extra /etc/hosts entries of the pod. */
export interface HostAlias {
  /** The address the names resolve to. */
  ip: string;
  /**
   * The host names for that address.
   * @listType atomic
   */
  hostnames?: string[];
}

/** One resolver option (resolv.conf `options`). */
export interface PodDNSConfigOption {
  /** The option's name (such as ndots). */
  name?: string;
  /** The option's value, if it takes one. */
  value?: string;
}

/** DNS settings merged into those the dnsPolicy gives. */
export interface PodDNSConfig {
  /**
   * Name server addresses.
   * @listType atomic
   */
  nameservers?: string[];
  /**
   * Search domains.
   * @listType atomic
   */
  searches?: string[];
  /**
   * Resolver options.
   * @listType atomic
   */
  options?: PodDNSConfigOption[];
}

/** A pod condition that must be True for the pod to be ready. */
export interface PodReadinessGate {
  /** The condition type. */
  conditionType: string;
}

/** How evenly pods are spread over topology domains. */
export interface TopologySpreadConstraint {
  /** The largest allowed difference in matching pods between two domains. */
  maxSkew: Int32;
  /** The node label that defines a domain. */
  topologyKey: string;
  /** DoNotSchedule (a hard rule) or ScheduleAnyway (a preference). */
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  /** Which pods are counted. */
  labelSelector?: LabelSelector;
  /** The fewest domains to assume exist when counting skew. */
  minDomains?: Int32;
  /** Honor or Ignore: whether the pod's node affinity limits the domains counted. */
  nodeAffinityPolicy?: "Honor" | "Ignore";
  /** Honor or Ignore: whether node taints limit the domains counted. */
  nodeTaintsPolicy?: "Honor" | "Ignore";
  /**
   * Labels of the incoming pod whose values narrow the selector.
   * @listType atomic
   */
  matchLabelKeys?: string[];
}

/** The operating system the pod needs. */
export interface PodOS {
  /** linux or windows. */
  name: string;
}

/** A gate that holds the pod back from scheduling until removed. */
export interface PodSchedulingGate {
  /** The gate's name. */
  name: string;
}

/** A dynamic resource claim of the pod. */
export interface PodResourceClaim {
  /** The name containers use to refer to this claim. */
  name: string;
  /** An existing ResourceClaim in the pod's namespace. */
  resourceClaimName?: string;
  /** A template from which a claim is made for this pod. */
  resourceClaimTemplateName?: string;
}

/** The desired state of a pod. */
export interface PodSpec {
  /**
   * Volumes the containers may mount.
   * @mergeKey name
   */
  volumes?: Volume[];
  /**
   * Containers run one after another, each to success, before the app containers start.
   * @mergeKey name
   */
  initContainers?: Container[];
  /**
   * The pod's containers; at least one.
   * @mergeKey name
   */
  containers: Container[];
  /**
   * Debugging containers added to the running pod.
   * @mergeKey name
   */
  ephemeralContainers?: EphemeralContainer[];
  /** Always (the default), OnFailure or Never: when exited containers are restarted. */
  restartPolicy?: "Always" | "OnFailure" | "Never";
  /** Seconds between the stop signal and the kill when the pod is deleted (30 by default). */
  terminationGracePeriodSeconds?: Int64;
  /** Seconds the pod may be active before it is failed. */
  activeDeadlineSeconds?: Int64;
  /** ClusterFirst (the default), ClusterFirstWithHostNet, Default or None. */
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
  /**
   * Labels a node must have for the pod to run there.
   * @mapType atomic
   */
  nodeSelector?: Record<string, string>;
  /** The ServiceAccount the pod runs as. */
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName. */
  serviceAccount?: string;
  /** Whether the service account token is mounted into the containers. */
  automountServiceAccountToken?: boolean;
  /** The node the pod is bound to; set by the scheduler (or by hand to skip it). */
  nodeName?: string;
  /** Uses the node's network namespace. */
  hostNetwork?: boolean;
  /** Uses the node's process id namespace. */
  hostPID?: boolean;
  /** Uses the node's IPC namespace. */
  hostIPC?: boolean;
  /** Lets the pod's containers see each other's processes. */
  shareProcessNamespace?: boolean;
  /** Privileges and identity shared by all containers. */
  securityContext?: PodSecurityContext;
  /**
   * Secrets holding registry credentials for pulling the images.
   * @mergeKey name
   */
  imagePullSecrets?: LocalObjectReference[];
  /** The pod's host name; the pod's name by default. */
  hostname?: string;
  /** With hostname, gives the pod the DNS name hostname.subdomain.namespace.svc. */
  subdomain?: string;
  /** Node and pod affinity rules for scheduling. */
  affinity?: Affinity;
  /** The scheduler that places the pod (default-scheduler by default). */
  schedulerName?: string;
  /**
   * Taints the pod tolerates.
   * @listType atomic
   */
  tolerations?: Toleration[];
  /**
   * Extra /etc/hosts entries.
   * @mergeKey ip
   */
  hostAliases?: HostAlias[];
  /** The PriorityClass that gives the pod its priority. */
  priorityClassName?: string;
  /** The pod's priority, filled in from its PriorityClass. */
  priority?: Int32;
  /** Extra DNS settings. */
  dnsConfig?: PodDNSConfig;
  /**
   * Extra conditions that must be True for the pod to be ready.
   * @listType atomic
   */
  readinessGates?: PodReadinessGate[];
  /** The RuntimeClass to run the pod with. */
  runtimeClassName?: string;
  /** Whether env vars describing services are injected (true by default). */
  enableServiceLinks?: boolean;
  /** Never or PreemptLowerPriority: whether this pod may evict lower-priority pods. */
  preemptionPolicy?: "Never" | "PreemptLowerPriority";
  /** Resources the pod uses beyond its containers, filled in from its RuntimeClass. */
  overhead?: ResourceList;
  /**
   * How the pod's replicas spread over topology domains.
   * @mergeKey topologyKey
   * @listMapKeys topologyKey whenUnsatisfiable
   */
  topologySpreadConstraints?: TopologySpreadConstraint[];
  /** Makes the host name the fully qualified domain name. */
  setHostnameAsFQDN?: boolean;
  /** The operating system the pod needs. */
  os?: PodOS;
  /** When false, the pod gets its own user namespace. */
  hostUsers?: boolean;
  /**
   * Gates that hold the pod back from scheduling while present.
   * @mergeKey name
   */
  schedulingGates?: PodSchedulingGate[];
  /**
   * Dynamic resource claims the containers may use.
   * @mergeKey name
   */
  resourceClaims?: PodResourceClaim[];
  /** Resources for the pod as a whole, shared by its containers. */
  resources?: ResourceRequirements;
}

/** A condition of a pod (PodScheduled, Initialized, ContainersReady, Ready). */
export interface PodCondition {
  /** The condition's type. */
  type: string;
  /** The generation of the pod this condition was computed for. */
  observedGeneration?: Int64;
  /** True, False or Unknown. */
  status: "True" | "False" | "Unknown";
  /** When the condition was last checked. */
  lastProbeTime?: Time | null;
  /** When the status last changed. */
  lastTransitionTime?: Time | null;
  /** A one-word CamelCase reason for the last change. */
  reason?: string;
  /** A human-readable explanation of the last change. */
  message?: string;
}

/** The lifecycle phase of a pod. */
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** One address of a pod or its host. */
export interface PodIP {
  /** The IP address. */
  ip: string;
}

/** The observed state of a pod, written by the kubelet (executor) and scheduler. */
export interface PodStatus {
  /** The generation of the pod this status was computed for. */
  observedGeneration?: Int64;
  /** Where the pod is in its life: Pending, Running, Succeeded, Failed or Unknown. */
  phase?: PodPhase;
  /**
   * The pod's current conditions.
   * @mergeKey type
   */
  conditions?: PodCondition[];
  /** A human-readable note on why the pod is in this state. */
  message?: string;
  /** A one-word CamelCase reason for the pod's state (such as Evicted). */
  reason?: string;
  /** The node a preempting pod is expected to run on once room is made. */
  nominatedNodeName?: string;
  /** The primary address of the node the pod runs on. */
  hostIP?: string;
  /**
   * The addresses of the node the pod runs on.
   * @mergeKey ip
   */
  hostIPs?: PodIP[];
  /** The pod's primary address. */
  podIP?: string;
  /**
   * The pod's addresses (one per IP family).
   * @mergeKey ip
   */
  podIPs?: PodIP[];
  /** When the node accepted the pod, before its images were pulled. */
  startTime?: Time;
  /**
   * The state of each init container.
   * @listType atomic
   */
  initContainerStatuses?: ContainerStatus[];
  /**
   * The state of each container.
   * @listType atomic
   */
  containerStatuses?: ContainerStatus[];
  /**
   * The state of each ephemeral container.
   * @listType atomic
   */
  ephemeralContainerStatuses?: ContainerStatus[];
  /** Guaranteed, Burstable or BestEffort, from the containers' requests and limits. */
  qosClass?: "Guaranteed" | "Burstable" | "BestEffort";
  /** The state of a requested in-place resize. */
  resize?: string;
  /** The claims made for the pod's resourceClaims, by name. */
  resourceClaimStatuses?: Record<string, unknown>[];
}

/** core/v1 Pod: one or more containers run together on one node. */
export interface Pod extends KubeObject {
  /** What the pod should run and how. */
  spec?: PodSpec;
  /** What the pod is doing, written by the node that runs it. */
  status?: PodStatus;
}

/** The pod template of a controller. */
export interface PodTemplateSpec {
  /** Labels and annotations the pods made from the template get. */
  metadata?: ObjectMeta;
  /** The spec of the pods made from the template. */
  spec?: PodSpec;
}

/** core/v1 PodList. */
export type PodList = KubeList<Pod>;

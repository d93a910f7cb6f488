/** core/v1 Node. */
import type { KubeList, KubeObject } from "../object.ts";
import type { Int32, Int64, Time } from "./scalars.ts";
import type { ResourceList } from "./container.ts";

/** A taint keeping pods off a node unless they tolerate it. */
export interface Taint {
  /** The taint's key. */
  key: string;
  /** The taint's value. */
  value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute: what happens to pods that do not tolerate it. */
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  /** When a NoExecute taint was added. */
  timeAdded?: Time;
}

/** The desired state of a node. */
export interface NodeSpec {
  /** The pod address range of the node. */
  podCIDR?: string;
  /**
   * The pod address ranges of the node, one per IP family.
   * @listType set
   */
  podCIDRs?: string[];
  /** The node's id at its provider (k8sm: mesos://AGENT_ID). */
  providerID?: string;
  /** When true, no new pods are scheduled to the node (kubectl cordon). */
  unschedulable?: boolean;
  /**
   * Taints that repel pods not tolerating them.
   * @listType atomic
   */
  taints?: Taint[];
  /** Deprecated and unused. */
  configSource?: Record<string, unknown>;
  /** Deprecated and unused. */
  externalID?: string;
}

/** A condition of a node (Ready, MemoryPressure, …). */
export interface NodeCondition {
  /** The condition's type. */
  type: string;
  /** True, False or Unknown. */
  status: "True" | "False" | "Unknown";
  /** When the condition was last reported. */
  lastHeartbeatTime?: Time;
  /** When the status last changed. */
  lastTransitionTime?: Time;
  /** A one-word CamelCase reason for the last change. */
  reason?: string;
  /** A human-readable explanation of the last change. */
  message?: string;
}

/** An address of a node. */
export interface NodeAddress {
  /** Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS. */
  type: "Hostname" | "InternalIP" | "ExternalIP" | "InternalDNS" | "ExternalDNS";
  /** The address. */
  address: string;
}

/** Facts about a node's software. */
export interface NodeSystemInfo {
  /** The machine id (/etc/machine-id). */
  machineID: string;
  /** The system UUID reported by the firmware. */
  systemUUID: string;
  /** The id of the current boot. */
  bootID: string;
  /** The kernel release (uname -r). */
  kernelVersion: string;
  /** The operating system image (from /etc/os-release). */
  osImage: string;
  /** The container runtime and its version (such as docker://27.0). */
  containerRuntimeVersion: string;
  /** The kubelet's version (k8sm: the executor's). */
  kubeletVersion: string;
  /** Deprecated: the kube-proxy version. */
  kubeProxyVersion: string;
  /** The operating system (linux). */
  operatingSystem: string;
  /** The CPU architecture (amd64, arm64). */
  architecture: string;
  /** Swap available on the node. */
  swap?: Record<string, unknown>;
}

/** The port of a node daemon. */
export interface DaemonEndpoint {
  /** The port number. */
  Port: Int32;
}

/** The ports of the daemons on a node. */
export interface NodeDaemonEndpoints {
  /** Where the kubelet (k8sm: the executor) serves logs, exec and port-forward. */
  kubeletEndpoint?: DaemonEndpoint;
}

/** A container image present on a node. */
export interface ContainerImage {
  /**
   * The image's names and digests.
   * @listType atomic
   */
  names?: string[];
  /** The image's size in bytes. */
  sizeBytes?: Int64;
}

/** A volume attached to a node. */
export interface AttachedVolume {
  /** The volume's name. */
  name: string;
  /** Where the volume is attached on the node. */
  devicePath: string;
}

/** The observed state of a node. */
export interface NodeStatus {
  /** All the resources of the node. */
  capacity?: ResourceList;
  /** The resources pods may use (capacity minus what the system keeps). */
  allocatable?: ResourceList;
  /** Deprecated: the node's lifecycle phase. */
  phase?: string;
  /**
   * The node's current conditions (Ready and the pressure conditions).
   * @mergeKey type
   */
  conditions?: NodeCondition[];
  /**
   * How the node can be reached.
   * @mergeKey type
   */
  addresses?: NodeAddress[];
  /** The ports of the node's daemons. */
  daemonEndpoints?: NodeDaemonEndpoints;
  /** Facts about the node's software. */
  nodeInfo?: NodeSystemInfo;
  /**
   * Images present on the node.
   * @listType atomic
   */
  images?: ContainerImage[];
  /**
   * Volumes in use by the node's pods.
   * @listType atomic
   */
  volumesInUse?: string[];
  /**
   * Volumes attached to the node.
   * @listType atomic
   */
  volumesAttached?: AttachedVolume[];
  /** The status of the node's dynamic configuration. */
  config?: Record<string, unknown>;
  /**
   * The runtime handlers the node offers.
   * @listType atomic
   */
  runtimeHandlers?: Record<string, unknown>[];
  /** Features the node supports. */
  features?: Record<string, unknown>;
}

/** core/v1 Node (a Mesos agent). */
export interface Node extends KubeObject {
  /** How pods may use the node. */
  spec?: NodeSpec;
  /** The node's resources, conditions and addresses, reported by the node. */
  status?: NodeStatus;
}

/** core/v1 NodeList. */
export type NodeList = KubeList<Node>;

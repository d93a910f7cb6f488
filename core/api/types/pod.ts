/** core/v1 Pod and its spec, containers and status. */
import type { KubeList, KubeObject, ObjectMeta } from "../object.ts";
import type { IntOrString } from "../int_or_string.ts";
import type { Probe } from "./probe.ts";
import type { Volume, VolumeMount } from "./volume.ts";
import type { LocalObjectReference } from "./object_reference.ts";
import type { ContainerStatus } from "./container_status.ts";

/** A port a container exposes. */
export interface ContainerPort {
  name?: string;
  hostPort?: number;
  containerPort: number;
  protocol?: "TCP" | "UDP" | "SCTP";
  hostIP?: string;
}

/** Selects a field of the pod (`metadata.name`, `status.podIP`, …) for an env var. */
export interface ObjectFieldSelector {
  apiVersion?: string;
  fieldPath: string;
}

/** Selects a container resource (`limits.cpu`, …) for an env var. */
export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string;
}

/** Where an env var's value comes from when not given literally. */
export interface EnvVarSource {
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  configMapKeyRef?: { name?: string; key: string; optional?: boolean };
  secretKeyRef?: { name?: string; key: string; optional?: boolean };
}

/** An environment variable of a container. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

/** A ConfigMap or Secret whose every key becomes an env var (with an optional prefix). */
export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

/** Quantities by resource name (`cpu: "250m"`, `memory: "64Mi"`). */
export type ResourceList = Record<string, string>;

/** A container's resource requests and limits. */
export interface ResourceRequirements {
  limits?: ResourceList;
  requests?: ResourceList;
}

/** One container of a pod. */
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  terminationMessagePath?: string;
  terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  securityContext?: Record<string, unknown>;
  stdin?: boolean;
  tty?: boolean;
}

/** A toleration of a node taint. */
export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** The desired state of a pod. */
export interface PodSpec {
  volumes?: Volume[];
  initContainers?: Container[];
  containers: Container[];
  restartPolicy?: "Always" | "OnFailure" | "Never";
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  nodeName?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: Record<string, unknown>;
  imagePullSecrets?: LocalObjectReference[];
  hostname?: string;
  subdomain?: string;
  schedulerName?: string;
  tolerations?: Toleration[];
  priority?: number;
  enableServiceLinks?: boolean;
}

/** A condition of a pod (PodScheduled, Initialized, ContainersReady, Ready). */
export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  reason?: string;
  message?: string;
}

/** The lifecycle phase of a pod. */
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** The observed state of a pod, written by the kubelet (executor) and scheduler. */
export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  nominatedNodeName?: string;
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: "Guaranteed" | "Burstable" | "BestEffort";
}

/** core/v1 Pod. */
export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

/** The pod template of a controller. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/** core/v1 PodList. */
export type PodList = KubeList<Pod>;

/** A port number or name (`targetPort`, probe ports). */
export type PortNumOrName = IntOrString;

/** apps/v1 ReplicaSet and Deployment, the fields k8sm's controllers read and write. */
import type { KubeObject } from "../object.ts";
import type { LabelSelectorObject } from "../label_selector_object.ts";
import type { PodTemplateSpec } from "./pod.ts";
import type { ReplicationControllerStatus } from "./replication_controller.ts";
import type { Int32, Int64, Time } from "./scalars.ts";

/** A condition of a workload (Available, Progressing, ReplicaFailure, Complete, Failed…). */
export interface WorkloadCondition {
  /** The condition's type. */
  type: string;
  /** True, False or Unknown. */
  status: "True" | "False" | "Unknown";
  /** When the condition was last updated. */
  lastUpdateTime?: Time;
  /** When the condition was last checked (Jobs' conditions). */
  lastProbeTime?: Time;
  /** When the status last changed. */
  lastTransitionTime?: Time;
  /** A one-word CamelCase reason for the last change. */
  reason?: string;
  /** A human-readable explanation of the last change. */
  message?: string;
}

/** The desired state of a ReplicaSet. */
export interface ReplicaSetSpec {
  /** How many pods should run (1 by default). */
  replicas?: Int32;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: Int32;
  /** Which pods the ReplicaSet owns; must match the template's labels. */
  selector?: LabelSelectorObject;
  /** The pod made for each missing replica. */
  template?: PodTemplateSpec;
}

/** apps/v1 ReplicaSet: status as a replication controller's. */
export interface ReplicaSet extends KubeObject {
  /** How many pods, which ones, and from what template. */
  spec?: ReplicaSetSpec;
  /** What the ReplicaSet last saw. */
  status?: ReplicationControllerStatus;
}

/** An int-or-string of a rolling update ("25%" or 1). */
export type IntOrPercent = number | string;

/** How far a rolling update may go beyond or below the desired count. */
export interface RollingUpdateDeployment {
  /** How many pods (or what percentage) may exist above the desired count during a rollout. */
  maxSurge?: IntOrPercent;
  /** How many pods (or what percentage) may be unavailable during a rollout. */
  maxUnavailable?: IntOrPercent;
}

/** The rollout strategy of a Deployment. */
export interface DeploymentStrategy {
  /** RollingUpdate (the default) or Recreate (all old pods go before new ones start). */
  type?: "RollingUpdate" | "Recreate";
  /** The limits of a rolling update. */
  rollingUpdate?: RollingUpdateDeployment;
}

/** The desired state of a Deployment. */
export interface DeploymentSpec {
  /** How many pods should run (1 by default). */
  replicas?: Int32;
  /** Which pods the Deployment owns; must match the template's labels. */
  selector?: LabelSelectorObject;
  /** The pod template; changing it starts a rollout. */
  template?: PodTemplateSpec;
  /** How old pods are replaced by new ones. */
  strategy?: DeploymentStrategy;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: Int32;
  /** How many old ReplicaSets are kept for rollback (10 by default). */
  revisionHistoryLimit?: Int32;
  /** When true, template changes do not start a rollout. */
  paused?: boolean;
  /** Seconds a rollout may make no progress before it is reported as failed. */
  progressDeadlineSeconds?: Int32;
}

/** The observed state of a Deployment. */
export interface DeploymentStatus {
  /** The generation of the spec this status reflects. */
  observedGeneration?: Int64;
  /** How many pods the Deployment's ReplicaSets have. */
  replicas?: Int32;
  /** How many of them come from the current template. */
  updatedReplicas?: Int32;
  /** How many of them are ready. */
  readyReplicas?: Int32;
  /** How many have been ready for at least minReadySeconds. */
  availableReplicas?: Int32;
  /** How many more pods are needed for the Deployment to be fully available. */
  unavailableReplicas?: Int32;
  /** A counter that keeps new ReplicaSet names unique when hashes collide. */
  collisionCount?: Int32;
  /**
   * The Deployment's current conditions.
   * @mergeKey type
   */
  conditions?: WorkloadCondition[];
}

/** apps/v1 Deployment: declarative rollouts of a pod template through ReplicaSets. */
export interface Deployment extends KubeObject {
  /** The pods wanted and how to roll out changes. */
  spec?: DeploymentSpec;
  /** The rollout's progress. */
  status?: DeploymentStatus;
}

/** How far a DaemonSet's rolling update may go. */
export interface RollingUpdateDaemonSet {
  /** How many (or what percentage of) nodes may lack an available pod during an update. */
  maxUnavailable?: IntOrPercent;
  /** How many nodes may run an extra new pod during an update (k8sm: 0 only). */
  maxSurge?: IntOrPercent;
}

/** How a DaemonSet replaces its pods when the template changes. */
export interface DaemonSetUpdateStrategy {
  /** RollingUpdate (the default) or OnDelete (new pods only where old ones were deleted). */
  type?: "RollingUpdate" | "OnDelete";
  /** The limits of a rolling update. */
  rollingUpdate?: RollingUpdateDaemonSet;
}

/** The desired state of a DaemonSet. */
export interface DaemonSetSpec {
  /** Which pods the DaemonSet owns; must match the template's labels. */
  selector?: LabelSelectorObject;
  /** The pod run on every eligible node. */
  template?: PodTemplateSpec;
  /** How pods are replaced when the template changes. */
  updateStrategy?: DaemonSetUpdateStrategy;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: Int32;
  /** How many old revisions are kept (10 by default). */
  revisionHistoryLimit?: Int32;
}

/** The observed state of a DaemonSet. */
export interface DaemonSetStatus {
  /** Nodes running a pod that should. */
  currentNumberScheduled: Int32;
  /** Nodes running a pod that should not. */
  numberMisscheduled: Int32;
  /** Nodes that should run a pod. */
  desiredNumberScheduled: Int32;
  /** Nodes whose pod is ready. */
  numberReady: Int32;
  /** The generation of the spec this status reflects. */
  observedGeneration?: Int64;
  /** Nodes running a pod of the current template. */
  updatedNumberScheduled?: Int32;
  /** Nodes whose pod has been ready for at least minReadySeconds. */
  numberAvailable?: Int32;
  /** Nodes that should run an available pod and do not. */
  numberUnavailable?: Int32;
  /** A counter that keeps revision names unique when hashes collide. */
  collisionCount?: Int32;
  /**
   * The DaemonSet's current conditions.
   * @mergeKey type
   */
  conditions?: WorkloadCondition[];
}

/** apps/v1 DaemonSet: one pod on every eligible node. */
export interface DaemonSet extends KubeObject {
  /** The pod, which nodes, and how to update it. */
  spec?: DaemonSetSpec;
  /** How many nodes run it. */
  status?: DaemonSetStatus;
}

/** How far a StatefulSet's rolling update goes. */
export interface RollingUpdateStatefulSetStrategy {
  /** Pods with an ordinal below this keep the old template. */
  partition?: Int32;
  /** How many pods may be unavailable during the update (k8sm: 1). */
  maxUnavailable?: IntOrPercent;
}

/** How a StatefulSet replaces its pods when the template changes. */
export interface StatefulSetUpdateStrategy {
  /** RollingUpdate (the default; highest ordinal first) or OnDelete. */
  type?: "RollingUpdate" | "OnDelete";
  /** The partition of a rolling update. */
  rollingUpdate?: RollingUpdateStatefulSetStrategy;
}

/** The desired state of a StatefulSet. */
export interface StatefulSetSpec {
  /** How many pods should run (1 by default), named `<name>-0` … `<name>-(n-1)`. */
  replicas?: Int32;
  /** Which pods the StatefulSet owns; must match the template's labels. */
  selector?: LabelSelectorObject;
  /** The pod made for each ordinal. */
  template?: PodTemplateSpec;
  /** The headless Service giving the pods their DNS names (the pods' subdomain). */
  serviceName?: string;
  /** OrderedReady (one at a time, in order; the default) or Parallel. */
  podManagementPolicy?: "OrderedReady" | "Parallel";
  /** How pods are replaced when the template changes. */
  updateStrategy?: StatefulSetUpdateStrategy;
  /** How many old revisions are kept (10 by default). */
  revisionHistoryLimit?: Int32;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: Int32;
}

/** The observed state of a StatefulSet. */
export interface StatefulSetStatus {
  /** The generation of the spec this status reflects. */
  observedGeneration?: Int64;
  /** How many pods exist. */
  replicas: Int32;
  /** How many are ready. */
  readyReplicas?: Int32;
  /** How many run the current revision. */
  currentReplicas?: Int32;
  /** How many run the update revision. */
  updatedReplicas?: Int32;
  /** How many have been ready for at least minReadySeconds. */
  availableReplicas?: Int32;
  /** The revision the pods below the partition run. */
  currentRevision?: string;
  /** The revision of the current template. */
  updateRevision?: string;
  /** A counter that keeps revision names unique when hashes collide. */
  collisionCount?: Int32;
  /**
   * The StatefulSet's current conditions.
   * @mergeKey type
   */
  conditions?: WorkloadCondition[];
}

/** apps/v1 StatefulSet: pods with stable ordinal names and hostnames. */
export interface StatefulSet extends KubeObject {
  /** The pods wanted, their order and how to update them. */
  spec?: StatefulSetSpec;
  /** How many pods run which revision. */
  status?: StatefulSetStatus;
}

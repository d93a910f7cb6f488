/** apps/v1 ReplicaSet and Deployment, the fields k8sm's controllers read and write. */
import type { KubeObject } from "../object.ts";
import type { LabelSelectorObject } from "../label_selector_object.ts";
import type { PodTemplateSpec } from "./pod.ts";
import type { ReplicationControllerStatus } from "./replication_controller.ts";

/** A condition of a workload (Available, Progressing, ReplicaFailure, Complete, Failed…). */
export interface WorkloadCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The desired state of a ReplicaSet. */
export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelectorObject;
  template?: PodTemplateSpec;
}

/** apps/v1 ReplicaSet: status as a replication controller's. */
export interface ReplicaSet extends KubeObject {
  spec?: ReplicaSetSpec;
  status?: ReplicationControllerStatus;
}

/** An int-or-string of a rolling update ("25%" or 1). */
export type IntOrPercent = number | string;

/** The rollout strategy of a Deployment. */
export interface DeploymentStrategy {
  type?: "RollingUpdate" | "Recreate";
  rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent };
}

/** The desired state of a Deployment. */
export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelectorObject;
  template?: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

/** The observed state of a Deployment. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: WorkloadCondition[];
}

/** apps/v1 Deployment. */
export interface Deployment extends KubeObject {
  spec?: DeploymentSpec;
  status?: DeploymentStatus;
}

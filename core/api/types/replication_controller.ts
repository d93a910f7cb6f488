/** core/v1 ReplicationController. */
import type { KubeList, KubeObject } from "../object.ts";
import type { PodTemplateSpec } from "./pod.ts";

/** The desired state of a replication controller. */
export interface ReplicationControllerSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: Record<string, string>;
  template?: PodTemplateSpec;
}

/** A condition of a replication controller (ReplicaFailure). */
export interface ReplicationControllerCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The observed state of a replication controller. */
export interface ReplicationControllerStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicationControllerCondition[];
}

/** core/v1 ReplicationController. */
export interface ReplicationController extends KubeObject {
  spec?: ReplicationControllerSpec;
  status?: ReplicationControllerStatus;
}

/** core/v1 ReplicationControllerList. */
export type ReplicationControllerList = KubeList<ReplicationController>;

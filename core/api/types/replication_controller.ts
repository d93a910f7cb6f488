/** core/v1 ReplicationController. */
import type { KubeList, KubeObject } from "../object.ts";
import type { Int32, Int64, Time } from "./scalars.ts";
import type { PodTemplateSpec } from "./pod.ts";

/** The desired state of a replication controller. */
export interface ReplicationControllerSpec {
  /** How many pods should run (1 by default). */
  replicas?: Int32;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: Int32;
  /**
   * Labels that pick the pods this controller owns; the template's labels by default.
   * @mapType atomic
   */
  selector?: Record<string, string>;
  /** The pod made for each missing replica. */
  template?: PodTemplateSpec;
}

/** A condition of a replication controller (ReplicaFailure). */
export interface ReplicationControllerCondition {
  /** The condition's type. */
  type: string;
  /** True, False or Unknown. */
  status: "True" | "False" | "Unknown";
  /** When the status last changed. */
  lastTransitionTime?: Time;
  /** A one-word CamelCase reason for the last change. */
  reason?: string;
  /** A human-readable explanation of the last change. */
  message?: string;
}

/** The observed state of a replication controller. */
export interface ReplicationControllerStatus {
  /** How many pods the controller has. */
  replicas: Int32;
  /** How many of them carry all of the template's labels. */
  fullyLabeledReplicas?: Int32;
  /** How many of them are ready. */
  readyReplicas?: Int32;
  /** How many have been ready for at least minReadySeconds. */
  availableReplicas?: Int32;
  /** The generation of the spec this status reflects. */
  observedGeneration?: Int64;
  /**
   * The controller's current conditions.
   * @mergeKey type
   */
  conditions?: ReplicationControllerCondition[];
}

/** core/v1 ReplicationController: keeps a number of identical pods running. */
export interface ReplicationController extends KubeObject {
  /** How many pods, which ones, and from what template. */
  spec?: ReplicationControllerSpec;
  /** What the controller last saw. */
  status?: ReplicationControllerStatus;
}

/** core/v1 ReplicationControllerList. */
export type ReplicationControllerList = KubeList<ReplicationController>;

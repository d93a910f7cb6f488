/** policy/v1 PodDisruptionBudget and Eviction (the body of pods/NAME/eviction). */
import type { KubeObject } from "../object.ts";
import type { LabelSelectorObject } from "../label_selector_object.ts";
import type { IntOrPercent, WorkloadCondition } from "./apps.ts";
import type { DeleteOptions } from "./delete_options.ts";
import type { Int32, Int64, Time } from "./scalars.ts";

/** The desired state of a PodDisruptionBudget. */
export interface PodDisruptionBudgetSpec {
  /** How many (or what percentage of) selected pods must stay available. */
  minAvailable?: IntOrPercent;
  /** Which pods the budget covers. */
  selector?: LabelSelectorObject;
  /** How many (or what percentage of) selected pods may be unavailable. */
  maxUnavailable?: IntOrPercent;
  /** IfHealthyBudget (the default) or AlwaysAllow: whether unready pods may always be evicted. */
  unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
}

/** The observed state of a PodDisruptionBudget. */
export interface PodDisruptionBudgetStatus {
  /** The generation of the spec this status reflects. */
  observedGeneration?: Int64;
  /** Pods evicted but not yet gone, by name, with the time of their eviction. */
  disruptedPods?: Record<string, Time>;
  /** How many more pods may be evicted now. */
  disruptionsAllowed: Int32;
  /** Selected pods that are ready. */
  currentHealthy: Int32;
  /** How many ready pods the budget requires. */
  desiredHealthy: Int32;
  /** How many pods the budget covers. */
  expectedPods: Int32;
  /**
   * DisruptionAllowed and the like.
   * @mergeKey type
   */
  conditions?: WorkloadCondition[];
}

/** policy/v1 PodDisruptionBudget: how many of a set of pods voluntary evictions may take. */
export interface PodDisruptionBudget extends KubeObject {
  /** The pods covered and how many must stay available. */
  spec?: PodDisruptionBudgetSpec;
  /** How many evictions are allowed now. */
  status?: PodDisruptionBudgetStatus;
}

/** policy/v1 Eviction: a request to delete a pod within its disruption budget. */
export interface Eviction extends KubeObject {
  /** How the pod is deleted once the eviction is allowed. */
  deleteOptions?: DeleteOptions;
}

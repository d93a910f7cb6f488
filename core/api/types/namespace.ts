/** core/v1 Namespace. */
import type { KubeList, KubeObject } from "../object.ts";
import type { Time } from "./scalars.ts";

/** The phases of a namespace. */
export type NamespacePhase = "Active" | "Terminating";

/** What must be cleaned up before the namespace is removed. */
export interface NamespaceSpec {
  /**
   * Cleanup steps still pending; the namespace is removed once the list is empty.
   * @listType atomic
   */
  finalizers?: string[];
}

/** A condition of a namespace (such as NamespaceDeletionContentFailure). */
export interface NamespaceCondition {
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

/** The observed state of a namespace. */
export interface NamespaceStatus {
  /** Active, or Terminating while its objects are deleted. */
  phase?: NamespacePhase;
  /**
   * The namespace's current conditions.
   * @mergeKey type
   */
  conditions?: NamespaceCondition[];
}

/** core/v1 Namespace: a scope for names and for access rules. */
export interface Namespace extends KubeObject {
  /** What must happen before the namespace is removed. */
  spec?: NamespaceSpec;
  /** The namespace's phase and conditions. */
  status?: NamespaceStatus;
}

/** core/v1 NamespaceList. */
export type NamespaceList = KubeList<Namespace>;

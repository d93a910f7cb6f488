/** meta/v1 DeleteOptions: the optional body of a DELETE request. */
import type { Int64 } from "./scalars.ts";

/**
 * Conditions a delete must meet, checked against the stored object.
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface Preconditions {
  /** Delete only if the object still has this uid. */
  uid?: string;
  /** Delete only if the object is still at this resourceVersion. */
  resourceVersion?: string;
}

/**
 * How to delete an object: grace period, preconditions and what happens to dependents.
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface DeleteOptions {
  /** The versioned schema of this body (`v1`, `meta.k8s.io/v1`). */
  apiVersion?: string;
  /** Always DeleteOptions. */
  kind?: string;
  /** Seconds the object gets to shut down before it is removed; 0 means at once. */
  gracePeriodSeconds?: Int64;
  /** Conditions the stored object must meet for the delete to go ahead. */
  preconditions?: Preconditions;
  /** Deprecated: true orphans dependents, false deletes them; use propagationPolicy. */
  orphanDependents?: boolean;
  /** What happens to dependents: Orphan, Background or Foreground. */
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  /** With "All", the request is checked but nothing is deleted. */
  dryRun?: string[];
  /** Removes an object that cannot be decoded; may break the cluster, use with care. */
  ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
}

/** The generic shape shared by every Kubernetes object k8sm serves. */
import type { Int64, Time } from "./types/scalars.ts";

/**
 * An owner of an object (controllers set `controller: true`).
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface OwnerReference {
  /** The API version of the owner. */
  apiVersion: string;
  /** The kind of the owner. */
  kind: string;
  /** The name of the owner, in the same namespace as this object. */
  name: string;
  /** The uid of the owner; a new object of the same name is a different owner. */
  uid: string;
  /** True when the owner is the controller managing this object (at most one owner is). */
  controller?: boolean;
  /** When true, foreground deletion of the owner waits until this object is gone. */
  blockOwnerDeletion?: boolean;
}

/**
 * One field manager's claim on fields (server-side apply).
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface ManagedFieldsEntry {
  /** The name of the client that manages these fields (its fieldManager). */
  manager?: string;
  /** How the fields were set: by an Apply patch or by an ordinary Update. */
  operation?: "Apply" | "Update";
  /** The API version the fields were written in. */
  apiVersion?: string;
  /** When the manager last changed one of these fields. */
  time?: Time;
  /** The format of fieldsV1; always FieldsV1. */
  fieldsType?: "FieldsV1";
  /** The set of fields owned, as a tree of field keys. */
  fieldsV1?: Record<string, unknown>;
  /** The subresource the fields were written through (status, scale), empty for the object. */
  subresource?: string;
}

/**
 * Kubernetes ObjectMeta (meta/v1).
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface ObjectMeta {
  /** The object's name, unique per kind within its namespace. */
  name?: string;
  /** A prefix from which the server makes a unique name when name is empty. */
  generateName?: string;
  /** The namespace the object lives in; empty for cluster-wide kinds. */
  namespace?: string;
  /** A unique id the server assigns at creation; never reused. */
  uid?: string;
  /** An opaque version of the object used for optimistic concurrency and watches. */
  resourceVersion?: string;
  /** A counter of changes to the desired state, set by the server. */
  generation?: Int64;
  /** When the server created the object. */
  creationTimestamp?: Time | null;
  /** When graceful deletion was requested; the object disappears once finalizers are done. */
  deletionTimestamp?: Time;
  /** The grace period, in seconds, granted for the pending deletion. */
  deletionGracePeriodSeconds?: Int64;
  /** Key/value pairs for selecting and grouping objects. */
  labels?: Record<string, string>;
  /** Free key/value metadata for tools; not used for selection. */
  annotations?: Record<string, string>;
  /**
   * The objects this one depends on; it is garbage-collected when they are gone.
   * @mergeKey uid
   */
  ownerReferences?: OwnerReference[];
  /**
   * Names of pending cleanup steps; deletion completes only when this list is empty.
   * @listType set
   */
  finalizers?: string[];
  /** Which field manager owns which fields (kept by the server for server-side apply). */
  managedFields?: ManagedFieldsEntry[];
  /** A legacy link to the object itself; not set by current servers. */
  selfLink?: string;
}

/** Any object with apiVersion, kind and metadata; typed kinds extend this. */
export interface KubeObject {
  /** The versioned schema of this object (`v1`, `GROUP/VERSION`). */
  apiVersion?: string;
  /** The kind of this object, in CamelCase (`Pod`). */
  kind?: string;
  /**
   * Standard object metadata: name, namespace, labels, annotations and server-set fields.
   * @optional
   */
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** ListMeta (meta/v1). */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A typed list (PodList, ServiceList, …). */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

/**
 * Per-kind rules the generic Registry applies around store writes: what the server resets on
 * create, what an update of the main resource may not change, which cluster resources an
 * object holds (ClusterIPs, NodePorts) and how deletion proceeds.
 */
import type { KubeObject } from "../api/object.ts";
import type { FieldError } from "../api/field_error.ts";

/** Resources taken for an object that must be given back if its write fails. */
export interface Allocation {
  /** Undoes the allocation. */
  release(): void;
}

/** What a delete request asks for (meta/v1 DeleteOptions, the parts k8sm honours). */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  /** `["All"]`: check everything and delete nothing (kubectl's `--dry-run=server`). */
  dryRun?: string[];
}

/** How a delete proceeds: remove the object now, or mark it (graceful deletion). */
export type DeletePlan =
  | { now: true }
  | { now: false; mark: (current: KubeObject) => KubeObject };

/** The per-kind hooks of a Registry. */
export interface Strategy {
  /** Server-owned fields reset on create (e.g. a pod's status becomes Pending). */
  prepareForCreate(obj: KubeObject): void;
  /** On update of the main resource: keep what only subresources may change (status). */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** Takes cluster resources the object asks for; throws an ApiError (422) when it cannot. */
  allocate?(obj: KubeObject, old?: KubeObject): Allocation;
  /** Gives back what a deleted object held (or, with `kept`, what an update dropped). */
  release?(obj: KubeObject, kept?: KubeObject): void;
  /** Decides whether a delete is immediate; absent means always immediate. */
  planDelete?(obj: KubeObject, options: DeleteOptions): DeletePlan;
  /** Kind defaults applied after the built-in ones (declared kinds). */
  defaults?(obj: KubeObject): void;
  /** Kind validation added to the built-in one; `old` on update (declared kinds). */
  validate?(obj: KubeObject, old?: KubeObject): FieldError[];
}

/** Keeps `old.status` on `obj` (status is written through the status subresource). */
export function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
}

/** A strategy that only protects status on update and sets `status` on create. */
export function statusStrategy(initialStatus: () => unknown): Strategy {
  return {
    prepareForCreate(obj) {
      obj.status = initialStatus();
    },
    prepareForUpdate: keepStatus,
  };
}

/** A strategy for kinds without server-owned fields (endpoints, events, bindings). */
export const PLAIN_STRATEGY: Strategy = {
  prepareForCreate() {},
  prepareForUpdate() {},
};

/** Nodes: the creator (the scheduler) sets status on create; updates keep it. */
export const NODE_STRATEGY: Strategy = {
  prepareForCreate() {},
  prepareForUpdate: keepStatus,
};

/** Namespaces start Active. */
export const NAMESPACE_STRATEGY: Strategy = statusStrategy(() => ({ phase: "Active" }));

/** Replication controllers start with no observed replicas. */
export const RC_STRATEGY: Strategy = statusStrategy(() => ({ replicas: 0 }));

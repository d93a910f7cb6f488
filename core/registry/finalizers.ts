/**
 * `metadata.finalizers`: a delete of an object that has some only marks it (deletionTimestamp,
 * grace period 0, Terminating); the update that clears the last one removes it, as
 * kube-apiserver does. Graceful pod deletion marks first and reaches this with its final
 * (grace 0) delete.
 */
import type { KubeObject } from "../api/object.ts";
import { nowTimestamp } from "./object_names.ts";

/**
 * True for an object whose deletion only waited for its finalizers, and that has none left: a
 * deletionTimestamp with a grace period of 0 (what a delete of an object with finalizers sets).
 */
export function finalized(obj: KubeObject): boolean {
  const m = obj.metadata;
  return m.deletionTimestamp !== undefined && m.deletionGracePeriodSeconds === 0 &&
    (m.finalizers ?? []).length === 0;
}

/** Marks an object held by finalizers as being deleted (kube-apiserver: grace period 0). */
export function markForFinalizers(current: KubeObject): KubeObject {
  const meta = current.metadata;
  if (meta.deletionTimestamp !== undefined && meta.deletionGracePeriodSeconds === 0) return current;
  return {
    ...current,
    metadata: {
      ...meta,
      deletionTimestamp: meta.deletionTimestamp ?? nowTimestamp(),
      deletionGracePeriodSeconds: 0,
    },
  };
}

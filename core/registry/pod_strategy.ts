/**
 * Pods: a new pod is Pending whatever status it was sent with; updates keep status (the
 * executor writes it through pods/status). Deletion is immediate unless graceful deletion is
 * switched on, in which case a bound, running pod first gets `deletionTimestamp` and the
 * grace period, and is removed later by whoever stops its containers.
 */
import type { KubeObject } from "../api/object.ts";
import { type DeleteOptions, type DeletePlan, keepStatus, type Strategy } from "./strategy.ts";

/** Options of the pod strategy. */
export interface PodStrategyOptions {
  /** Mark bound pods for deletion instead of removing them at once (default false). */
  gracefulDeletion?: boolean;
}

/** Builds the pod strategy. */
export function podStrategy(options: PodStrategyOptions = {}): Strategy {
  return {
    prepareForCreate(obj) {
      obj.status = { phase: "Pending" };
    },
    prepareForUpdate: keepStatus,
    planDelete(obj, opts) {
      return options.gracefulDeletion ? gracefulPlan(obj, opts) : { now: true };
    },
  };
}

function gracefulPlan(obj: KubeObject, opts: DeleteOptions): DeletePlan {
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = ((obj.status ?? {}) as { phase?: string }).phase;
  const grace = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  if (!spec.nodeName || grace <= 0 || phase === "Succeeded" || phase === "Failed") {
    return { now: true };
  }
  return {
    now: false,
    mark(current) {
      const meta = current.metadata;
      const already = meta.deletionGracePeriodSeconds;
      if (meta.deletionTimestamp !== undefined && already !== undefined && already <= grace) {
        return current;
      }
      const at = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, "Z");
      return {
        ...current,
        metadata: { ...meta, deletionTimestamp: at, deletionGracePeriodSeconds: grace },
      };
    },
  };
}

/**
 * Moves the pods off a Node ahead of Mesos maintenance the way `kubectl drain` does: one
 * `POST pods/NAME/eviction` (policy/v1 Eviction) per pod bound to the Node, so the apiserver
 * applies PodDisruptionBudgets; the pods' controllers create replacements, which the scheduler
 * places elsewhere because the Node is cordoned. Pods that are finished, already terminating or
 * owned by a DaemonSet (which would put them back on the Node) are left alone.
 */
import type { Pod } from "../api/types/pod.ts";
import { ApiError } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { resourcePath } from "../client/resource_path.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** What evicting one Node's pods came to. */
export interface EvictionResult {
  /** Pods the apiserver accepted an eviction for (or that were gone already). */
  evicted: string[];
  /** Pods whose eviction was refused for now (a budget allows no disruption, 429) or failed. */
  blocked: string[];
}

/** True for a pod a drain should evict from its Node. */
export function evictable(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp !== undefined) return false;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  return !(pod.metadata.ownerReferences ?? []).some((o) => o.controller && o.kind === "DaemonSet");
}

/** Evicts every evictable pod in `pods` bound to `nodeName`. */
export async function evictNodePods(
  client: RestClient,
  pods: readonly Pod[],
  nodeName: string,
): Promise<EvictionResult> {
  const result: EvictionResult = { evicted: [], blocked: [] };
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName || !evictable(pod)) continue;
    const { name, namespace } = pod.metadata;
    const key = `${namespace}/${name}`;
    try {
      await client.requestJson(
        "POST",
        resourcePath({ resource: "pods", namespace, name, subresource: "eviction" }),
        {
          body: {
            apiVersion: "policy/v1",
            kind: "Eviction",
            metadata: { name, namespace },
          },
        },
      );
      result.evicted.push(key);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        result.evicted.push(key);
        continue;
      }
      result.blocked.push(key);
      const why = e instanceof ApiError && e.code === 429
        ? "its PodDisruptionBudget allows no disruption now"
        : (e as Error).message;
      log.info(`could not evict pod ${key} from node ${nodeName} yet: ${why}`);
    }
  }
  return result;
}

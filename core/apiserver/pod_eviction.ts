/**
 * `POST pods/NAME/eviction` (policy/v1 Eviction, what `kubectl drain` sends): deletes the pod
 * unless that would break its PodDisruptionBudget. A ready pod covered by a budget is evicted
 * only while the budget's status allows a disruption; the eviction then takes one
 * (disruptionsAllowed − 1, the pod listed in disruptedPods) in the same write that checks it, so
 * concurrent evictions cannot both spend the last one. Otherwise the answer is 429
 * TooManyRequests, which kubectl retries. Pods not ready, finished or already terminating are
 * deleted without touching a budget; more than one budget over a pod is refused (500), as kube.
 */
import type { KubeObject } from "../api/object.ts";
import { selectorFromObject } from "../api/label_selector_object.ts";
import * as errors from "../api/status.ts";
import type { Pod } from "../api/types/pod.ts";
import type { Eviction, PodDisruptionBudget } from "../api/types/policy.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import type { DeleteOptions } from "../registry/strategy.ts";
import { readBody } from "./read_body.ts";
import type { RequestInfo } from "./request_info.ts";
import { jsonValue } from "./responses.ts";

function ready(pod: Pod): boolean {
  return pod.status?.phase === "Running" &&
    (pod.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function tooManyRequests(message: string, causes: { reason: string; message: string }[]) {
  return new errors.ApiError(
    errors.makeStatus(429, "TooManyRequests", message, { causes, retryAfterSeconds: 5 }),
  );
}

/** The pods/eviction handler over the registries. */
export function podEviction(registries: RegistrySet) {
  return async (req: Request, ri: RequestInfo): Promise<Response> => {
    if (ri.verb !== "create") {
      throw errors.methodNotAllowed(req.method, new URL(req.url).pathname);
    }
    const body = (await readBody(req) ?? {}) as Eviction;
    if (typeof body !== "object" || Array.isArray(body)) {
      throw errors.badRequest("the Eviction body must be an object");
    }
    if (body.metadata?.name && body.metadata.name !== ri.name) {
      throw errors.badRequest(
        `name in URL does not match name in Eviction object: ${ri.name} != ${body.metadata.name}`,
      );
    }
    const pods = registries.must("pods");
    const pod = await pods.get(ri.namespace, ri.name) as Pod;
    const options: DeleteOptions = {};
    const given = body.deleteOptions ?? {};
    if (given.gracePeriodSeconds !== undefined) {
      options.gracePeriodSeconds = given.gracePeriodSeconds;
    }
    if (given.preconditions) options.preconditions = given.preconditions;
    if (!pod.metadata.deletionTimestamp && ready(pod)) {
      await takeDisruption(registries, pod);
    }
    await pods.delete(ri.namespace, ri.name, options);
    return jsonValue(201, errors.successStatus(201));
  };
}

/** Spends one disruption of the pod's budget, or throws 429 when none is left. */
async function takeDisruption(registries: RegistrySet, pod: Pod): Promise<void> {
  const pdbs = registries.registry("poddisruptionbudgets");
  if (!pdbs) return;
  const ns = pod.metadata.namespace ?? "default";
  const matching = (await pdbs.list(ns)).entries
    .map((e) => JSON.parse(e.json) as PodDisruptionBudget)
    .filter((b) => selectorFromObject(b.spec?.selector ?? {}).matches(pod.metadata.labels));
  if (matching.length === 0) return;
  if (matching.length > 1) {
    throw errors.internal(
      new Error(
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
      ),
    );
  }
  const name = matching[0].metadata.name ?? "";
  await pdbs.mutate(ns, name, (current: KubeObject) => {
    const pdb = current as PodDisruptionBudget;
    const status = pdb.status;
    const generation = pdb.metadata.generation ?? 0;
    if (!status || (status.observedGeneration ?? 0) < generation) {
      throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [{
        reason: "DisruptionBudget",
        message: `The disruption budget ${name} is still being processed by the server.`,
      }]);
    }
    if (status.disruptionsAllowed <= 0) {
      throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [{
        reason: "DisruptionBudget",
        message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods ` +
          `and has ${status.currentHealthy} currently`,
      }]);
    }
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    return {
      ...pdb,
      status: {
        ...status,
        disruptionsAllowed: status.disruptionsAllowed - 1,
        disruptedPods: { ...status.disruptedPods, [pod.metadata.name ?? ""]: now },
      },
    } as KubeObject;
  }, "status");
}

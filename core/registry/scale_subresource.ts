/**
 * The `scale` subresource of replication controllers, ReplicaSets and Deployments: the
 * autoscaling/v1 Scale view of a controller (spec.replicas, status.replicas, status.selector
 * as text, from a label map or a LabelSelector object), readable and writable.
 */
import type { KubeObject } from "../api/object.ts";
import { isRecord } from "../api/json_value.ts";
import { type LabelSelectorObject, selectorObjectText } from "../api/label_selector_object.ts";
import * as errors from "../api/status.ts";
import type { Registry } from "./registry.ts";

/** An autoscaling/v1 Scale. */
export interface Scale {
  kind: "Scale";
  apiVersion: "autoscaling/v1";
  metadata: KubeObject["metadata"];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** The Scale of a controller object. */
export function scaleOf(rc: KubeObject): Scale {
  const m = rc.metadata;
  const spec = (rc.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (rc.status ?? {}) as { replicas?: number };
  const sel = isRecord(spec.selector) ? spec.selector : {};
  const selector = "matchLabels" in sel || "matchExpressions" in sel
    ? selectorObjectText(sel as LabelSelectorObject)
    : Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(",");
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

/** Reads the Scale of controller `name`. */
export async function getScale(rcs: Registry, namespace: string, name: string): Promise<Scale> {
  return scaleOf(await rcs.get(namespace, name));
}

/**
 * Writes a Scale: `produce` turns the current Scale into the desired one (a PUT body or a
 * patched copy); a stale metadata.resourceVersion on it is a 409, bad replicas a 422.
 */
export async function updateScale(
  rcs: Registry,
  namespace: string,
  name: string,
  produce: (current: Scale) => unknown,
): Promise<Scale> {
  const rc = await rcs.mutate(namespace, name, (current) => {
    const wanted = produce(scaleOf(current));
    if (typeof wanted !== "object" || wanted === null) {
      throw errors.badRequest("the Scale body must be a JSON object");
    }
    const w = wanted as { metadata?: { resourceVersion?: unknown }; spec?: { replicas?: unknown } };
    const replicas = w.spec?.replicas;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      throw errors.invalid("Scale", name, [{
        type: "FieldValueInvalid",
        field: "spec.replicas",
        message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or ` +
          `equal to 0`,
      }]);
    }
    const rv = w.metadata?.resourceVersion;
    if (typeof rv === "string" && rv !== "" && rv !== current.metadata.resourceVersion) {
      throw errors.conflict(rcs.info.resource, name, rcs.info.group);
    }
    return { ...current, spec: { ...(current.spec as object), replicas } };
  }, "update");
  return scaleOf(rc);
}

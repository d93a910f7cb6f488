/**
 * The seed's v1beta1 API ⇄ v1: pods, replicationControllers, services and minions, and their
 * lists (`{kind:"PodList", apiVersion:"v1beta1", creationTimestamp:null, resourceVersion, items}`).
 */
import type { KubeList, KubeObject } from "../object.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { resourceVersionNumber } from "./meta.ts";
import { podFromV1beta1, podToV1beta1 } from "./pod.ts";
import {
  replicationControllerFromV1beta1,
  replicationControllerToV1beta1,
} from "./replication_controller.ts";
import { serviceFromV1beta1, serviceToV1beta1 } from "./service.ts";
import { nodeFromV1beta1, nodeToV1beta1 } from "./minion.ts";

export { v1beta1PodStatus } from "./pod.ts";
export { V1BETA1_ID_ANNOTATION } from "./meta.ts";

/** The v1beta1 URL segments served. */
export type V1beta1Resource = "pods" | "replicationControllers" | "services" | "minions";

/** Each v1beta1 resource's v1 kind, v1 plural and v1beta1 list kind. */
export const V1BETA1_RESOURCES: Record<
  V1beta1Resource,
  { kind: string; v1Resource: string; listKind: string }
> = {
  pods: { kind: "Pod", v1Resource: "pods", listKind: "PodList" },
  replicationControllers: {
    kind: "ReplicationController",
    v1Resource: "replicationcontrollers",
    listKind: "ReplicationControllerList",
  },
  services: { kind: "Service", v1Resource: "services", listKind: "ServiceList" },
  minions: { kind: "Node", v1Resource: "nodes", listKind: "MinionList" },
};

/** The v1beta1 resource for a URL segment (case-insensitive; "nodes" → minions), if served. */
export function v1beta1Resource(segment: string): V1beta1Resource | undefined {
  const s = segment.toLowerCase();
  if (s === "pods") return "pods";
  if (s === "replicationcontrollers") return "replicationControllers";
  if (s === "services") return "services";
  if (s === "minions" || s === "nodes") return "minions";
  return undefined;
}

/**
 * Converts a v1beta1 request body to the v1 object it stands for (namespace "default" unless
 * the body names one; none for minions). Unknown shapes are passed on for validation to report.
 */
export function v1beta1ToV1(resource: V1beta1Resource, body: Record<string, unknown>): KubeObject {
  const b: JsonRecord = isRecord(body) ? body : {};
  switch (resource) {
    case "pods":
      return podFromV1beta1(b);
    case "replicationControllers":
      return replicationControllerFromV1beta1(b);
    case "services":
      return serviceFromV1beta1(b);
    case "minions":
      return nodeFromV1beta1(b);
  }
}

/** Converts a stored v1 object to the seed's v1beta1 shape. */
export function v1ToV1beta1(resource: V1beta1Resource, obj: KubeObject): Record<string, unknown> {
  switch (resource) {
    case "pods":
      return podToV1beta1(obj);
    case "replicationControllers":
      return replicationControllerToV1beta1(obj);
    case "services":
      return serviceToV1beta1(obj);
    case "minions":
      return nodeToV1beta1(obj);
  }
}

/** Converts a v1 list to the seed's v1beta1 list shape (`PodList` with `items` in v1beta1). */
export function v1ListToV1beta1(
  resource: V1beta1Resource,
  list: KubeList,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: V1BETA1_RESOURCES[resource].listKind,
    creationTimestamp: null,
  };
  const rv = resourceVersionNumber(list.metadata?.resourceVersion);
  if (rv !== undefined) out.resourceVersion = rv;
  out.apiVersion = "v1beta1";
  // The seed's list items carry no kind or apiVersion of their own.
  out.items = list.items.map((o) => {
    const { kind: _kind, apiVersion: _apiVersion, ...item } = v1ToV1beta1(resource, o);
    return item;
  });
  return out;
}

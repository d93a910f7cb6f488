import type { KubeList, KubeObject } from "../object.ts";

/**
 * The seed's v1beta1 API ⇄ v1. `resource` is the v1beta1 URL segment.
 * STUB signatures: the api helper replaces the bodies.
 */
export type V1beta1Resource = "pods" | "replicationControllers" | "services" | "minions";

/** Converts a v1beta1 request body to the v1 object it stands for (namespace "default"). */
export function v1beta1ToV1(resource: V1beta1Resource, body: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "", metadata: { name: String(body.id ?? "") }, ...{ resource } };
}

/** Converts a stored v1 object to the seed's v1beta1 shape. */
export function v1ToV1beta1(_resource: V1beta1Resource, obj: KubeObject): Record<string, unknown> {
  return { id: obj.metadata.name };
}

/** Converts a v1 list to the seed's v1beta1 list shape (`PodList` with `items` in v1beta1). */
export function v1ListToV1beta1(
  resource: V1beta1Resource,
  list: KubeList,
): Record<string, unknown> {
  return {
    kind: list.kind,
    apiVersion: "v1beta1",
    items: list.items.map((o) => v1ToV1beta1(resource, o)),
  };
}

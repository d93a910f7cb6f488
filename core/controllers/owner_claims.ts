/**
 * Adoption and release through ownerReferences, for any kind a controller claims (pods by
 * ReplicaSets and Jobs, ReplicaSets by Deployments, Jobs by CronJobs): a merge patch of the
 * whole ownerReferences list carrying the object's resourceVersion and uid, so a concurrent
 * change makes it fail (409) instead of losing a reference.
 */
import type { KubeObject, OwnerReference } from "../api/object.ts";
import type { ResourceRef } from "../client/resource_path.ts";
import type { RestClient } from "../client/rest_client.ts";
import { controllerRef, type OwnerKind } from "./pod_control.ts";

/** Where `obj` of the collection `collection` (resource, groupVersion) lives. */
export function refOf(collection: Omit<ResourceRef, "name" | "namespace">, obj: KubeObject) {
  return { ...collection, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

/** Writes `refs` as the ownerReferences of `obj` (null removes the field). */
export function patchOwnerRefs<T extends KubeObject>(
  client: RestClient,
  ref: ResourceRef,
  obj: KubeObject,
  refs: OwnerReference[],
): Promise<T> {
  return client.patch<T>(ref, {
    metadata: {
      ownerReferences: refs.length > 0 ? refs : null,
      resourceVersion: obj.metadata.resourceVersion,
      uid: obj.metadata.uid,
    },
  }, "merge");
}

/** Makes `owner` (of kind `kind`) the controller of the orphan `obj`. */
export function adoptObject<T extends KubeObject>(
  client: RestClient,
  ref: ResourceRef,
  obj: KubeObject,
  owner: KubeObject,
  kind: OwnerKind,
): Promise<T> {
  const refs = [...(obj.metadata.ownerReferences ?? []), controllerRef(owner, kind)];
  return patchOwnerRefs<T>(client, ref, obj, refs);
}

/** Removes the reference to `ownerUid` from `obj` (it no longer matches the selector). */
export function releaseObject<T extends KubeObject>(
  client: RestClient,
  ref: ResourceRef,
  obj: KubeObject,
  ownerUid: string,
): Promise<T> {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  return patchOwnerRefs<T>(client, ref, obj, refs);
}

/**
 * Where objects live in the store: `/registry/<resource>/<namespace>/<name>` for namespaced
 * resources, `/registry/<resource>/<name>` for cluster-scoped ones.
 */
import type { ResourceInfo } from "../api/kinds.ts";

/** The root under which every API object is stored. */
export const REGISTRY_ROOT = "/registry/";

/** The store key of one object. */
export function objectKey(info: ResourceInfo, namespace: string, name: string): string {
  return info.namespaced
    ? `${REGISTRY_ROOT}${info.resource}/${namespace}/${name}`
    : `${REGISTRY_ROOT}${info.resource}/${name}`;
}

/** The key prefix of a collection: one namespace, or all of them when `namespace` is empty. */
export function collectionPrefix(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace
    ? `${REGISTRY_ROOT}${info.resource}/${namespace}/`
    : `${REGISTRY_ROOT}${info.resource}/`;
}

/** The resource segment of a registry key (`/registry/pods/ns/x` → "pods"), or "". */
export function resourceOfKey(key: string): string {
  if (!key.startsWith(REGISTRY_ROOT)) return "";
  const end = key.indexOf("/", REGISTRY_ROOT.length);
  return end < 0 ? "" : key.slice(REGISTRY_ROOT.length, end);
}

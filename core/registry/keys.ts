/**
 * Where objects live in the store: `/registry/<resource>/<namespace>/<name>` for namespaced
 * core resources, `/registry/<resource>/<name>` for cluster-scoped ones; resources of a named
 * group live under `/registry/<group>/<resource>/…` (groups have a dot, core resources none).
 * The legacy dotless groups (apps, batch, policy, autoscaling) are stored as kube stores them,
 * under their plain plural (`/registry/deployments/…`).
 */
import type { ResourceInfo } from "../api/kinds.ts";

/** The root under which every API object is stored. */
export const REGISTRY_ROOT = "/registry/";

/**
 * The storage name of a resource: its plural for core ("pods"), `<group>/<plural>` for a
 * named group ("rbac.authorization.k8s.io/roles"), the plural for a dotless group
 * ("deployments" of apps). Registries, the watch cache and watch
 * listeners are keyed by it.
 */
export function storageResource(info: ResourceInfo): string {
  return info.group.includes(".") ? `${info.group}/${info.resource}` : info.resource;
}

/** The store key of one object. */
export function objectKey(info: ResourceInfo, namespace: string, name: string): string {
  const r = storageResource(info);
  return info.namespaced
    ? `${REGISTRY_ROOT}${r}/${namespace}/${name}`
    : `${REGISTRY_ROOT}${r}/${name}`;
}

/** The key prefix of a collection: one namespace, or all of them when `namespace` is empty. */
export function collectionPrefix(info: ResourceInfo, namespace?: string): string {
  const r = storageResource(info);
  return info.namespaced && namespace
    ? `${REGISTRY_ROOT}${r}/${namespace}/`
    : `${REGISTRY_ROOT}${r}/`;
}

/**
 * The storage resource of a registry key (`/registry/pods/ns/x` → "pods",
 * `/registry/rbac.authorization.k8s.io/roles/ns/x` → "rbac.authorization.k8s.io/roles"), or "".
 */
export function resourceOfKey(key: string): string {
  if (!key.startsWith(REGISTRY_ROOT)) return "";
  const end = key.indexOf("/", REGISTRY_ROOT.length);
  if (end < 0) return "";
  const first = key.slice(REGISTRY_ROOT.length, end);
  if (!first.includes(".")) return first;
  const end2 = key.indexOf("/", end + 1);
  return end2 < 0 ? "" : key.slice(REGISTRY_ROOT.length, end2);
}

/**
 * The RBAC authorizer's view of Roles, ClusterRoles and their bindings, read from the
 * apiserver's watch cache: always current, no store round trip per request. Each cache entry
 * is parsed once (entries are replaced, never mutated, when an object changes).
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../../api/types/rbac.ts";
import { RBAC_GROUP } from "../../api/types/rbac.ts";
import type { RbacSource } from "../../auth/rbac_authorizer.ts";
import type { CacheEntry } from "../../registry/cache_entry.ts";
import { REGISTRY_ROOT } from "../../registry/keys.ts";

/** What the source needs of the watch cache. */
export interface CacheLister {
  list(prefix: string): CacheEntry[];
}

/** An RbacSource over the watch cache. */
export function cacheRbacSource(cache: CacheLister): RbacSource {
  const parsed = new WeakMap<CacheEntry, unknown>();
  const read = <T>(resource: string, namespace?: string): T[] => {
    const prefix = `${REGISTRY_ROOT}${RBAC_GROUP}/${resource}/${
      namespace === undefined ? "" : `${namespace}/`
    }`;
    return cache.list(prefix).map((e) => {
      let obj = parsed.get(e);
      if (obj === undefined) {
        obj = JSON.parse(e.json);
        parsed.set(e, obj);
      }
      return obj as T;
    });
  };
  return {
    clusterRoles: () => read<ClusterRole>("clusterroles"),
    clusterRoleBindings: () => read<ClusterRoleBinding>("clusterrolebindings"),
    roles: (ns) => read<Role>("roles", ns),
    roleBindings: (ns) => read<RoleBinding>("rolebindings", ns),
  };
}

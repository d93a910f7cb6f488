/**
 * Aggregated discovery v2 (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList) for `/api` and
 * `/apis`, generated from the resource table. kubectl recognises it only by its Content-Type.
 */

import { groupVersionResources, type ResourceInfo, servedGroups } from "../../api/kinds.ts";

/** The exact Content-Type that marks an aggregated discovery response. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** A GroupVersionKind as discovery writes it. */
interface DiscoveryGvk {
  group: string;
  version: string;
  kind: string;
}

/** The categories a resource belongs to (`all` makes `kubectl get all` list it). */
export function categoriesOf(r: ResourceInfo): string[] {
  return [...(r.all ? ["all"] : []), ...(r.categories ?? [])];
}

function subresourceGvk(apiVersion: string | undefined, kind: string): DiscoveryGvk {
  const [group, version] = apiVersion?.includes("/") ? apiVersion.split("/") : ["", "v1"];
  return { group, version, kind };
}

/** One resource of an APIVersionDiscovery. */
function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: "", version: "", kind: r.kind },
    scope: r.namespaced ? "Namespaced" : "Cluster",
    singularResource: r.singular,
    verbs: [...r.verbs].sort(),
  };
  if (r.shortNames.length > 0) entry.shortNames = [...r.shortNames];
  const categories = categoriesOf(r);
  if (categories.length > 0) entry.categories = categories;
  entry.subresources = Object.entries(r.subresources).sort(([a], [b]) => a.localeCompare(b)).map((
    [name, sub],
  ) => ({
    subresource: name,
    responseKind: subresourceGvk(sub.apiVersion, sub.kind),
    verbs: [...sub.verbs].sort(),
  }));
  return entry;
}

/** The body of `GET /api` in aggregated form: one item (the core group, empty name). */
export function aggregatedCoreDiscovery(): Record<string, unknown> {
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: [{
      metadata: { creationTimestamp: null },
      versions: [{
        version: "v1",
        freshness: "Current",
        resources: groupVersionResources("", "v1").map(resourceEntry),
      }],
    }],
  };
}

/** The body of `GET /apis` in aggregated form: every named group with its versions. */
export function aggregatedGroupsDiscovery(): Record<string, unknown> {
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: servedGroups().map(({ group, versions }) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        freshness: "Current",
        resources: groupVersionResources(group, version).map(resourceEntry),
      })),
    })),
  };
}

/**
 * True when an Accept header asks for aggregated discovery v2 (a media range with
 * `g=apidiscovery.k8s.io`, `v=v2` and `as=APIGroupDiscoveryList`).
 */
export function acceptsAggregatedDiscovery(accept: string | null | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const params = new Map<string, string>();
    for (const part of range.split(";").slice(1)) {
      const [k, v] = part.split("=").map((s) => s.trim());
      if (k && v !== undefined) params.set(k.toLowerCase(), v);
    }
    return params.get("g") === "apidiscovery.k8s.io" && params.get("v") === "v2" &&
      params.get("as") === "APIGroupDiscoveryList";
  });
}

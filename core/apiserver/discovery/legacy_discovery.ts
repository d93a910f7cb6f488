/**
 * The legacy (unaggregated) discovery documents: `APIVersions` at `/api`, `APIGroupList` at
 * `/apis` and the `APIResourceList` at `/api/v1`, generated from the resource table.
 * client-node's KubernetesObjectApi always reads these.
 */

import { RESOURCES } from "../../api/kinds.ts";
import { categoriesOf } from "./aggregated_discovery.ts";

/** `GET /api`: the core group's versions; `serverAddress` is host:port as the client reached us. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** `GET /apis`: the named API groups (none are served). */
export function apiGroupList(): Record<string, unknown> {
  return { kind: "APIGroupList", apiVersion: "v1", groups: [] };
}

/** A stable short hash of a string, shaped like Kubernetes' storageVersionHash. */
function versionHash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + s.charCodeAt(i), 2246822519) >>> 0;
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, h1);
  new DataView(bytes.buffer).setUint32(4, h2);
  return btoa(String.fromCharCode(...bytes));
}

/** `GET /api/v1`: every resource and subresource of core/v1. */
export function apiResourceList(): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const r of RESOURCES) {
    const entry: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs].sort(),
    };
    if (r.shortNames.length > 0) entry.shortNames = [...r.shortNames];
    const categories = categoriesOf(r);
    if (categories.length > 0) entry.categories = categories;
    if (r.verbs.includes("list")) entry.storageVersionHash = versionHash(`v1/${r.kind}`);
    resources.push(entry);
    for (
      const [name, sub] of Object.entries(r.subresources).sort(([a], [b]) => a.localeCompare(b))
    ) {
      const subEntry: Record<string, unknown> = {
        name: `${r.resource}/${name}`,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: sub.kind,
        verbs: [...sub.verbs].sort(),
      };
      if (sub.apiVersion?.includes("/")) {
        const [group, version] = sub.apiVersion.split("/");
        subEntry.group = group;
        subEntry.version = version;
      }
      resources.push(subEntry);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: "v1", resources };
}

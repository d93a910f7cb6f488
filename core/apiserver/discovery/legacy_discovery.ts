/**
 * The legacy (unaggregated) discovery documents: `APIVersions` at `/api`, `APIGroupList` at
 * `/apis`, `APIGroup` at `/apis/GROUP` and the `APIResourceList` at `/api/v1` and
 * `/apis/GROUP/VERSION`, generated from the resource table.
 * client-node's KubernetesObjectApi always reads these.
 */

import { groupVersionResources, servedGroups } from "../../api/kinds.ts";
import { categoriesOf } from "./aggregated_discovery.ts";

/** `GET /api`: the core group's versions; `serverAddress` is host:port as the client reached us. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(group: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: list, preferredVersion: list[0] };
}

/** `GET /apis`: the named API groups served, each with its versions. */
export function apiGroupList(): Record<string, unknown> {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: servedGroups().map((g) => groupEntry(g.group, g.versions)),
  };
}

/** `GET /apis/GROUP`: one served group, or undefined when it is not served. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  const g = servedGroups().find((x) => x.group === group);
  return g && { kind: "APIGroup", apiVersion: "v1", ...groupEntry(g.group, g.versions) };
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

/**
 * `GET /api/v1` (the default) or `/apis/GROUP/VERSION`: every resource and subresource of
 * that group-version; undefined when none is served.
 */
export function apiResourceList(group = "", version = "v1"): Record<string, unknown> | undefined {
  const served = groupVersionResources(group, version);
  if (served.length === 0) return undefined;
  const groupVersion = group === "" ? version : `${group}/${version}`;
  const resources: Record<string, unknown>[] = [];
  for (const r of served) {
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
    if (r.verbs.includes("list")) {
      entry.storageVersionHash = versionHash(`${groupVersion}/${r.kind}`);
    }
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
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
}

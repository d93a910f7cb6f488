/**
 * Client-side columns for servers that ignore `as=Table`: the same meta/v1 Table the k8sm
 * apiserver prints (pods, services, endpoints, replicationcontrollers, nodes, namespaces,
 * events; Name and Age for other resources), computed here from the listed objects.
 */
import type { KubeObject } from "../api/object.ts";
import { toTable } from "../apiserver/tables/to_table.ts";
import type { MetaTable } from "./meta_table.ts";

/** A Table for `items` of `resource`, computed on the client with the server's printers. */
export function fallbackTable(
  resource: string,
  items: KubeObject[],
  resourceVersion = "",
  now = Date.now(),
): MetaTable {
  const table = toTable(resource, items, { resourceVersion, now });
  return {
    ...table,
    metadata: { resourceVersion },
    columnDefinitions: table.columnDefinitions ?? [],
  };
}

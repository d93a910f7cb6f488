/**
 * What `get` reads: server-side Tables (or client-side ones when the server sends plain
 * lists), full objects for `-o json|yaml|name`, and watches of either for `-w`.
 */
import type { ResourceInfo } from "../api/kinds.ts";
import { refOf } from "./resource_args.ts";
import type { KubeList, KubeObject } from "../api/object.ts";
import { fallbackTable } from "./fallback_table.ts";
import { isMetaTable, type MetaTable } from "./meta_table.ts";
import type { ResourceRef } from "./resource_path.ts";
import { type RestClient, TABLE_ACCEPT } from "./rest_client.ts";
import { resourcePath } from "./resource_path.ts";
import type { WatchEvent } from "./watch_stream.ts";

/** Where and what to read. */
export interface GetScope {
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

/** The ref of `info` (one object when `name` is set) in `scope`. */
export function refFor(info: ResourceInfo, scope: GetScope, name?: string): ResourceRef {
  const namespace = info.namespaced && !(scope.allNamespaces && name === undefined)
    ? scope.namespace
    : undefined;
  return refOf(info, namespace, name);
}

/** A result with the per-name errors that did not stop the others. */
export interface WithErrors<T> {
  value: T;
  errors: unknown[];
  /** The resourceVersion to watch from (the list's), "" when unknown. */
  resourceVersion: string;
}

function asTable(info: ResourceInfo, body: unknown): MetaTable {
  if (isMetaTable(body)) return body;
  const b = body as Partial<KubeList> & KubeObject;
  const rv = b.metadata?.resourceVersion ?? "";
  if (Array.isArray(b.items)) return fallbackTable(info.resource, b.items, rv);
  return fallbackTable(info.resource, [b], rv);
}

/** The objects `info` lists with apiVersion and kind filled in, as kubectl shows them. */
export function withTypeMeta(info: ResourceInfo, obj: KubeObject): KubeObject {
  return { apiVersion: obj.apiVersion ?? "v1", kind: obj.kind ?? info.kind, ...obj };
}

/** The Table for the collection (no names) or for each named object. */
export async function getTable(
  client: RestClient,
  info: ResourceInfo,
  names: string[],
  scope: GetScope,
): Promise<WithErrors<MetaTable>> {
  if (names.length === 0) {
    // Pages of 500 like kubectl, following `continue` until the list is complete.
    let table: MetaTable | undefined;
    let cont: string | undefined;
    do {
      const body = await client.requestJson<unknown>("GET", resourcePath(refFor(info, scope)), {
        accept: TABLE_ACCEPT,
        query: {
          labelSelector: scope.labelSelector,
          fieldSelector: scope.fieldSelector,
          limit: 500,
          continue: cont,
        },
      });
      const page = asTable(info, body);
      if (table) table.rows.push(...page.rows);
      else table = page;
      cont = (body as { metadata?: { continue?: string } }).metadata?.continue || undefined;
    } while (cont);
    return { value: table, errors: [], resourceVersion: table.metadata?.resourceVersion ?? "" };
  }
  let table: MetaTable | undefined;
  const errors: unknown[] = [];
  for (const name of names) {
    try {
      const body = await client.requestJson<unknown>(
        "GET",
        resourcePath(refFor(info, scope, name)),
        {
          accept: TABLE_ACCEPT,
        },
      );
      const t = asTable(info, body);
      if (table) table.rows.push(...t.rows);
      else table = t;
    } catch (e) {
      errors.push(e);
    }
  }
  return { value: table ?? fallbackTable(info.resource, []), errors, resourceVersion: "" };
}

/** The full objects of the collection (no names) or the named ones. */
export async function getObjects(
  client: RestClient,
  info: ResourceInfo,
  names: string[],
  scope: GetScope,
): Promise<WithErrors<KubeObject[]>> {
  if (names.length === 0) {
    const list = await client.list(refFor(info, scope), {
      labelSelector: scope.labelSelector,
      fieldSelector: scope.fieldSelector,
    });
    return {
      value: (list.items ?? []).map((o) => withTypeMeta(info, o)),
      errors: [],
      resourceVersion: list.metadata?.resourceVersion ?? "",
    };
  }
  const value: KubeObject[] = [];
  const errors: unknown[] = [];
  for (const name of names) {
    try {
      value.push(withTypeMeta(info, await client.get(refFor(info, scope, name))));
    } catch (e) {
      errors.push(e);
    }
  }
  return { value, errors, resourceVersion: "" };
}

/** The watch `get -w` opens: the scope's selectors, narrowed to `name` when one is given. */
function watchScope(
  client: RestClient,
  info: ResourceInfo,
  scope: GetScope,
  resourceVersion: string,
  signal: AbortSignal | undefined,
  name: string | undefined,
  accept?: string,
): AsyncIterable<WatchEvent> {
  const fieldSelector = name !== undefined
    ? [scope.fieldSelector, `metadata.name=${name}`].filter((x) => x).join(",")
    : scope.fieldSelector;
  return client.watch(
    refFor(info, scope),
    { resourceVersion, labelSelector: scope.labelSelector, fieldSelector },
    signal,
    accept,
  );
}

/** One change seen by `get -w`: the event type and the row(s) to print. */
export interface TableEvent {
  type: string;
  table: MetaTable;
}

/** Watches `info` from `resourceVersion`, yielding one-row Tables (server or client computed). */
export async function* watchTable(
  client: RestClient,
  info: ResourceInfo,
  scope: GetScope,
  resourceVersion: string,
  signal?: AbortSignal,
  name?: string,
): AsyncGenerator<TableEvent> {
  const events = watchScope(client, info, scope, resourceVersion, signal, name, TABLE_ACCEPT);
  for await (const ev of events) {
    if (ev.type === "BOOKMARK") continue;
    yield { type: ev.type, table: asTable(info, ev.object) };
  }
}

/** Watches `info` from `resourceVersion`, yielding the changed objects (for -o json|yaml|name). */
export async function* watchObjects(
  client: RestClient,
  info: ResourceInfo,
  scope: GetScope,
  resourceVersion: string,
  signal?: AbortSignal,
  name?: string,
): AsyncGenerator<WatchEvent> {
  const events = watchScope(client, info, scope, resourceVersion, signal, name);
  for await (const ev of events) if (ev.type !== "BOOKMARK") yield ev;
}

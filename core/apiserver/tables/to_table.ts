/**
 * Server-side printing: turns objects of a resource into a meta.k8s.io Table with kubectl's
 * columns (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), for lists, single objects
 * and watch events.
 */

import type { KubeObject } from "../../api/object.ts";
import { endpointsPrinter, servicePrinter } from "./service_printer.ts";
import { namespacePrinter, nodePrinter, replicationControllerPrinter } from "./cluster_printers.ts";
import { eventPrinter } from "./event_printer.ts";
import { podPrinter } from "./pod_printer.ts";
import { ageSince } from "./human_duration.ts";
import { declaredPrinter } from "./declared_printer.ts";
import { AGE_COLUMN, NAME_COLUMN, type ResourcePrinter, type Table } from "./table_types.ts";

/** What a row carries besides its cells (the `includeObject` query parameter). */
export type IncludeObject = "None" | "Metadata" | "Object";

/** Options of {@link toTable}. */
export interface TableOptions {
  /** Default "Metadata": each row carries a PartialObjectMetadata. */
  includeObject?: IncludeObject;
  /** Leave out columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
  /** The list's resourceVersion for `metadata.resourceVersion`. */
  resourceVersion?: string;
  /** "v1" (default) or "v1beta1" (the Table apiVersion asked for). */
  version?: "v1" | "v1beta1";
  /** The clock for ages, in ms since the epoch (tests pin it). */
  now?: number;
}

const PRINTERS: Record<string, ResourcePrinter> = {
  pods: podPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  replicationcontrollers: replicationControllerPrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  events: eventPrinter,
};

/** The generic printer (Name, Age) for resources without their own columns. */
const defaultPrinter: ResourcePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  row: (obj, now) => ({
    cells: [obj.metadata.name ?? "", ageSince(obj.metadata.creationTimestamp, now)],
  }),
};

/** The printer for a resource (plural), a declared kind's columns, or Name and Age. */
export function printerFor(resource: string): ResourcePrinter {
  return PRINTERS[resource] ?? declaredPrinter(resource) ?? defaultPrinter;
}

/** Parses the `includeObject` query parameter (default Metadata); unknown values throw. */
export function parseIncludeObject(value: string | null | undefined): IncludeObject {
  if (!value) return "Metadata";
  if (value === "None" || value === "Metadata" || value === "Object") return value;
  throw new Error(`includeObject "${value}" is not supported; use None, Metadata or Object`);
}

function rowObject(
  obj: KubeObject,
  include: IncludeObject,
  version: string,
): Record<string, unknown> | undefined {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return {
    kind: "PartialObjectMetadata",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata,
  };
}

/** Renders `objects` of `resource` (plural, e.g. "pods") as a Table. */
export function toTable(
  resource: string,
  objects: readonly KubeObject[],
  opts: TableOptions = {},
): Table {
  const printer = printerFor(resource);
  const now = opts.now ?? Date.now();
  const version = opts.version ?? "v1";
  const include = opts.includeObject ?? "Metadata";
  const table: Table = {
    kind: "Table",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {},
    rows: [],
  };
  if (!opts.noHeaders) table.columnDefinitions = printer.columns;
  for (const obj of objects) {
    const { cells, conditions } = printer.row(obj, now);
    const row: Table["rows"][number] = { cells };
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, include, version);
    if (object) row.object = object;
    table.rows.push(row);
  }
  return table;
}

/**
 * The Table version an Accept header asks for (`application/json;as=Table;g=meta.k8s.io;v=v1`
 * or `v1beta1`, the first acceptable range wins), or undefined when it does not ask for one.
 */
export function acceptsTable(accept: string | null | undefined): "v1" | "v1beta1" | undefined {
  if (!accept) return undefined;
  for (const range of accept.split(",")) {
    const [type, ...rest] = range.split(";").map((s) => s.trim());
    const params = new Map(rest.map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).toLowerCase(), p.slice(i + 1)] as [string, string];
    }));
    if (type !== "application/json" && type !== "*/*") continue;
    if (params.get("as") !== "Table" || params.get("g") !== "meta.k8s.io") continue;
    const v = params.get("v");
    if (v === "v1" || v === "v1beta1") return v;
  }
  return undefined;
}

/**
 * Converts one watch event for a Table-watching client: ADDED/MODIFIED/DELETED objects become
 * one-row Tables (column definitions only when `first`), BOOKMARKs an empty Table carrying the
 * resourceVersion; ERROR events pass through.
 */
export function tableWatchEvent(
  resource: string,
  event: { type: string; object: unknown },
  first: boolean,
  opts: Omit<TableOptions, "noHeaders" | "resourceVersion"> = {},
): { type: string; object: unknown } {
  if (event.type === "ERROR") return event;
  const obj = event.object as KubeObject;
  const rv = obj?.metadata?.resourceVersion;
  if (event.type === "BOOKMARK") {
    const table = toTable(resource, [], { ...opts, noHeaders: !first, resourceVersion: rv });
    return { type: event.type, object: table };
  }
  return {
    type: event.type,
    object: toTable(resource, [obj], { ...opts, noHeaders: !first, resourceVersion: rv }),
  };
}

/** meta.k8s.io/v1 Table and the column/row shapes the printers produce. */

import type { KubeObject } from "../../api/object.ts";

/** A column of a Table; priority 0 is always shown, 1 only with `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string;
  description: string;
  priority: number;
}

/** A row condition (pods that Completed carry one). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** One row: its cells in column order, and the object (metadata) it shows. */
export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: Record<string, unknown>;
}

/** meta.k8s.io/v1 (or v1beta1) Table. */
export interface Table {
  kind: "Table";
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

/** How a resource prints: its columns and the cells (and conditions) of one object's row. */
export interface ResourcePrinter {
  columns: TableColumnDefinition[];
  row(obj: KubeObject, now: number): { cells: unknown[]; conditions?: TableRowCondition[] };
}

/** Shorthand for a column definition. */
export function column(
  name: string,
  description: string,
  priority = 0,
  type: TableColumnDefinition["type"] = "string",
  format = "",
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** The Name column every resource starts with. */
export const NAME_COLUMN = column(
  "Name",
  "Name must be unique within a namespace. Is required when creating resources, although some " +
    "resources may allow a client to request the generation of an appropriate name " +
    "automatically. Name is primarily intended for creation idempotence and configuration " +
    "definition. Cannot be updated.",
  0,
  "string",
  "name",
);

/** The Age column. */
export const AGE_COLUMN = column(
  "Age",
  "CreationTimestamp is a timestamp representing the server time when this object was " +
    "created. It is not guaranteed to be set in happens-before order across separate operations.",
);

/** Formats a label map as `k=v,k2=v2` (sorted), `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const map = m ?? {};
  const keys = Object.keys(map).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${map[k]}`).join(",");
}

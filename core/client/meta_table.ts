/**
 * The meta.k8s.io/v1 Table the server prints lists into (`Accept: …;as=Table`), as the client
 * reads it: column definitions (priority > 0 only in wide output) and rows with metadata.
 */
import type { KubeObject, ObjectMeta } from "../api/object.ts";

/** One column of a Table. */
export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** One row: the cells, and the object (PartialObjectMetadata or full) it shows. */
export interface TableRow {
  cells: unknown[];
  object?: { kind?: string; apiVersion?: string; metadata?: ObjectMeta };
}

/** A meta.k8s.io/v1 Table. */
export interface MetaTable {
  kind: "Table";
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/** True for a value shaped like a meta/v1 Table. */
export function isMetaTable(v: unknown): v is MetaTable {
  if (typeof v !== "object" || v === null) return false;
  const t = v as { kind?: unknown; rows?: unknown };
  return t.kind === "Table" && Array.isArray(t.rows);
}

/** A cell as text, the way kubectl prints it (objects as JSON, null as "<none>"). */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "<none>";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
  return JSON.stringify(cell);
}

/** How to turn a Table into text rows. */
export interface TableTextOptions {
  /** Show priority > 0 columns (`-o wide`). */
  wide?: boolean;
  /** Prepend a NAMESPACE column from row metadata (`-A`). */
  withNamespace?: boolean;
  /** Prefix the name column with "kind/" (when several types are listed together). */
  namePrefix?: string;
  /** Append a LABELS column (`--show-labels`). */
  showLabels?: boolean;
  /** Decorates a cell (colours the status column). */
  decorate?: (column: string, text: string) => string;
}

/** The header and body rows of `table`, as text. */
export function tableText(
  table: MetaTable,
  opts: TableTextOptions = {},
): { header: string[]; rows: string[][] } {
  const cols = (table.columnDefinitions ?? [])
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => opts.wide || !c.priority);
  const header = cols.map(({ c }) => c.name.toUpperCase());
  if (opts.withNamespace) header.unshift("NAMESPACE");
  if (opts.showLabels) header.push("LABELS");
  const rows = table.rows.map((row) => {
    const cells = cols.map(({ c, i }) => {
      let text = cellText(row.cells[i]);
      if (c.format === "name" && opts.namePrefix) text = `${opts.namePrefix}/${text}`;
      return opts.decorate ? opts.decorate(c.name, text) : text;
    });
    if (opts.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? "");
    if (opts.showLabels) cells.push(labelsText(row.object?.metadata?.labels));
    return cells;
  });
  return { header, rows };
}

/** Labels as "a=1,b=2" sorted by key, or "<none>". */
export function labelsText(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "<none>" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}

/** The objects of a table's rows (when the server included them). */
export function rowObjects(table: MetaTable): KubeObject[] {
  return table.rows.flatMap((r) => (r.object?.metadata ? [r.object as KubeObject] : []));
}

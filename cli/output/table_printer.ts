/**
 * Column-aligned text tables drawn with cli-table3 to look like kubectl's (no borders,
 * 3 spaces between columns, minimum column width, no trailing blanks).
 */
import Table from "cli-table3";
import { stripAnsi } from "./colors.ts";

/** Layout of a text table. */
export interface TableLayout {
  /** Minimum column width including the padding (kubectl: 6, the seed's kubecfg: 20). */
  minWidth: number;
  /** Spaces after each cell (3 in both kubectl and kubecfg). */
  padding: number;
}

/** kubectl's layout (tabwriter minwidth 6, padding 3). */
export const KUBECTL_LAYOUT: TableLayout = { minWidth: 6, padding: 3 };

/** The seed kubecfg's layout (tabwriter minwidth 20, padding 3). */
export const KUBECFG_LAYOUT: TableLayout = { minWidth: 20, padding: 3 };

const NO_BORDER = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "",
};

/** Display width of each column over `rows` (colours ignored), with layout applied. */
export function columnWidths(rows: string[][], layout: TableLayout = KUBECTL_LAYOUT): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      const w = Math.max(layout.minWidth, stripAnsi(cell).length + layout.padding);
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  return widths;
}

/** Above this many rows, tables are padded directly: cli-table3 costs about 1 ms a row. */
export const CLI_TABLE3_MAX_ROWS = 200;

/** The same layout as cli-table3 produces below, by plain padding (for big tables). */
export function padRows(rows: string[][], widths: number[]): string {
  return rows.map((row) =>
    row.map((cell, i) => {
      const text = cell.replaceAll("\n", " ");
      return text + " ".repeat(Math.max(0, (widths[i] ?? 0) - stripAnsi(text).length));
    }).join("").trimEnd()
  ).join("\n");
}

/**
 * Renders rows (the first is usually the header) as aligned lines; `widths` may force column
 * widths (to keep rows printed later by a watch aligned with the header).
 */
export function renderRows(
  rows: string[][],
  layout: TableLayout = KUBECTL_LAYOUT,
  widths: number[] = columnWidths(rows, layout),
): string {
  if (rows.length === 0) return "";
  if (rows.length > CLI_TABLE3_MAX_ROWS) return padRows(rows, widths);
  const table = new Table({
    chars: NO_BORDER,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
    colWidths: widths,
    wordWrap: false,
  });
  for (const row of rows) table.push(row.map((c) => c.replaceAll("\n", " ")));
  return table.toString().split("\n").map((line) => line.trimEnd()).join("\n");
}

/** Renders a header (upper-cased) and rows, kubectl style. */
export function renderTable(
  headers: string[],
  rows: string[][],
  layout: TableLayout = KUBECTL_LAYOUT,
): string {
  return renderRows([headers.map((h) => h.toUpperCase()), ...rows], layout);
}

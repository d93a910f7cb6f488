/**
 * Prints meta/v1 Tables as kubectl does for `get`: upper-case headers, wide columns only with
 * `-o wide`, a NAMESPACE column with `-A`, coloured status, and rows that arrive later
 * (`get -w`) aligned with the header already printed.
 */
import { type MetaTable, tableText, type TableTextOptions } from "../../core/client/meta_table.ts";
import { colorStatus } from "./colors.ts";
import { columnWidths, KUBECTL_LAYOUT, renderRows } from "./table_printer.ts";

/** Options of a TableWriter. */
export interface TableWriterOptions {
  wide?: boolean;
  allNamespaces?: boolean;
  showLabels?: boolean;
  /** Prefix names with "kind/" (several types in one `get`). */
  namePrefix?: string;
  noHeaders?: boolean;
}

function decorate(column: string, text: string): string {
  return column === "Status" ? colorStatus(text) : text;
}

/** Renders Tables, remembering column widths so that later rows line up. */
export class TableWriter {
  #widths: number[] | undefined;
  #columns: MetaTable["columnDefinitions"] = [];
  readonly #opts: TableTextOptions;
  readonly #noHeaders: boolean;

  constructor(opts: TableWriterOptions = {}) {
    this.#opts = {
      wide: opts.wide,
      withNamespace: opts.allNamespaces,
      showLabels: opts.showLabels,
      namePrefix: opts.namePrefix,
      decorate,
    };
    this.#noHeaders = opts.noHeaders ?? false;
  }

  /** True once a header has been printed (or headers are off). */
  get started(): boolean {
    return this.#widths !== undefined;
  }

  /** The text of `table`: the header with the first rows, then only rows; "" for no rows. */
  render(table: MetaTable): string {
    // Watch events after the first carry rows only; reuse the columns seen before.
    if ((table.columnDefinitions ?? []).length > 0) this.#columns = table.columnDefinitions;
    else table = { ...table, columnDefinitions: this.#columns };
    const { header, rows } = tableText(table, this.#opts);
    if (rows.length === 0) return "";
    const first = this.#widths === undefined;
    const all = first && !this.#noHeaders ? [header, ...rows] : rows;
    const widths = columnWidths(first ? [header, ...rows] : rows, KUBECTL_LAYOUT);
    if (this.#widths) this.#widths = widths.map((w, i) => Math.max(w, this.#widths?.[i] ?? 0));
    else this.#widths = widths;
    return all.length === 0 ? "" : renderRows(all, KUBECTL_LAYOUT, this.#widths);
  }
}

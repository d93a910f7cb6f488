/**
 * The text layout of `describe`: `Key:  value` lines whose values line up within each block of
 * the same indentation, nested sections, and small sub-tables (events, conditions, pods).
 */

type Line = { level: number; key: string; value?: string } | { level: number; raw: string };

/** Collects describe lines and renders them aligned like kubectl's tabwriter output. */
export class DescribeWriter {
  readonly #lines: Line[] = [];

  /** A `Key:  value` line (a section header when `value` is undefined). */
  field(level: number, key: string, value?: string): this {
    this.#lines.push({ level, key, value });
    return this;
  }

  /** A map as `Key:  k=v` with further entries on their own lines (or `<none>`). */
  map(level: number, key: string, m: Record<string, string> | undefined, sep = "="): this {
    const entries = Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return this.field(level, key, "<none>");
    this.field(level, key, `${entries[0][0]}${sep}${entries[0][1]}`);
    for (const [k, v] of entries.slice(1)) {
      this.#lines.push({ level, key: "", value: `${k}${sep}${v}` });
    }
    return this;
  }

  /** A sub-table at `level` (columns separated by two spaces, with a dashed header row). */
  table(level: number, headers: string[], rows: string[][], dashes = true): this {
    const all = dashes
      ? [headers, headers.map((h) => "-".repeat(h.length)), ...rows]
      : [headers, ...rows];
    const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
    for (const r of all) {
      const text = r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 2))).join("");
      this.#lines.push({ level, raw: text.trimEnd() });
    }
    return this;
  }

  /** A line printed as is at `level`. */
  raw(level: number, text: string): this {
    this.#lines.push({ level, raw: text });
    return this;
  }

  /**
   * The rendered text. As with kubectl's tabwriter, a run of `Key: value` lines (at any
   * indentation) shares one value column; section headers and tables end the run.
   */
  toString(): string {
    const out: string[] = [];
    let i = 0;
    while (i < this.#lines.length) {
      const line = this.#lines[i];
      if ("raw" in line) {
        out.push(`${"  ".repeat(line.level)}${line.raw}`);
        i++;
        continue;
      }
      if (line.value === undefined) {
        out.push(`${"  ".repeat(line.level)}${line.key}:`);
        i++;
        continue;
      }
      let j = i;
      let width = 0;
      while (j < this.#lines.length) {
        const l = this.#lines[j];
        if ("raw" in l || l.value === undefined) break;
        width = Math.max(width, l.level * 2 + (l.key === "" ? 0 : l.key.length + 1));
        j++;
      }
      for (const l of this.#lines.slice(i, j) as { level: number; key: string; value: string }[]) {
        const key = `${"  ".repeat(l.level)}${l.key === "" ? "" : `${l.key}:`}`;
        out.push(`${key.padEnd(width)}  ${l.value}`.trimEnd());
      }
      i = j;
    }
    return out.join("\n");
  }
}

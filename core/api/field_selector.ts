/**
 * Field selectors (`metadata.name=x`, `spec.nodeName!=`, `status.phase!=Failed`,
 * `involvedObject.uid=…`) with Kubernetes' escaping (`\,` `\=` `\\`) and error messages.
 */
import { SelectorError } from "./selector_error.ts";

export { objectFields, supportedFieldSelectors } from "./selectable_fields.ts";

/** A parsed field selector. */
export interface FieldSelector {
  matches(fields: Record<string, string>): boolean;
  empty(): boolean;
  /** The field names it uses (to check they are supported). */
  fieldNames(): string[];
  toString(): string;
}

/** One term of a field selector: `field=value` or `field!=value`. */
export interface FieldTerm {
  field: string;
  operator: "=" | "!=";
  value: string;
}

const OPERATORS = ["!=", "==", "="] as const;

/** A field selector made of terms that must all hold. */
export class TermsSelector implements FieldSelector {
  /** The terms, sorted as Kubernetes sorts them (by their text). */
  readonly terms: readonly FieldTerm[];

  constructor(terms: FieldTerm[]) {
    this.terms = terms;
  }

  matches(fields: Record<string, string>): boolean {
    return this.terms.every((t) => {
      const actual = fields[t.field] ?? "";
      return t.operator === "=" ? actual === t.value : actual !== t.value;
    });
  }

  empty(): boolean {
    return this.terms.length === 0;
  }

  fieldNames(): string[] {
    return [...new Set(this.terms.map((t) => t.field))];
  }

  /** The value required for `field` by an `=` term, if any (for indexed lookups). */
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator === "=")?.value;
  }

  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator}${escapeFieldValue(t.value)}`).join(",");
  }
}

/** Escapes `\`, `,` and `=` in a field selector value. */
export function escapeFieldValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/=/g, "\\=");
}

/** Reverses escapeFieldValue; throws SelectorError on a bad escape or an unescaped `,`/`=`. */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\") {
      const n = value[i + 1];
      if (n === "\\" || n === "," || n === "=") {
        out += n;
        i++;
        continue;
      }
      throw new SelectorError(
        `invalid field selector: invalid escape sequence: \\${n ?? ""}` +
          " (only \\\\, \\, and \\= may be escaped)",
      );
    }
    if (c === "," || c === "=") {
      throw new SelectorError(
        `invalid field selector: unescaped character in value: '${c}' in ${
          JSON.stringify(value)
        } (escape it with a backslash)`,
      );
    }
    out += c;
  }
  return out;
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === ",") {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Parses field selector text; throws SelectorError naming the bad part. */
export function parseFieldSelector(text: string): FieldSelector {
  const parts = splitTerms(text).map((p) => p.trim()).sort();
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) {
      throw new SelectorError(
        `invalid selector: '${text}'; can't understand '${part}' (use field=value or field!=value)`,
      );
    }
    const [field, op, rhs] = split;
    terms.push({ field, operator: op === "!=" ? "!=" : "=", value: unescapeFieldValue(rhs) });
  }
  return new TermsSelector(terms);
}

/** The selector matching exactly the given field/value pairs. */
export function fieldSelectorFromSet(set: Record<string, string>): FieldSelector {
  return new TermsSelector(
    Object.entries(set).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([field, value]) => ({
      field,
      operator: "=",
      value,
    })),
  );
}

/**
 * Label selectors (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`),
 * parsed with Kubernetes' grammar and error messages.
 */
import { fieldErrorText, fieldInvalid } from "./field_error.ts";
import { isQualifiedName, isValidLabelValue } from "./name_rules.ts";
import { SelectorError } from "./selector_error.ts";
import { type LabelToken, lexLabelSelector } from "./label_selector_lexer.ts";

export { SelectorError } from "./selector_error.ts";

/** A parsed label selector. */
export interface LabelSelector {
  /** True when `labels` satisfy every requirement. */
  matches(labels: Record<string, string> | undefined): boolean;
  /** True for the empty selector (matches everything). */
  empty(): boolean;
  /** Canonical text form. */
  toString(): string;
}

/** The operators of a label requirement. */
export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** One requirement of a label selector: key, operator and values. */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A selector made of requirements that must all hold (AND), sorted by key. */
export class RequirementsSelector implements LabelSelector {
  /** The requirements, sorted by key. */
  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: LabelRequirement[]) {
    this.requirements = [...requirements].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0
    );
  }

  matches(labels: Record<string, string> | undefined): boolean {
    const set = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, set));
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementText).join(",");
  }
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case "=":
    case "==":
    case "in":
      return has && r.values.includes(value as string);
    case "!=":
    case "notin":
      return !has || !r.values.includes(value as string);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has || !/^-?[0-9]+$/.test(value as string)) return false;
      const n = Number(value);
      const limit = Number(r.values[0]);
      return r.operator === "gt" ? n > limit : n < limit;
    }
  }
}

function requirementText(r: LabelRequirement): string {
  switch (r.operator) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "in":
    case "notin":
      return `${r.key} ${r.operator} (${[...r.values].sort().join(",")})`;
    case "gt":
      return `${r.key}>${r.values[0]}`;
    case "lt":
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** Builds one requirement, checking key and values as Kubernetes' NewRequirement does. */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: string[],
): LabelRequirement {
  const keyMsgs = isQualifiedName(key);
  if (keyMsgs.length) {
    throw new SelectorError(
      `unable to parse requirement: ${
        fieldErrorText(fieldInvalid("key", key, keyMsgs.join("; ")))
      }`,
    );
  }
  if ((operator === "in" || operator === "notin") && values.length === 0) {
    throw new SelectorError(
      "unable to parse requirement: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
  }
  if (["=", "==", "!="].includes(operator) && values.length !== 1) {
    throw new SelectorError(
      "unable to parse requirement: values: Invalid value: exact-match compatibility requires one single value",
    );
  }
  if (operator === "gt" || operator === "lt") {
    if (values.length !== 1 || !/^-?[0-9]+$/.test(values[0])) {
      throw new SelectorError(
        `unable to parse requirement: values[0]: Invalid value: ${
          JSON.stringify(values[0] ?? "")
        }: for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
  } else {
    values.forEach((v, i) => {
      const msgs = isValidLabelValue(v);
      if (msgs.length) {
        const err = fieldInvalid(`values[${i}][${key}]`, v, msgs.join("; "));
        throw new SelectorError(`unable to parse requirement: ${fieldErrorText(err)}`);
      }
    });
  }
  return { key, operator, values };
}

/** Parses selector text; throws SelectorError naming the bad part. */
export function parseLabelSelector(text: string): LabelSelector {
  return new RequirementsSelector(parseLabelRequirements(text));
}

/** Outside operator position the keywords `in` and `notin` are plain names and values. */
function isValue(t: LabelToken): boolean {
  return t.type === "id" || t.type === "in" || t.type === "notin";
}

/** Parses selector text into its requirements; throws SelectorError naming the bad part. */
export function parseLabelRequirements(text: string): LabelRequirement[] {
  const tokens = lexLabelSelector(text);
  let pos = 0;
  const peek = (): LabelToken => tokens[pos];
  const next = (): LabelToken => tokens[Math.min(pos++, tokens.length - 1)];
  const fail = (found: LabelToken, expected: string): never => {
    throw new SelectorError(`found '${found.text}', expected: ${expected}`);
  };
  const requirements: LabelRequirement[] = [];

  const parseValues = (): string[] => {
    const open = next();
    if (open.type !== "(") fail(open, "'('");
    const values: string[] = [];
    if (peek().type === ")") {
      next();
      return values;
    }
    for (;;) {
      const t = next();
      if (isValue(t)) values.push(t.text);
      else if (t.type === "," || t.type === ")") {
        values.push("");
        if (t.type === ")") return values;
        continue;
      } else fail(t, "identifier");
      const sep = next();
      if (sep.type === ")") return values;
      if (sep.type !== ",") fail(sep, "',' or ')'");
    }
  };

  const parseRequirement = (): LabelRequirement => {
    let t = next();
    const negated = t.type === "!";
    if (negated) t = next();
    if (!isValue(t)) fail(t, "identifier");
    const key = t.text;
    const after = peek().type;
    if (negated) return newRequirement(key, "!", []);
    if (after === "eos" || after === ",") return newRequirement(key, "exists", []);
    const op = next();
    switch (op.type) {
      case "in":
      case "notin":
        return newRequirement(key, op.type, parseValues());
      case "=":
      case "==":
      case "!=":
      case "gt":
      case "lt": {
        const v = peek();
        if (v.type === "eos" || v.type === ",") return newRequirement(key, op.type, [""]);
        next();
        if (!isValue(v)) fail(v, "identifier");
        return newRequirement(key, op.type, [v.text]);
      }
      default:
        return fail(op, "[!= == < = > in notin]");
    }
  };

  for (;;) {
    const t = peek();
    if (t.type === "eos") return requirements;
    if (!isValue(t) && t.type !== "!") fail(t, "!, identifier, or 'end of string'");
    requirements.push(parseRequirement());
    const sep = next();
    if (sep.type === "eos") return requirements;
    if (sep.type !== ",") fail(sep, "',' or 'end of string'");
    const after = peek();
    if (!isValue(after) && after.type !== "!") fail(after, "identifier after ','");
  }
}

/** The selector matching exactly the given key/value pairs (`spec.selector` of an RC). */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  return new RequirementsSelector(
    Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: "=", values: [value] })),
  );
}

/** True when every pair of `set` is in `labels` (an RC selector against pod labels). */
export function labelsMatchSet(
  set: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return selectorFromSet(set).matches(labels);
}

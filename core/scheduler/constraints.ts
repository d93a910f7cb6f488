/**
 * Marathon-style placement constraints, read from the pod annotation
 * `k8s.mesosphere.io/constraints` (JSON: `[["hostname","UNIQUE"],["rack","GROUP_BY","2"], …]`),
 * and checked against the agents where the pod's group (same controller or labels) runs.
 */

/** The annotation holding a pod's constraints. */
export const CONSTRAINTS_ANNOTATION = "k8s.mesosphere.io/constraints";

/** The operators Marathon defines. */
export type ConstraintOperator = "UNIQUE" | "CLUSTER" | "GROUP_BY" | "LIKE" | "UNLIKE" | "MAX_PER";

/** One constraint: a field (`hostname` or an agent attribute), an operator, maybe a value. */
export interface Constraint {
  field: string;
  operator: ConstraintOperator;
  value?: string;
}

/** Where a pod can run or runs: an agent's hostname and attributes (text values). */
export interface Site {
  hostname: string;
  attributes: Record<string, string>;
}

const OPERATORS: ConstraintOperator[] = [
  "UNIQUE",
  "CLUSTER",
  "GROUP_BY",
  "LIKE",
  "UNLIKE",
  "MAX_PER",
];

/** Parses the annotation's JSON; throws an Error naming the bad entry. */
export function parseConstraints(text: string): Constraint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `annotation ${CONSTRAINTS_ANNOTATION} is not JSON (${
        (e as Error).message
      }); write e.g. [["hostname","UNIQUE"]]`,
    );
  }
  if (!Array.isArray(raw)) {
    throw new Error(
      `annotation ${CONSTRAINTS_ANNOTATION} must be a JSON array of [field, operator, value?] entries`,
    );
  }
  return raw.map((entry, i) => {
    const where = `${CONSTRAINTS_ANNOTATION}[${i}]`;
    if (
      !Array.isArray(entry) || entry.length < 2 || entry.length > 3 ||
      !entry.every((x) => typeof x === "string")
    ) {
      throw new Error(
        `${where} = ${
          JSON.stringify(entry)
        } must be [field, operator] or [field, operator, value] of strings`,
      );
    }
    const [field, op, value] = entry as string[];
    const operator = op.toUpperCase() as ConstraintOperator;
    if (!OPERATORS.includes(operator)) {
      throw new Error(`${where}: unknown operator "${op}"; use one of ${OPERATORS.join(", ")}`);
    }
    if (
      (operator === "LIKE" || operator === "UNLIKE" || operator === "MAX_PER") &&
      value === undefined
    ) {
      throw new Error(`${where}: ${operator} needs a value`);
    }
    if (operator === "LIKE" || operator === "UNLIKE") {
      try {
        new RegExp(`^(?:${value})$`);
      } catch {
        throw new Error(`${where}: "${value}" is not a valid regular expression`);
      }
    }
    if (
      (operator === "MAX_PER" || operator === "GROUP_BY") && value !== undefined &&
      !/^[1-9]\d*$/.test(value)
    ) {
      throw new Error(`${where}: ${operator} value "${value}" must be a positive whole number`);
    }
    return { field, operator, value };
  });
}

/** The value of `field` at a site: the hostname for "hostname", else the attribute. */
export function fieldValue(site: Site, field: string): string | undefined {
  return field === "hostname" ? site.hostname : site.attributes[field];
}

/**
 * Whether `candidate` satisfies every constraint given where the group already runs
 * (`placed`, one site per running member) and every site known (`all`, for GROUP_BY).
 * Returns undefined when it does, else a sentence naming the constraint that failed.
 */
export function violatedConstraint(
  constraints: Constraint[],
  candidate: Site,
  placed: Site[],
  all: Site[],
): string | undefined {
  for (const c of constraints) {
    const v = fieldValue(candidate, c.field);
    const values = placed.map((s) => fieldValue(s, c.field));
    const count = values.filter((x) => x !== undefined && x === v).length;
    const show = `[${JSON.stringify(c.field)},"${c.operator}"${
      c.value !== undefined ? `,"${c.value}"` : ""
    }]`;
    switch (c.operator) {
      case "UNIQUE":
        if (v === undefined || count > 0) {
          return `${show}: ${c.field}=${v ?? "<none>"} already used`;
        }
        break;
      case "CLUSTER": {
        const want = c.value ?? values.find((x) => x !== undefined);
        if (v === undefined || (want !== undefined && v !== want)) {
          return `${show}: ${c.field}=${v ?? "<none>"} is not ${want}`;
        }
        break;
      }
      case "LIKE":
        if (v === undefined || !new RegExp(`^(?:${c.value})$`).test(v)) {
          return `${show}: ${c.field}=${v ?? "<none>"} does not match`;
        }
        break;
      case "UNLIKE":
        if (v !== undefined && new RegExp(`^(?:${c.value})$`).test(v)) {
          return `${show}: ${c.field}=${v} matches`;
        }
        break;
      case "MAX_PER":
        if (v === undefined || count >= Number(c.value)) {
          return `${show}: ${c.field}=${v ?? "<none>"} already has ${count}`;
        }
        break;
      case "GROUP_BY": {
        if (v === undefined) return `${show}: no ${c.field} attribute`;
        const known = new Set(
          all.map((s) => fieldValue(s, c.field)).filter((x) => x !== undefined),
        );
        const counts = new Map<string, number>([...known].map((k) => [k as string, 0]));
        for (const x of values) if (x !== undefined) counts.set(x, (counts.get(x) ?? 0) + 1);
        const min = Math.min(...counts.values());
        if ((counts.get(v) ?? 0) > min) {
          return `${show}: ${c.field}=${v} has more than the least used value`;
        }
        break;
      }
    }
  }
  return undefined;
}

/**
 * Field paths and field sets of server-side apply, and their FieldsV1 wire form
 * (`{"f:spec":{"f:containers":{"k:{\"name\":\"main\"}":{".":{},"f:image":{}}}}}`).
 * A path element is `f:<field>`, `k:<json of the merge key>` (a list item) or `v:<json>`
 * (a member of a set list).
 */

/** One field path, outermost element first. */
export type FieldPath = readonly string[];

const SEP = "\u0000";

/** The set key of a path (elements never hold a raw NUL: JSON escapes it). */
function keyOf(path: FieldPath): string {
  return path.join(SEP);
}

/** A set of field paths. */
export class FieldSet {
  readonly #paths = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const p of paths) this.add(p);
  }

  /** Adds a path. */
  add(path: FieldPath): void {
    this.#paths.set(keyOf(path), path);
  }

  /** Removes a path. */
  delete(path: FieldPath): void {
    this.#paths.delete(keyOf(path));
  }

  /** True if the set holds exactly this path. */
  has(path: FieldPath): boolean {
    return this.#paths.has(keyOf(path));
  }

  /** The number of paths. */
  get size(): number {
    return this.#paths.size;
  }

  /** Every path, in insertion order. */
  paths(): FieldPath[] {
    return [...this.#paths.values()];
  }

  /** True if a path strictly below `prefix` is in the set. */
  hasBelow(prefix: FieldPath): boolean {
    const start = keyOf(prefix) + SEP;
    for (const k of this.#paths.keys()) if (k.startsWith(start)) return true;
    return false;
  }

  /** The paths of this set that are not in `other`. */
  minus(other: FieldSet): FieldSet {
    return this.#filter((k) => !other.#paths.has(k));
  }

  /** The paths in both sets. */
  intersect(other: FieldSet): FieldSet {
    return this.#filter((k) => other.#paths.has(k));
  }

  /** The paths in either set. */
  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.#paths) out.#paths.set(k, p);
    for (const [k, p] of other.#paths) out.#paths.set(k, p);
    return out;
  }

  /** True if both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    if (this.size !== other.size) return false;
    for (const k of this.#paths.keys()) if (!other.#paths.has(k)) return false;
    return true;
  }

  #filter(keep: (key: string) => boolean): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.#paths) if (keep(k)) out.#paths.set(k, p);
    return out;
  }
}

type Tree = { [element: string]: Tree };

/** Encodes a field set as a FieldsV1 object (members are `{}`; inner members carry `"."`). */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  return fieldsV1Of((add) => {
    for (const path of set.paths()) add(path);
  });
}

/**
 * The FieldsV1 object of the paths `visit` reports (duplicates allowed): what toFieldsV1 of
 * their FieldSet gives, without building the set (the create path records managedFields so).
 */
export function fieldsV1Of(
  visit: (add: (path: FieldPath) => void) => void,
): Record<string, unknown> {
  const root: Tree = {};
  const members: Tree[] = [];
  visit((path) => {
    let node = root;
    for (const element of path) node = node[element] ??= {};
    members.push(node);
  });
  for (const node of members) {
    for (const _ in node) {
      node["."] = {};
      break;
    }
  }
  return sortTree(root);
}

function sortTree(node: Tree): Tree {
  const keys = Object.keys(node);
  if (keys.length === 0) return node;
  const out: Tree = {};
  for (const key of keys.sort()) out[key] = sortTree(node[key]);
  return out;
}

/** Decodes a FieldsV1 object into a field set; malformed input yields the paths it can read. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (node: unknown, path: string[]) => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [element, child] of Object.entries(node)) {
      if (element === ".") continue;
      const p = [...path, element];
      const obj = typeof child === "object" && child !== null
        ? child as Record<string, unknown>
        : {};
      const keys = Object.keys(obj);
      if (keys.length === 0 || keys.includes(".")) set.add(p);
      walk(obj, p);
    }
  };
  walk(fields, []);
  return set;
}

/** Writes a path as Kubernetes prints it in conflict causes (`.spec.containers[name="main"].image`). */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const element of path) {
    const body = element.slice(2);
    if (element.startsWith("f:")) out += `.${body}`;
    else if (element.startsWith("k:")) {
      const key = JSON.parse(body) as Record<string, unknown>;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
    } else if (element.startsWith("v:")) out += `[=${body}]`;
    else out += `.${element}`;
  }
  return out;
}

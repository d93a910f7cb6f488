/**
 * Field paths and field sets of server-side apply, and their FieldsV1 wire form
 * (`{"f:spec":{"f:containers":{"k:{\"name\":\"main\"}":{".":{},"f:image":{}}}}}`).
 * A path element is `f:<field>`, `k:<json of the merge key>` (a list item) or `v:<json>`
 * (a member of a set list).
 */

/** One field path, outermost element first. */
export type FieldPath = readonly string[];

/** A set of field paths. */
export class FieldSet {
  readonly #paths = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const p of paths) this.add(p);
  }

  /** Adds a path. */
  add(path: FieldPath): void {
    this.#paths.set(JSON.stringify(path), [...path]);
  }

  /** Removes a path. */
  delete(path: FieldPath): void {
    this.#paths.delete(JSON.stringify(path));
  }

  /** True if the set holds exactly this path. */
  has(path: FieldPath): boolean {
    return this.#paths.has(JSON.stringify(path));
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
    return this.paths().some((p) => p.length > prefix.length && prefix.every((e, i) => p[i] === e));
  }

  /** The paths of this set that are not in `other`. */
  minus(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((p) => !other.has(p)));
  }

  /** The paths in both sets. */
  intersect(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((p) => other.has(p)));
  }

  /** The paths in either set. */
  union(other: FieldSet): FieldSet {
    return new FieldSet([...this.paths(), ...other.paths()]);
  }

  /** True if both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    return this.size === other.size && this.paths().every((p) => other.has(p));
  }
}

type Tree = { [element: string]: Tree };

/** Encodes a field set as a FieldsV1 object (members are `{}`; inner members carry `"."`). */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Tree = {};
  const members = new Set(set.paths().map((p) => JSON.stringify(p)));
  for (const path of set.paths()) {
    let node = root;
    for (const element of path) node = node[element] ??= {};
  }
  const mark = (node: Tree, path: string[]) => {
    for (const [element, child] of Object.entries(node)) {
      const p = [...path, element];
      if (Object.keys(child).length > 0) {
        if (members.has(JSON.stringify(p))) child["."] = {};
        mark(child, p);
      }
    }
  };
  mark(root, []);
  return sortTree(root);
}

function sortTree(node: Tree): Tree {
  const out: Tree = {};
  for (const key of Object.keys(node).sort()) out[key] = sortTree(node[key]);
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

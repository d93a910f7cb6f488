/** JSON patch (RFC 6902) with JSON pointers (RFC 6901), the `application/json-patch+json` type. */

import { cloneJson, isRecord, jsonEqual } from "../../api/json_value.ts";
import { PatchError } from "./patch_error.ts";

export { PatchError } from "./patch_error.ts";

type Container = Record<string, unknown> | unknown[];

/** Splits a JSON pointer ("/a/b~1c") into its unescaped tokens (["a", "b/c"]). */
export function parsePointer(pointer: string, where: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) {
    throw new PatchError(
      `${where}: path "${pointer}" is not a JSON pointer; it must be empty or start with "/"`,
      true,
    );
  }
  return pointer.slice(1).split("/").map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function arrayIndex(arr: unknown[], token: string, where: string, forAdd: boolean): number {
  if (forAdd && token === "-") return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new PatchError(`${where}: "${token}" is not a valid array index`);
  }
  const i = Number(token);
  const max = forAdd ? arr.length : arr.length - 1;
  if (i > max) {
    throw new PatchError(`${where}: array index ${i} is out of range (length ${arr.length})`);
  }
  return i;
}

/** Walks to the parent container of the pointer's last token. */
function parentOf(doc: unknown, tokens: string[], where: string): Container {
  let cur: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      cur = cur[arrayIndex(cur, token, where, false)];
    } else if (isRecord(cur) && Object.hasOwn(cur, token)) {
      cur = cur[token];
    } else {
      throw new PatchError(`${where}: the path does not exist (missing "${token}")`);
    }
  }
  if (!Array.isArray(cur) && !isRecord(cur)) {
    throw new PatchError(`${where}: the parent of the path is not an object or array`);
  }
  return cur;
}

function getAt(doc: unknown, tokens: string[], where: string): unknown {
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, where, false)];
  if (!Object.hasOwn(parent, last)) {
    throw new PatchError(`${where}: the path does not exist (missing "${last}")`);
  }
  return parent[last];
}

function addAt(doc: unknown, tokens: string[], value: unknown, where: string): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, where, true), 0, value);
  else parent[last] = value;
  return doc;
}

function removeAt(doc: unknown, tokens: string[], where: string): unknown {
  if (tokens.length === 0) {
    throw new PatchError(`${where}: cannot remove the whole document`);
  }
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, where, false), 1);
  } else {
    if (!Object.hasOwn(parent, last)) {
      throw new PatchError(`${where}: the path does not exist (missing "${last}")`);
    }
    delete parent[last];
  }
  return doc;
}

function stringField(op: Record<string, unknown>, name: string, where: string): string {
  const v = op[name];
  if (typeof v !== "string") {
    throw new PatchError(`${where}: "${name}" is required and must be a string`, true);
  }
  return v;
}

/**
 * Copy-on-write for a patch whose result may share what it leaves alone with the target: the
 * containers on the way to a changed value are copied once (shallowly), everything else is
 * the target's.
 */
class SharedDoc {
  #owned = new Set<unknown>();

  #own(c: unknown): unknown {
    if (this.#owned.has(c)) return c;
    let copy: unknown = c;
    if (Array.isArray(c)) copy = [...c];
    else if (isRecord(c)) copy = { ...c };
    this.#owned.add(copy);
    return copy;
  }

  /** `doc` with its containers on the way to the pointer's parent made private. */
  ownPath(doc: unknown, tokens: string[], where: string): unknown {
    if (tokens.length === 0) return doc;
    parentOf(doc, tokens, where); // the errors of a path that does not exist
    const root = this.#own(doc) as Container;
    let cur = root;
    for (const token of tokens.slice(0, -1)) {
      const key = Array.isArray(cur) ? arrayIndex(cur, token, where, false) : token;
      const next = this.#own((cur as Record<string | number, unknown>)[key]) as Container;
      (cur as Record<string | number, unknown>)[key] = next;
      cur = next;
    }
    return root;
  }
}

/**
 * Applies an RFC 6902 JSON patch (an array of operations) to `target` and returns the result;
 * `target` is not modified. Throws {@link PatchError} naming the operation and path on failure.
 * With `shareUnchanged` the result shares the values the patch did not touch with `target`
 * (no deep copy), for callers that change neither afterwards.
 */
export function applyJsonPatch(target: unknown, ops: unknown, shareUnchanged = false): unknown {
  if (!Array.isArray(ops)) {
    throw new PatchError(
      "a JSON patch must be an array of operations like " +
        '[{"op":"replace","path":"/spec/replicas","value":3}]',
      true,
    );
  }
  const shared = shareUnchanged ? new SharedDoc() : undefined;
  let doc = shared ? target : cloneJson(target);
  const own = (tokens: string[], where: string) => {
    if (shared) doc = shared.ownPath(doc, tokens, where);
  };
  ops.forEach((raw, index) => {
    if (!isRecord(raw)) {
      throw new PatchError(`JSON patch operation ${index} is not an object`, true);
    }
    const opName = raw.op;
    const path = typeof raw.path === "string" ? raw.path : "";
    const where = `JSON patch operation ${index} (${String(opName)} ${JSON.stringify(path)})`;
    const tokens = parsePointer(stringField(raw, "path", where), where);
    const needValue = () => {
      if (!Object.hasOwn(raw, "value")) {
        throw new PatchError(`${where}: "value" is required`, true);
      }
      return cloneJson(raw.value);
    };
    switch (opName) {
      case "add": {
        const value = needValue();
        own(tokens, where);
        doc = addAt(doc, tokens, value, where);
        break;
      }
      case "remove":
        own(tokens, where);
        doc = removeAt(doc, tokens, where);
        break;
      case "replace":
        if (tokens.length === 0) doc = needValue();
        else {
          const value = needValue();
          getAt(doc, tokens, where);
          own(tokens, where);
          doc = addAt(removeAt(doc, tokens, where), tokens, value, where);
        }
        break;
      case "move": {
        const from = parsePointer(stringField(raw, "from", where), where);
        if (tokens.length > from.length && from.every((t, i) => tokens[i] === t)) {
          throw new PatchError(`${where}: cannot move a value into one of its own children`);
        }
        const value = getAt(doc, from, where);
        own(from, where);
        doc = removeAt(doc, from, where);
        own(tokens, where);
        doc = addAt(doc, tokens, value, where);
        break;
      }
      case "copy": {
        const from = parsePointer(stringField(raw, "from", where), where);
        const value = cloneJson(getAt(doc, from, where));
        own(tokens, where);
        doc = addAt(doc, tokens, value, where);
        break;
      }
      case "test": {
        const actual = getAt(doc, tokens, where);
        if (!jsonEqual(actual, raw.value)) {
          throw new PatchError(
            `${where}: test failed, the value is ${JSON.stringify(actual)}, not ${
              JSON.stringify(raw.value)
            }`,
          );
        }
        break;
      }
      default:
        throw new PatchError(
          `${where}: unknown operation ${JSON.stringify(opName)}; ` +
            "use add, remove, replace, move, copy or test",
          true,
        );
    }
  });
  return doc;
}

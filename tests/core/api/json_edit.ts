/** Test helper: edits decoded JSON by a dotted path (`spec.containers[0].image`, `ports[+]`). */

type Container = Record<string, unknown> | unknown[];

function step(cur: Container, key: string): unknown {
  return Array.isArray(cur) ? cur[Number(key)] : cur[key];
}

/** Sets `path` in `obj` to `value` (undefined deletes; `[+]` appends to an array). */
export function edit(obj: unknown, path: string, value: unknown): void {
  const keys = path.replace(/\[(\+|\d+)\]/g, ".$1").split(".");
  let cur = obj as Container;
  for (const k of keys.slice(0, -1)) {
    let next = step(cur, k);
    if (next === undefined) {
      next = {};
      if (Array.isArray(cur)) cur[Number(k)] = next;
      else cur[k] = next;
    }
    cur = next as Container;
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(cur)) {
    if (last === "+") cur.push(value);
    else if (value === undefined) cur.splice(Number(last), 1);
    else cur[Number(last)] = value;
  } else if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** A mutation setting each `path → value` pair in order. */
export function set(...pairs: [string, unknown][]): (obj: unknown) => void {
  return (obj) => {
    for (const [path, value] of pairs) edit(obj, path, value);
  };
}

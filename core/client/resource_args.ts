/**
 * Resolution of kubectl-style resource arguments: `pods`, `pod nginx web`, `svc,ep`,
 * `pods/nginx rc/web`, `all`, and the seed's `minions` and `replicationControllers`.
 */
import { apiVersionOf, findResource, type ResourceInfo, RESOURCES } from "../api/kinds.ts";
import type { ResourceRef } from "./resource_path.ts";

/** One resource type with the names asked for (empty = the whole collection). */
export interface TypedNames {
  info: ResourceInfo;
  names: string[];
}

/** The API location of `info` (with its group-version) in `namespace`, optionally one `name`. */
export function refOf(info: ResourceInfo, namespace?: string, name?: string): ResourceRef {
  const ref: ResourceRef = { resource: info.resource, namespace, name };
  if (info.group !== "") ref.groupVersion = apiVersionOf(info);
  return ref;
}

/** The resource for a type argument; throws kubectl's message for unknown ones. */
export function resolveType(type: string): ResourceInfo {
  const info = findResource(type) ?? findResource(type.replace(/s$/, ""));
  if (!info || !info.verbs.includes("get")) {
    throw new Error(
      `the server doesn't have a resource type "${type}"; known types: ` +
        RESOURCES.filter((r) => r.verbs.includes("get")).map((r) => r.resource).join(", "),
    );
  }
  return info;
}

/** Expands a comma list of types ("svc,ep", "all") into resources. */
export function resolveTypes(list: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const t of list.split(",").filter((x) => x !== "")) {
    const infos = t === "all" ? RESOURCES.filter((r) => r.all) : [resolveType(t)];
    for (const i of infos) if (!out.includes(i)) out.push(i);
  }
  return out;
}

/**
 * Parses `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…` arguments; `verb` names the command in the
 * error for no arguments.
 */
export function parseResourceArgs(args: string[], verb = "get"): TypedNames[] {
  if (args.length === 0) {
    throw new Error(
      `you must specify the type of resource to ${verb}, e.g. "pods", "services", ` +
        `"replicationcontrollers", "nodes"`,
    );
  }
  if (args[0].includes("/")) {
    const out: TypedNames[] = [];
    for (const a of args) {
      const slash = a.indexOf("/");
      if (slash <= 0 || slash === a.length - 1) {
        throw new Error(
          `arguments in resource/name form must have a single resource and name, not "${a}"`,
        );
      }
      const info = resolveType(a.slice(0, slash));
      const existing = out.find((t) => t.info === info);
      if (existing) existing.names.push(a.slice(slash + 1));
      else out.push({ info, names: [a.slice(slash + 1)] });
    }
    return out;
  }
  const infos = resolveTypes(args[0]);
  const names = args.slice(1);
  if (names.length > 0 && infos.length > 1) {
    throw new Error(
      `names go with one resource type; use TYPE/NAME arguments (e.g. "svc/${names[0]} ep/${
        names[0]
      }") for several types`,
    );
  }
  return infos.map((info) => ({ info, names: [...names] }));
}

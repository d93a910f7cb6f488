/**
 * Parses a `/api/v1/...` request into what it addresses: resource, namespace, name,
 * subresource and verb (get, list, watch, create, update, patch, delete, deletecollection),
 * including the legacy `/api/v1/watch/...` paths.
 */
import { type ResourceInfo, RESOURCES } from "../api/kinds.ts";
import * as errors from "../api/status.ts";

/** The Kubernetes verbs the handler serves. */
export type Verb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection";

/** What one request addresses. */
export interface RequestInfo {
  info: ResourceInfo;
  /** "" for cluster-scoped resources and all-namespace collections. */
  namespace: string;
  /** "" for collections. */
  name: string;
  /** "" unless a subresource (status, binding, scale, log) is addressed. */
  subresource: string;
  verb: Verb;
}

const BY_NAME = new Map(RESOURCES.map((r) => [r.resource, r]));

/** The resource info for a plural, or undefined. */
export function servedResource(resource: string): ResourceInfo | undefined {
  return BY_NAME.get(resource);
}

/**
 * Parses the path segments after `/api/v1/` (already split, URL-decoded). Throws 404 for an
 * unknown resource and 405 for a method the path does not take.
 */
export function parseRequestInfo(
  segments: string[],
  method: string,
  query: URLSearchParams,
): RequestInfo {
  let segs = segments;
  let watchPath = false;
  if (segs[0] === "watch") {
    watchPath = true;
    segs = segs.slice(1);
  }
  let namespace = "";
  let rest = segs;
  if (segs[0] === "namespaces" && segs.length >= 3 && BY_NAME.get(segs[2])?.namespaced) {
    namespace = segs[1];
    rest = segs.slice(2);
  }
  const [resource = "", name = "", subresource = "", ...extra] = rest;
  const info = BY_NAME.get(resource);
  const path = `/api/v1/${segments.join("/")}`;
  if (info === undefined || extra.length > 0) {
    throw new errors.ApiError(errors.makeStatus(
      404,
      "NotFound",
      `the server could not find the requested resource (${method} ${path})`,
      { kind: resource },
    ));
  }
  if (subresource !== "" && !(subresource in info.subresources)) {
    throw new errors.ApiError(errors.makeStatus(
      404,
      "NotFound",
      `the server could not find the requested resource: ${resource} has no subresource ` +
        `"${subresource}" (${method} ${path})`,
      { kind: resource },
    ));
  }
  const wantsWatch = watchPath || isTrue(query.get("watch"));
  const verb = verbFor(method, name !== "", wantsWatch);
  if (verb === undefined || (watchPath && method !== "GET")) {
    throw errors.methodNotAllowed(method, path);
  }
  if (verb === "create" && info.namespaced && namespace === "" && name === "") {
    throw errors.methodNotAllowed(method, path);
  }
  const allowed = subresource === "" ? info.verbs : info.subresources[subresource].verbs;
  if (!allowed.includes(verb) && !(subresource === "log" && verb === "get")) {
    throw errors.methodNotAllowed(method, path);
  }
  return { info, namespace, name, subresource, verb };
}

function verbFor(method: string, item: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case "GET":
    case "HEAD":
      return watch ? "watch" : item ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return item ? "update" : undefined;
    case "PATCH":
      return item ? "patch" : undefined;
    case "DELETE":
      return item ? "delete" : "deletecollection";
    default:
      return undefined;
  }
}

/** True for the query values Kubernetes treats as true. */
export function isTrue(v: string | null): boolean {
  return v === "true" || v === "1" || v === "True";
}

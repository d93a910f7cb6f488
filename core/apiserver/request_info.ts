/**
 * Parses a resource request (`/api/v1/...` or `/apis/GROUP/VERSION/...`) into what it
 * addresses: API group and version, resource, namespace, name, subresource and verb (get, list,
 * watch, create, update, patch, delete, deletecollection), including the legacy `.../watch/...`
 * paths. The result is what an authorizer decides on.
 */
import { groupVersionResources, type ResourceInfo } from "../api/kinds.ts";
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
  /** The API group ("" for core). */
  apiGroup: string;
  /** The API version ("v1"). */
  apiVersion: string;
  /** The resource plural ("pods", "roles"). */
  resource: string;
  /** "" for cluster-scoped resources and all-namespace collections. */
  namespace: string;
  /** "" for collections. */
  name: string;
  /** "" unless a subresource (status, binding, scale, log) is addressed. */
  subresource: string;
  verb: Verb;
}

/** A group and version whose resources a path addresses. */
export interface GroupVersion {
  group: string;
  version: string;
}

const CORE_V1: GroupVersion = { group: "", version: "v1" };

/** The core/v1 resource info for a plural, or undefined. */
export function servedResource(resource: string): ResourceInfo | undefined {
  return groupVersionResources("", "v1").find((r) => r.resource === resource);
}

/**
 * The request info of a resource path (`/api/v1/...` or `/apis/GROUP/VERSION/...`, segments
 * already split and URL-decoded), or undefined for any other path (discovery, health, OpenAPI:
 * non-resource requests). Throws an ApiError (404, 405) for a resource path that is not served.
 */
export function resourceRequestInfo(
  segments: string[],
  method: string,
  query: URLSearchParams,
): RequestInfo | undefined {
  if (segments[0] === "api" && segments[1] === "v1" && segments.length > 2) {
    return parseRequestInfo(segments.slice(2), method, query);
  }
  if (segments[0] === "apis" && segments.length > 3) {
    const gv = { group: segments[1], version: segments[2] };
    return parseRequestInfo(segments.slice(3), method, query, gv);
  }
  return undefined;
}

/**
 * Parses the path segments after `/api/v1/` (or `/apis/GROUP/VERSION/` with `gv`), already
 * split and URL-decoded. Throws 404 for an unknown resource and 405 for a method the path does
 * not take.
 */
export function parseRequestInfo(
  segments: string[],
  method: string,
  query: URLSearchParams,
  gv: GroupVersion = CORE_V1,
): RequestInfo {
  const served = groupVersionResources(gv.group, gv.version);
  const byName = (r: string) => served.find((x) => x.resource === r);
  const root = gv.group === "" ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
  let segs = segments;
  let watchPath = false;
  if (segs[0] === "watch") {
    watchPath = true;
    segs = segs.slice(1);
  }
  let namespace = "";
  let rest = segs;
  const path = `${root}/${segments.join("/")}`;
  // `namespaces/NS/X`: X is a namespaced resource unless it is a namespace subresource.
  const nsInfo = byName("namespaces");
  if (segs[0] === "namespaces" && segs.length >= 3 && !(segs[2] in (nsInfo?.subresources ?? {}))) {
    if (!byName(segs[2])?.namespaced) throw unknownResource(segs[2], method, path);
    namespace = segs[1];
    rest = segs.slice(2);
  }
  const [resource = "", name = "", subresource = "", ...extra] = rest;
  const info = byName(resource);
  if (info === undefined) throw unknownResource(resource, method, path);
  if (extra.length > 0) {
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
  return {
    info,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    namespace,
    name,
    subresource,
    verb,
  };
}

function unknownResource(resource: string, method: string, path: string): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(
    404,
    "NotFound",
    `the server could not find the requested resource: the server doesn't have a resource ` +
      `type "${resource}" (${method} ${path})`,
    { kind: resource },
  ));
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

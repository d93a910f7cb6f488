/**
 * What a request asks to do, for the authorizer: kube-apiserver's RequestInfoFactory. Resource
 * requests (`/api/v1/…`, `/apis/GROUP/VERSION/…`, the seed's `/api/v1beta1/…`) are parsed from
 * the path alone, whether or not the resource is served, so an unauthorised user learns nothing
 * (403 before 404); every other path is a non-resource request whose verb is the HTTP method.
 */
import type { AuthorizationAttributes } from "../../auth/rbac_rules.ts";
import type { UserInfo } from "../../auth/user_info.ts";
import { v1beta1Resource } from "../v1beta1_handler.ts";

/** Namespace subresources that keep `namespaces` as the resource (kube's namespaceSubresources). */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function isTrue(v: string | null): boolean {
  return v === "true" || v === "1";
}

function resourceVerb(method: string, name: string, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return watch ? "watch" : name === "" ? "list" : "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return name === "" ? "deletecollection" : "delete";
    default:
      return method.toLowerCase();
  }
}

/** The authorization attributes of a request whose path is split into decoded `segments`. */
export function requestAttributes(
  user: UserInfo,
  method: string,
  segments: string[],
  query: URLSearchParams,
  path: string,
): AuthorizationAttributes {
  const nonResource: AuthorizationAttributes = {
    user,
    verb: method === "HEAD" ? "get" : method.toLowerCase(),
    isResourceRequest: false,
    path,
  };
  let apiGroup: string;
  let apiVersion: string;
  let rest: string[];
  if (segments[0] === "api" && segments.length >= 3) {
    apiGroup = "";
    apiVersion = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments.length >= 4) {
    apiGroup = segments[1];
    apiVersion = segments[2];
    rest = segments.slice(3);
  } else {
    return nonResource;
  }
  if (apiGroup === "" && apiVersion === "v1beta1") {
    const resource = v1beta1Resource(rest[0]) || rest[0].toLowerCase();
    const name = rest[1] ?? "";
    const namespace = resource === "nodes" ? "" : query.get("namespace") || "default";
    return {
      user,
      verb: resourceVerb(method, name, false),
      isResourceRequest: true,
      apiGroup,
      apiVersion,
      resource,
      subresource: "",
      namespace,
      name,
    };
  }
  let watch = false;
  if (rest[0] === "watch") {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  const [resource = "", name = "", subresource = ""] = rest;
  if (resource === "") return nonResource;
  if (!watch && isTrue(query.get("watch")) && (method === "GET" || method === "HEAD")) {
    watch = true;
  }
  return {
    user,
    verb: resourceVerb(method, name, watch),
    isResourceRequest: true,
    apiGroup,
    apiVersion,
    resource,
    subresource,
    namespace,
    name,
  };
}

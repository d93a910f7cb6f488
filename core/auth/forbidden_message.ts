/**
 * kube-apiserver's 403 for a request the authorizer denied: the message names the user, the
 * verb and the resource (with subresource) in its API group and namespace, or the path of a
 * non-resource request, prefixed the way apimachinery's NewForbidden does
 * (`pods "web" is forbidden: …`, `forbidden: …` for paths), with the authorizer's reason after a
 * colon when there is one.
 */
import { makeStatus, type Status } from "../api/status.ts";
import type { AuthorizationAttributes } from "./rbac_rules.ts";

/** Go's %q for the strings that occur here (JSON escaping is the same for printable text). */
function q(s: string): string {
  return JSON.stringify(s);
}

/** The authorizer part: `User "alice" cannot list resource "pods" in API group "" in …`. */
export function denialDescription(attrs: AuthorizationAttributes): string {
  const user = q(attrs.user.name);
  if (!attrs.isResourceRequest) {
    return `User ${user} cannot ${attrs.verb} path ${q(attrs.path ?? "")}`;
  }
  const resource = attrs.subresource
    ? `${attrs.resource ?? ""}/${attrs.subresource}`
    : (attrs.resource ?? "");
  const where = attrs.namespace ? `in the namespace ${q(attrs.namespace)}` : "at the cluster scope";
  return `User ${user} cannot ${attrs.verb} resource ${q(resource)} in API group ${
    q(attrs.apiGroup ?? "")
  } ${where}`;
}

/** `resource.group` (just `resource` for the core group), as GroupResource.String(). */
function qualifiedResource(attrs: AuthorizationAttributes): string {
  const resource = attrs.resource ?? "";
  return attrs.apiGroup ? `${resource}.${attrs.apiGroup}` : resource;
}

/**
 * The full 403 message kube-apiserver sends, e.g.
 * `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`;
 * `reason` (the authorizer's, may be "") is appended after ": ".
 */
export function forbiddenMessage(attrs: AuthorizationAttributes, reason = ""): string {
  const err = reason ? `${denialDescription(attrs)}: ${reason}` : denialDescription(attrs);
  const gr = attrs.isResourceRequest ? qualifiedResource(attrs) : "";
  if (gr === "") return `forbidden: ${err}`;
  if (!attrs.name) return `${gr} is forbidden: ${err}`;
  return `${gr} ${q(attrs.name)} is forbidden: ${err}`;
}

/** The 403 Status (reason Forbidden, details group/kind/name) carrying forbiddenMessage. */
export function forbiddenStatus(attrs: AuthorizationAttributes, reason = ""): Status {
  const details = attrs.isResourceRequest
    ? {
      ...(attrs.name ? { name: attrs.name } : {}),
      ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}),
      kind: attrs.resource ?? "",
    }
    : {};
  return makeStatus(403, "Forbidden", forbiddenMessage(attrs, reason), details);
}

/**
 * The 403 message of an admission refusal (kube-apiserver's admission.NewForbidden), e.g.
 * `nodes "b" is forbidden: node "a" is not allowed to modify node "b"`; `name` defaults to
 * attrs.name (pass the new object's name for creates).
 */
export function admissionForbiddenMessage(
  attrs: AuthorizationAttributes,
  reason: string,
  name = attrs.name ?? "",
): string {
  const gr = qualifiedResource(attrs);
  return name === "" ? `${gr} is forbidden: ${reason}` : `${gr} ${q(name)} is forbidden: ${reason}`;
}

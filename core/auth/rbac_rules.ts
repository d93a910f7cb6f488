/**
 * What a request asks to do (kube-apiserver's authorizer.Attributes) and whether one RBAC
 * PolicyRule allows it, with Kubernetes' matching rules: "*" wildcards for verbs, API groups and
 * resources; `pods/log` style subresources and `*\/scale` for one subresource of every
 * resource; resourceNames (which never match a request without a name, such as list, watch,
 * create or deletecollection); non-resource URLs exactly or by a trailing "*" prefix.
 */
import type { PolicyRule } from "../api/types/rbac.ts";
import type { UserInfo } from "./user_info.ts";

/** The facts an authorizer judges a request on. */
export interface AuthorizationAttributes {
  user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection (or impersonate, …). */
  verb: string;
  /** True for /api and /apis object requests; false for other paths (/version, /healthz). */
  isResourceRequest: boolean;
  /** The API group ("" for core/v1). */
  apiGroup?: string;
  /** The API version (used only in the 403 Status details). */
  apiVersion?: string;
  /** The resource, plural lower case ("pods"). */
  resource?: string;
  /** The subresource ("log", "status"), or "". */
  subresource?: string;
  /** The namespace, or "" for cluster-scoped and all-namespaces requests. */
  namespace?: string;
  /** The object's name, or "" (list, watch, create, deletecollection). */
  name?: string;
  /** The request path (non-resource requests). */
  path?: string;
}

/** The wildcard matching every verb, group, resource or URL. */
export const WILDCARD = "*";

/** True when the rule lists `verb` or "*". */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === WILDCARD || v === verb);
}

/** True when the rule lists `group` or "*". */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === WILDCARD || g === group);
}

/**
 * True when the rule names `resource/subresource` (or "*", or "*\/subresource"). A rule naming
 * the bare resource does not cover its subresources.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === "" ? resource : `${resource}/${subresource}`;
  return (rule.resources ?? []).some((r) =>
    r === WILDCARD || r === combined || (subresource !== "" && r === `*/${subresource}`)
  );
}

/** True when the rule has no resourceNames or lists `name` (an empty name never matches). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return names.includes(name);
}

/** True when the rule lists `path`, "*", or a prefix of it ending in "*". */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) =>
    u === WILDCARD || u === path || (u.endsWith("*") && path.startsWith(u.slice(0, -1)))
  );
}

/** True when `rule` allows the request described by `attrs`. */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.isResourceRequest) return nonResourceURLMatches(rule, attrs.path ?? "");
  return apiGroupMatches(rule, attrs.apiGroup ?? "") &&
    resourceMatches(rule, attrs.resource ?? "", attrs.subresource ?? "") &&
    resourceNameMatches(rule, attrs.name ?? "");
}

/** Structural equality of two rules (order of list entries included), for de-duplication. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x?: string[], y?: string[]) =>
    (x ?? []).length === (y ?? []).length && (x ?? []).every((v, i) => v === (y ?? [])[i]);
  return eq(a.verbs, b.verbs) && eq(a.apiGroups, b.apiGroups) && eq(a.resources, b.resources) &&
    eq(a.resourceNames, b.resourceNames) && eq(a.nonResourceURLs, b.nonResourceURLs);
}

/**
 * kube-apiserver's validation of the rbac.authorization.k8s.io kinds: names that are path
 * segments, rules with verbs (non-resource URLs only in ClusterRoles), roleRef required,
 * of a supported kind and immutable, and well-formed subjects. Also the v1 defaults.
 */
import type { KubeObject } from "../object.ts";
import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { Checker, child, index } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import { RBAC_GROUP } from "../types/rbac.ts";

/** kube's path-segment name rule: not "." or "..", no "/" or "%". */
export function isPathSegmentName(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  const out: string[] = [];
  for (const bad of ["/", "%"]) if (name.includes(bad)) out.push(`may not contain '${bad}'`);
  return out;
}

const PATH_SEGMENT = nameRule(isPathSegmentName);

function validateRules(c: Checker, obj: JsonRecord, namespaced: boolean): void {
  for (const [i, rule] of (c.recs(obj, "rules", "") ?? []).entries()) {
    const path = index("rules", i);
    const verbs = c.strs(rule, "verbs", path) ?? [];
    const groups = c.strs(rule, "apiGroups", path) ?? [];
    const resources = c.strs(rule, "resources", path) ?? [];
    const names = c.strs(rule, "resourceNames", path) ?? [];
    const urls = c.strs(rule, "nonResourceURLs", path) ?? [];
    if (verbs.length === 0) {
      c.add(fieldRequired(child(path, "verbs"), "verbs must contain at least one value"));
    }
    if (urls.length > 0) {
      if (namespaced) {
        c.add(fieldInvalid(
          child(path, "nonResourceURLs"),
          urls,
          "namespaced rules cannot apply to non-resource URLs",
        ));
      }
      if (groups.length > 0 || resources.length > 0 || names.length > 0) {
        c.add(fieldInvalid(
          child(path, "nonResourceURLs"),
          urls,
          "rules cannot apply to both regular resources and non-resource URLs",
        ));
      }
      continue;
    }
    if (groups.length === 0) {
      c.add(fieldRequired(
        child(path, "apiGroups"),
        "resource rules must supply at least one api group",
      ));
    }
    if (resources.length === 0) {
      c.add(fieldRequired(
        child(path, "resources"),
        "resource rules must supply at least one resource",
      ));
    }
  }
}

/** Validates a Role (`namespaced`) or ClusterRole. */
export function validateRole(obj: KubeObject, namespaced: boolean): FieldError[] {
  const c = new Checker();
  validateObjectMeta(c, obj as unknown as JsonRecord, namespaced, PATH_SEGMENT);
  validateRules(c, obj as unknown as JsonRecord, namespaced);
  return c.errors;
}

function validateSubjects(c: Checker, obj: JsonRecord, namespaced: boolean): void {
  for (const [i, s] of (c.recs(obj, "subjects", "") ?? []).entries()) {
    const path = index("subjects", i);
    const name = c.str(s, "name", path) ?? "";
    const kind = c.str(s, "kind", path) ?? "";
    const apiGroup = c.str(s, "apiGroup", path) ?? "";
    const namespace = c.str(s, "namespace", path) ?? "";
    if (name === "") c.add(fieldRequired(child(path, "name")));
    switch (kind) {
      case "ServiceAccount":
        if (apiGroup !== "") c.add(fieldNotSupported(child(path, "apiGroup"), apiGroup, [""]));
        if (name !== "") {
          for (const msg of isPathSegmentName(name)) {
            c.add(fieldInvalid(child(path, "name"), name, msg));
          }
        }
        if (namespace === "" && !namespaced) c.add(fieldRequired(child(path, "namespace")));
        break;
      case "User":
      case "Group":
        if (apiGroup !== RBAC_GROUP) {
          c.add(fieldNotSupported(child(path, "apiGroup"), apiGroup, [RBAC_GROUP]));
        }
        break;
      default:
        c.add(fieldNotSupported(child(path, "kind"), kind, ["ServiceAccount", "User", "Group"]));
    }
  }
}

/** Validates a RoleBinding (`namespaced`) or ClusterRoleBinding; `old` on update. */
export function validateBinding(
  obj: KubeObject,
  namespaced: boolean,
  old?: KubeObject,
): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  validateObjectMeta(c, rec, namespaced, PATH_SEGMENT);
  const ref = isRecord(rec.roleRef) ? rec.roleRef : undefined;
  if (ref === undefined) {
    c.add(fieldRequired("roleRef"));
  } else {
    const apiGroup = c.str(ref, "apiGroup", "roleRef") ?? "";
    const kind = c.str(ref, "kind", "roleRef") ?? "";
    const name = c.str(ref, "name", "roleRef") ?? "";
    if (apiGroup !== RBAC_GROUP) {
      c.add(fieldNotSupported("roleRef.apiGroup", apiGroup, [RBAC_GROUP]));
    }
    const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
    if (!kinds.includes(kind)) c.add(fieldNotSupported("roleRef.kind", kind, kinds));
    if (name === "") c.add(fieldRequired("roleRef.name"));
    else for (const msg of isPathSegmentName(name)) c.add(fieldInvalid("roleRef.name", name, msg));
  }
  validateSubjects(c, rec, namespaced);
  if (old !== undefined && JSON.stringify(old.roleRef) !== JSON.stringify(rec.roleRef)) {
    c.add(fieldInvalid("roleRef", rec.roleRef, "cannot change roleRef"));
  }
  return c.errors;
}

/** The v1 defaults: subjects' and roleRef's apiGroup from their kind. */
export function defaultBinding(obj: KubeObject): void {
  const rec = obj as unknown as JsonRecord;
  if (
    isRecord(rec.roleRef) && (rec.roleRef.apiGroup === undefined || rec.roleRef.apiGroup === "")
  ) {
    rec.roleRef.apiGroup = RBAC_GROUP;
  }
  if (!Array.isArray(rec.subjects)) return;
  for (const s of rec.subjects) {
    if (!isRecord(s) || (s.apiGroup !== undefined && s.apiGroup !== "")) continue;
    if (s.kind === "User" || s.kind === "Group") s.apiGroup = RBAC_GROUP;
    else if (s.kind === "ServiceAccount") s.apiGroup = "";
  }
}

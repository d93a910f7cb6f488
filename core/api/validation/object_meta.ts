/** Validation of ObjectMeta (names, namespace, labels, annotations) and its immutable parts. */
import {
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  fieldTooLong,
  fieldTypeInvalid,
} from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from "../name_rules.ts";
import { type Checker, child } from "./checker.ts";

/** Kubernetes' limit on the total size of an object's annotations. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** A name rule: the problems with `name` (`prefix` when checking a generateName). */
export type NameRule = (name: string, prefix: boolean) => string[];

/** Wraps a plain rule so a generateName prefix may end in '-'. */
export function nameRule(rule: (name: string) => string[]): NameRule {
  return (name, prefix) => rule(prefix && name.endsWith("-") ? `${name.slice(0, -1)}a` : name);
}

/** Validates a label map at `path` (keys qualified names, values label values). */
export function validateLabels(c: Checker, labels: Record<string, string>, path: string): void {
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) c.add(fieldInvalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) c.add(fieldInvalid(path, v, msg));
  }
}

/** Validates an annotation map at `path` (qualified keys, 256 KiB total). */
export function validateAnnotations(
  c: Checker,
  annotations: Record<string, string>,
  path: string,
): void {
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) c.add(fieldInvalid(path, k, msg));
    size += k.length + v.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) c.add(fieldTooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** Validates an object's metadata: name (by `rule`), namespace, labels, annotations. */
export function validateObjectMeta(
  c: Checker,
  obj: JsonRecord,
  namespaced: boolean,
  rule: NameRule,
  path = "metadata",
): void {
  if (!isRecord(obj.metadata)) {
    c.add(
      obj.metadata === undefined
        ? fieldRequired(path)
        : fieldTypeInvalid(path, obj.metadata, "must be an object"),
    );
    return;
  }
  const meta = obj.metadata;
  const name = c.str(meta, "name", path) ?? "";
  const generateName = c.str(meta, "generateName", path) ?? "";
  if (generateName) {
    for (const msg of rule(generateName, true)) {
      c.add(fieldInvalid(child(path, "generateName"), generateName, msg));
    }
  }
  if (!name) {
    if (!generateName) {
      c.add(fieldRequired(child(path, "name"), "name or generateName is required"));
    }
  } else {
    for (const msg of rule(name, false)) c.add(fieldInvalid(child(path, "name"), name, msg));
  }
  const namespace = c.str(meta, "namespace", path) ?? "";
  if (namespaced) {
    if (!namespace) c.add(fieldRequired(child(path, "namespace")));
    else {
      for (const msg of isDNS1123Label(namespace)) {
        c.add(fieldInvalid(child(path, "namespace"), namespace, msg));
      }
    }
  } else if (namespace) {
    c.add(fieldForbidden(child(path, "namespace"), "not allowed on this type"));
  }
  const generation = c.int(meta, "generation", path);
  if (generation !== undefined && generation < 0) {
    c.add(
      fieldInvalid(child(path, "generation"), generation, "must be greater than or equal to 0"),
    );
  }
  const labels = c.strMap(meta, "labels", path);
  if (labels) validateLabels(c, labels, child(path, "labels"));
  const annotations = c.strMap(meta, "annotations", path);
  if (annotations) validateAnnotations(c, annotations, child(path, "annotations"));
  c.strs(meta, "finalizers", path);
  for (const [i, ref] of (c.recs(meta, "ownerReferences", path) ?? []).entries()) {
    const refPath = `${child(path, "ownerReferences")}[${i}]`;
    for (const key of ["apiVersion", "kind", "name", "uid"]) {
      if (!c.str(ref, key, refPath)) c.add(fieldRequired(child(refPath, key)));
    }
  }
}

/** On update: name, namespace, uid and creationTimestamp may not change. */
export function validateObjectMetaUpdate(c: Checker, obj: JsonRecord, old: JsonRecord): void {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const oldMeta = isRecord(old.metadata) ? old.metadata : {};
  for (const key of ["name", "namespace", "uid", "creationTimestamp"]) {
    const now = meta[key];
    const before = oldMeta[key];
    if (now === undefined || now === null || now === "") continue;
    if (before === undefined || before === null || before === "") continue;
    if (now !== before) c.add(fieldInvalid(`metadata.${key}`, now, "field is immutable"));
  }
}

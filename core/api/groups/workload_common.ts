/**
 * What the workload kinds (apps/v1 ReplicaSet, Deployment; batch/v1 Job, CronJob) share in
 * their declarations: status kept on main-resource updates and reset on create, pod template
 * defaults, selector and template validation, the `status` and `scale` subresources and the
 * Age column.
 */
import type { KubeObject } from "../object.ts";
import type { FieldError } from "../field_error.ts";
import { fieldInvalid, fieldRequired } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { defaultPodSpec } from "../defaults.ts";
import { selectorFromObject } from "../label_selector_object.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import { validateNonnegative } from "../validation/probe.ts";
import { validatePodTemplate } from "../validation/replication_controller.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";
import type { KindBehaviour, PrinterColumnSpec } from "./kind_declaration.ts";
import type { ResourceInfo } from "../kinds.ts";

/** The `status` subresource of `kind`. */
export function statusSubresource(kind: string): ResourceInfo["subresources"] {
  return { status: { kind, verbs: ["get", "patch", "update"] } };
}

/** The `status` and autoscaling/v1 `scale` subresources of `kind`. */
export function scalableSubresources(kind: string): ResourceInfo["subresources"] {
  return {
    ...statusSubresource(kind),
    scale: { kind: "Scale", verbs: ["get", "patch", "update"], apiVersion: "autoscaling/v1" },
  };
}

/** The Age column. */
export function ageColumn(what: string): PrinterColumnSpec {
  return {
    name: "Age",
    type: "string",
    description: `How long ago the ${what} was created.`,
    cell: (obj, now) => ageSince(obj.metadata.creationTimestamp, now),
  };
}

/** The spec of a workload object as a record (empty when absent). */
export function specOf(obj: KubeObject): JsonRecord {
  return isRecord(obj.spec) ? obj.spec : {};
}

/** Defaults the pod spec of `template` (a record holding `spec`), if there is one. */
export function defaultTemplate(template: unknown): void {
  if (isRecord(template) && isRecord(template.spec)) defaultPodSpec(template.spec);
}

/**
 * A workload's registry behaviour: status reset on create and kept on updates of the main
 * resource; `defaults` and `validateSpec` (given the spec record and a checker) added.
 */
export function workloadBehaviour(
  defaults: (obj: KubeObject, spec: JsonRecord) => void,
  validateSpec: (c: Checker, spec: JsonRecord, obj: KubeObject, old?: KubeObject) => void,
  onCreate?: (obj: KubeObject) => void,
): KindBehaviour {
  return {
    prepareForCreate(obj) {
      delete obj.status;
      onCreate?.(obj);
    },
    prepareForUpdate(obj, old) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    },
    defaults(obj) {
      if (isRecord(obj.spec)) defaults(obj, obj.spec);
    },
    validate(obj, old): FieldError[] {
      const c = new Checker();
      const rec = obj as unknown as JsonRecord;
      validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
      const spec = c.rec(rec, "spec", "");
      if (!spec) c.add(fieldRequired("spec"));
      else validateSpec(c, spec, obj, old);
      return c.errors;
    },
  };
}

/**
 * Validates `spec.selector` (required, not empty, matching the template's labels) and
 * `spec.template` with the allowed restart policies.
 */
export function validateSelectedTemplate(
  c: Checker,
  spec: JsonRecord,
  kind: string,
  restartPolicies: string[] = ["Always"],
): void {
  const sel = c.rec(spec, "selector", "spec");
  if (!sel) {
    c.add(fieldRequired("spec.selector"));
    validatePodTemplate(c, spec, undefined, restartPolicies, kind);
    return;
  }
  const selector = selectorFromObject(sel);
  if (selector.empty()) {
    c.add(fieldInvalid("spec.selector", sel, "empty selector is invalid for deployment"));
  }
  validatePodTemplate(c, spec, (l) => selector.matches(l), restartPolicies, kind);
}

/** Refuses a change of `spec.selector` on update. */
export function selectorImmutable(c: Checker, spec: JsonRecord, old?: KubeObject): void {
  const before = isRecord(old?.spec) ? old.spec.selector : undefined;
  if (old && JSON.stringify(before) !== JSON.stringify(spec.selector)) {
    c.add(fieldInvalid("spec.selector", spec.selector, "field is immutable"));
  }
}

/** Checks that the named integer fields of `spec` are not negative. */
export function validateCounts(c: Checker, spec: JsonRecord, keys: string[]): void {
  for (const k of keys) validateNonnegative(c, c.int(spec, k, "spec"), `spec.${k}`);
}

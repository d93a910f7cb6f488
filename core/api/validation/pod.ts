/** Validation of pods on create and update (Kubernetes' pod-spec immutability rule). */
import { fieldForbidden, fieldInvalid, fieldRequired, fieldTypeInvalid } from "../field_error.ts";
import { cloneJson, isRecord, jsonEqual, type JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import type { Checker } from "./checker.ts";
import { nameRule, validateObjectMeta, validateObjectMetaUpdate } from "./object_meta.ts";
import { validatePodSpec } from "./pod_spec.ts";

/** What Kubernetes says may change in a pod's spec after creation. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

const PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

/** Validates a new pod. */
export function validatePod(c: Checker, pod: JsonRecord): void {
  validateObjectMeta(c, pod, true, nameRule(isDNS1123Subdomain));
  const spec = c.rec(pod, "spec", "");
  if (spec) validatePodSpec(c, spec, "spec");
  else if (pod.spec === undefined || pod.spec === null) c.add(fieldRequired("spec.containers"));
  validatePodStatus(c, pod);
}

/**
 * Validates a status write (`pods/{name}/status`) whose spec is the stored one: metadata and
 * status only, as Kubernetes' status strategy does (the writer cannot change the spec, so it is
 * not validated again); the errors a bad status or metadata gets are validatePodUpdate's.
 */
export function validatePodStatusUpdate(c: Checker, pod: JsonRecord, old: JsonRecord): void {
  validateObjectMeta(c, pod, true, nameRule(isDNS1123Subdomain));
  validatePodStatus(c, pod);
  validateObjectMetaUpdate(c, pod, old);
}

function validatePodStatus(c: Checker, pod: JsonRecord): void {
  const status = c.rec(pod, "status", "");
  if (status) {
    const phase = c.str(status, "phase", "status");
    if (phase && !PHASES.includes(phase)) {
      c.add(fieldInvalid("status.phase", phase, `must be one of ${PHASES.join(", ")}`));
    }
    c.str(status, "podIP", "status");
    c.str(status, "hostIP", "status");
    c.recs(status, "conditions", "status");
    c.recs(status, "containerStatuses", "status");
  }
}

function describeDiff(before: unknown, after: unknown, path: string, out: string[]): void {
  if (out.length >= 20 || jsonEqual(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      describeDiff(before[k], after[k], `${path}.${k}`, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((v, i) => describeDiff(v, after[i], `${path}[${i}]`, out));
    return;
  }
  if (before !== undefined) out.push(`-   ${path}: ${JSON.stringify(before)}`);
  if (after !== undefined) out.push(`+   ${path}: ${JSON.stringify(after)}`);
}

function copyImages(newSpec: JsonRecord, oldSpec: JsonRecord, key: string): void {
  const now = newSpec[key];
  const before = oldSpec[key];
  if (!Array.isArray(now) || !Array.isArray(before) || now.length !== before.length) return;
  now.forEach((ctr, i) => {
    if (isRecord(ctr) && isRecord(before[i])) ctr.image = before[i].image;
  });
}

/** Validates an update of a pod against the stored one: metadata and spec immutability. */
export function validatePodUpdate(c: Checker, pod: JsonRecord, old: JsonRecord): void {
  validatePod(c, pod);
  validateObjectMetaUpdate(c, pod, old);
  if (!isRecord(pod.spec) || !isRecord(old.spec)) return;
  const oldSpec = old.spec;
  const munged = cloneJson(pod.spec);
  copyImages(munged, oldSpec, "containers");
  copyImages(munged, oldSpec, "initContainers");
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  const newDeadline = munged.activeDeadlineSeconds;
  if (typeof oldDeadline === "number") {
    if (newDeadline === undefined || newDeadline === null) {
      c.add(
        fieldInvalid(
          "spec.activeDeadlineSeconds",
          null,
          "must not update from a positive integer to nil value",
        ),
      );
    } else if (typeof newDeadline === "number" && newDeadline > oldDeadline) {
      c.add(
        fieldInvalid(
          "spec.activeDeadlineSeconds",
          newDeadline,
          "must be less than or equal to previous value",
        ),
      );
    }
  }
  munged.activeDeadlineSeconds = oldDeadline;
  const oldTolerations = Array.isArray(oldSpec.tolerations) ? oldSpec.tolerations : [];
  const newTolerations = Array.isArray(munged.tolerations) ? munged.tolerations : [];
  if (oldTolerations.every((t) => newTolerations.some((n) => jsonEqual(t, n)))) {
    munged.tolerations = oldSpec.tolerations;
  }
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  // k8sm binds by updating spec.nodeName, so it stays free here.
  munged.nodeName = oldSpec.nodeName;
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!jsonEqual(munged, oldSpec)) {
    const diff: string[] = [];
    describeDiff(oldSpec, munged, "spec", diff);
    c.add(
      fieldForbidden(
        "spec",
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(",")}\n${
          diff.join("\n")
        }`,
      ),
    );
  }
}

/** Reports a non-object body where an object is required. */
export function requireObject(c: Checker, value: unknown, path: string): value is JsonRecord {
  if (isRecord(value)) return true;
  c.add(fieldTypeInvalid(path, value, "must be an object"));
  return false;
}

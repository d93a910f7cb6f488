/** Validation of replication controllers: replicas, selector, and the pod template. */
import { fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { V1BETA1_ID_ANNOTATION } from "../v1beta1/meta.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { selectorFromSet } from "../label_selector.ts";
import type { Checker } from "./checker.ts";
import {
  nameRule,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object_meta.ts";
import { validatePodSpec } from "./pod_spec.ts";
import { validateNonnegative } from "./probe.ts";

/** The seed's v1beta1 RC ids (allowed by option or by the v1beta1-id annotation): letters of either case, digits, '-', '_', '.'. */
function legacyName(name: string): string[] {
  if (name.length > 253) return ["must be no more than 253 characters"];
  return /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name) ? [] : [
    "a v1beta1 id must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ];
}

/**
 * Validates `spec.template` of a workload: labels the selector matches (`matches` undefined
 * skips that check), annotations, the pod spec, and a restartPolicy among `restartPolicies`.
 */
export function validatePodTemplate(
  c: Checker,
  spec: JsonRecord,
  matches: ((labels: Record<string, string>) => boolean) | undefined,
  restartPolicies: string[] = ["Always"],
  kind = "ReplicationController",
): void {
  const template = c.rec(spec, "template", "spec");
  if (!template) {
    c.add(fieldRequired("spec.template"));
    return;
  }
  const meta = c.rec(template, "metadata", "spec.template") ?? {};
  const labels = c.strMap(meta, "labels", "spec.template.metadata") ?? {};
  if (matches !== undefined && !matches(labels)) {
    c.add(
      fieldInvalid(
        "spec.template.metadata.labels",
        labels,
        "`selector` does not match template `labels`",
      ),
    );
  }
  validateLabels(c, labels, "spec.template.labels");
  const annotations = c.strMap(meta, "annotations", "spec.template.metadata");
  if (annotations) validateAnnotations(c, annotations, "spec.template.annotations");
  const podSpec = c.rec(template, "spec", "spec.template");
  if (!podSpec) {
    c.add(fieldRequired("spec.template.spec.containers"));
    return;
  }
  validatePodSpec(c, podSpec, "spec.template.spec");
  const restart = podSpec.restartPolicy;
  if (typeof restart === "string" && restart && !restartPolicies.includes(restart)) {
    c.add(fieldNotSupported("spec.template.spec.restartPolicy", restart, restartPolicies));
  }
  const deadline = podSpec.activeDeadlineSeconds;
  if (restartPolicies.includes("Always") && deadline !== undefined && deadline !== null) {
    c.add(
      fieldInvalid(
        "spec.template.spec.activeDeadlineSeconds",
        podSpec.activeDeadlineSeconds,
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
}

function validateStatus(c: Checker, rc: JsonRecord): void {
  const status = c.rec(rc, "status", "");
  if (!status) return;
  const get = (key: string) => c.int(status, key, "status");
  const replicas = get("replicas");
  const fully = get("fullyLabeledReplicas");
  const ready = get("readyReplicas");
  const available = get("availableReplicas");
  const generation = get("observedGeneration");
  validateNonnegative(c, replicas, "status.replicas");
  validateNonnegative(c, fully, "status.fullyLabeledReplicas");
  validateNonnegative(c, ready, "status.readyReplicas");
  validateNonnegative(c, available, "status.availableReplicas");
  validateNonnegative(c, generation, "status.observedGeneration");
  const r = replicas ?? 0;
  if (fully !== undefined && fully > r) {
    c.add(
      fieldInvalid("status.fullyLabeledReplicas", fully, "cannot be greater than status.replicas"),
    );
  }
  if (ready !== undefined && ready > r) {
    c.add(fieldInvalid("status.readyReplicas", ready, "cannot be greater than status.replicas"));
  }
  if (available !== undefined && available > r) {
    c.add(
      fieldInvalid("status.availableReplicas", available, "cannot be greater than status.replicas"),
    );
  }
  if (available !== undefined && available > (ready ?? 0)) {
    c.add(
      fieldInvalid("status.availableReplicas", available, "cannot be greater than readyReplicas"),
    );
  }
}

/** Validates a replication controller. */
export function validateReplicationController(c: Checker, rc: JsonRecord): void {
  const meta = isRecord(rc.metadata) ? rc.metadata : {};
  const legacy = c.options.legacyV1beta1 ||
    (isRecord(meta.annotations) && meta.annotations[V1BETA1_ID_ANNOTATION] === meta.name);
  const rule = legacy ? legacyName : isDNS1123Subdomain;
  validateObjectMeta(c, rc, true, nameRule(rule));
  const spec = c.rec(rc, "spec", "") ?? {};
  validateNonnegative(c, c.int(spec, "minReadySeconds", "spec"), "spec.minReadySeconds");
  const selector = c.strMap(spec, "selector", "spec") ?? {};
  if (Object.keys(selector).length === 0) c.add(fieldRequired("spec.selector"));
  else validateLabels(c, selector, "spec.selector");
  validateNonnegative(c, c.int(spec, "replicas", "spec"), "spec.replicas");
  const matches = Object.keys(selector).length
    ? (labels: Record<string, string>) => selectorFromSet(selector).matches(labels)
    : undefined;
  validatePodTemplate(c, spec, matches);
  validateStatus(c, rc);
}

/** Validates a replication controller update. */
export function validateReplicationControllerUpdate(
  c: Checker,
  rc: JsonRecord,
  old: JsonRecord,
): void {
  validateReplicationController(c, rc);
  validateObjectMetaUpdate(c, rc, old);
}

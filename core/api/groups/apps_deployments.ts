/**
 * apps/v1 Deployment (`deploy`): declarative rollouts of a pod template through ReplicaSets.
 * Defaults as kube's (RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds
 * 600); printed NAME, READY, UP-TO-DATE, AVAILABLE, AGE.
 */
import { fieldInvalid, fieldNotSupported } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import type { Checker } from "../validation/checker.ts";
import { declareKind } from "./kind_declaration.ts";
import { count, countColumn, WIDE_WORKLOAD_COLUMNS } from "./apps_workload_columns.ts";
import {
  ageColumn,
  defaultTemplate,
  scalableSubresources,
  selectorImmutable,
  validateCounts,
  validateSelectedTemplate,
  workloadBehaviour,
} from "./workload_common.ts";

const PERCENT = /^[0-9]+%$/;

function defaultDeployment(spec: JsonRecord): void {
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  const strategy: JsonRecord = isRecord(spec.strategy) ? spec.strategy : {};
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: JsonRecord = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
    strategy.rollingUpdate = ru;
  }
  spec.strategy = strategy;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

function validateSurge(c: Checker, ru: JsonRecord, key: string): number | string | undefined {
  const v = c.intOrString(ru, key, "spec.strategy.rollingUpdate");
  const path = `spec.strategy.rollingUpdate.${key}`;
  if (typeof v === "string" && !PERCENT.test(v)) {
    c.add(fieldInvalid(path, v, "a valid percent string must be a numeric string followed by %"));
  } else if (typeof v === "number" && v < 0) {
    c.add(fieldInvalid(path, v, "must be greater than or equal to 0"));
  }
  return v;
}

function validateStrategy(c: Checker, spec: JsonRecord): void {
  const strategy = c.rec(spec, "strategy", "spec");
  if (!strategy) return;
  const type = c.str(strategy, "type", "spec.strategy");
  const ru = c.rec(strategy, "rollingUpdate", "spec.strategy");
  if (type !== undefined && type !== "RollingUpdate" && type !== "Recreate") {
    c.add(fieldNotSupported("spec.strategy.type", type, ["Recreate", "RollingUpdate"]));
  }
  if (type === "Recreate" && ru) {
    c.add(
      fieldInvalid(
        "spec.strategy.rollingUpdate",
        ru,
        "may not be specified when strategy `type` is 'Recreate'",
      ),
    );
  }
  if (!ru) return;
  const surge = validateSurge(c, ru, "maxSurge");
  const unavailable = validateSurge(c, ru, "maxUnavailable");
  const zero = (v: unknown) => v === 0 || v === "0%";
  if (zero(surge) && zero(unavailable)) {
    c.add(
      fieldInvalid(
        "spec.strategy.rollingUpdate.maxUnavailable",
        unavailable,
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  }
  if (typeof unavailable === "string" && Number(unavailable.slice(0, -1)) > 100) {
    c.add(
      fieldInvalid(
        "spec.strategy.rollingUpdate.maxUnavailable",
        unavailable,
        "must not be greater than 100%",
      ),
    );
  }
}

/** Deployment of apps/v1. */
export const DEPLOYMENT_KIND = declareKind({
  group: "apps",
  version: "v1",
  resource: "deployments",
  kind: "Deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  subresources: scalableSubresources("Deployment"),
  fields: ["spec", "status"],
  columns: [
    {
      name: "Ready",
      type: "string",
      description: "Number of the ready pods over the desired ones.",
      cell: (obj) => `${count(obj, "status", "readyReplicas")}/${count(obj, "spec", "replicas")}`,
    },
    countColumn(
      "Up-to-date",
      "status",
      "updatedReplicas",
      "Total number of pods running the newest template.",
    ),
    countColumn(
      "Available",
      "status",
      "availableReplicas",
      "Total number of available pods (ready for at least minReadySeconds).",
    ),
    ageColumn("deployment"),
    ...WIDE_WORKLOAD_COLUMNS,
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => defaultDeployment(spec),
    (c, spec, _obj, old) => {
      validateCounts(c, spec, ["replicas", "minReadySeconds", "revisionHistoryLimit"]);
      validateSelectedTemplate(c, spec, "Deployment");
      validateStrategy(c, spec);
      c.bool(spec, "paused", "spec");
      const deadline = c.int(spec, "progressDeadlineSeconds", "spec");
      const minReady = typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0;
      if (deadline !== undefined && deadline <= minReady) {
        c.add(
          fieldInvalid(
            "spec.progressDeadlineSeconds",
            deadline,
            "must be greater than minReadySeconds",
          ),
        );
      }
      selectorImmutable(c, spec, old);
    },
  ),
});

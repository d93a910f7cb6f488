/**
 * policy/v1 PodDisruptionBudget (`pdb`): how many of the pods it selects voluntary evictions
 * (the pods/eviction subresource, `kubectl drain`) may take at once. Printed NAME, MIN
 * AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE like kube-apiserver.
 */
import { fieldInvalid } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import type { PodDisruptionBudget } from "../types/policy.ts";
import type { Checker } from "../validation/checker.ts";
import { declareKind } from "./kind_declaration.ts";
import { ageColumn, statusSubresource, workloadBehaviour } from "./workload_common.ts";

const PERCENT = /^[0-9]+%$/;

function checkAmount(c: Checker, spec: JsonRecord, key: string): unknown {
  const v = c.intOrString(spec, key, "spec");
  if (typeof v === "string" && !PERCENT.test(v)) {
    c.add(
      fieldInvalid(
        `spec.${key}`,
        v,
        "a valid percent string must be a numeric string followed by %",
      ),
    );
  } else if (typeof v === "number" && v < 0) {
    c.add(fieldInvalid(`spec.${key}`, v, "must be greater than or equal to 0"));
  }
  return v;
}

function validatePdbSpec(c: Checker, spec: JsonRecord): void {
  const min = checkAmount(c, spec, "minAvailable");
  const max = checkAmount(c, spec, "maxUnavailable");
  if (min !== undefined && max !== undefined) {
    c.add(fieldInvalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
  }
  c.rec(spec, "selector", "spec");
}

const amount = (v: unknown) => v === undefined || v === null ? "N/A" : String(v);

/** PodDisruptionBudget of policy/v1. */
export const POD_DISRUPTION_BUDGET_KIND = declareKind({
  group: "policy",
  version: "v1",
  resource: "poddisruptionbudgets",
  kind: "PodDisruptionBudget",
  namespaced: true,
  shortNames: ["pdb"],
  subresources: statusSubresource("PodDisruptionBudget"),
  fields: ["spec", "status"],
  columns: [
    {
      name: "Min Available",
      type: "string",
      description: "The minimum number of pods that must be available.",
      cell: (obj) => amount((obj as PodDisruptionBudget).spec?.minAvailable),
    },
    {
      name: "Max Unavailable",
      type: "string",
      description: "The maximum number of pods that may be unavailable.",
      cell: (obj) => amount((obj as PodDisruptionBudget).spec?.maxUnavailable),
    },
    {
      name: "Allowed Disruptions",
      type: "integer",
      description: "How many pods may be evicted now.",
      cell: (obj) => (obj as PodDisruptionBudget).status?.disruptionsAllowed ?? 0,
    },
    ageColumn("pod disruption budget"),
  ],
  behaviour: workloadBehaviour(
    () => {},
    (c, spec) => validatePdbSpec(c, spec),
  ),
});

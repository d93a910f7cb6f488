/**
 * batch/v1 Job: pods run to completion. On create the server generates the selector and pod
 * labels from the Job's uid (`batch.kubernetes.io/controller-uid`, `job-name`) unless
 * `manualSelector` is set; defaults as kube's (parallelism 1, completions 1 when neither is
 * given, backoffLimit 6, NonIndexed). Printed NAME, STATUS, COMPLETIONS, DURATION, AGE.
 */
import type { KubeObject } from "../object.ts";
import { fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import type { Job } from "../types/batch.ts";
import type { Checker } from "../validation/checker.ts";
import { humanDuration } from "../../apiserver/tables/human_duration.ts";
import { declareKind } from "./kind_declaration.ts";
import { WIDE_WORKLOAD_COLUMNS } from "./apps_workload_columns.ts";
import {
  ageColumn,
  defaultTemplate,
  selectorImmutable,
  statusSubresource,
  validateCounts,
  validateSelectedTemplate,
  workloadBehaviour,
} from "./workload_common.ts";

/** The label (and selector key) naming a Job's uid on its pods. */
export const JOB_UID_LABEL = "batch.kubernetes.io/controller-uid";
/** The label naming a Job on its pods. */
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

/** Generates the selector and template labels of a new Job from its uid. */
function generateSelector(obj: KubeObject): void {
  const spec = obj.spec;
  if (!isRecord(spec) || spec.manualSelector === true) return;
  const uid = obj.metadata.uid ?? "";
  const name = obj.metadata.name ?? "";
  const template: JsonRecord = isRecord(spec.template) ? spec.template : {};
  const meta: JsonRecord = isRecord(template.metadata) ? template.metadata : {};
  meta.labels = {
    ...(isRecord(meta.labels) ? meta.labels : {}),
    [JOB_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
    "controller-uid": uid,
    "job-name": name,
  };
  template.metadata = meta;
  spec.template = template;
  spec.selector = { matchLabels: { [JOB_UID_LABEL]: uid } };
}

function defaultJob(spec: JsonRecord): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  defaultTemplate(spec.template);
}

function validateJobSpec(c: Checker, spec: JsonRecord, old?: KubeObject): void {
  validateCounts(c, spec, ["parallelism", "completions", "backoffLimit"]);
  validateCounts(c, spec, ["ttlSecondsAfterFinished"]);
  const deadline = c.int(spec, "activeDeadlineSeconds", "spec");
  if (deadline !== undefined && deadline <= 0) {
    c.add(fieldInvalid("spec.activeDeadlineSeconds", deadline, "must be greater than 0"));
  }
  const mode = c.str(spec, "completionMode", "spec");
  if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed") {
    c.add(fieldNotSupported("spec.completionMode", mode, ["NonIndexed", "Indexed"]));
  }
  if (mode === "Indexed" && (spec.completions === undefined || spec.completions === null)) {
    c.add(fieldRequired("spec.completions", "when completion mode is Indexed"));
  }
  const policy = c.rec(spec, "podFailurePolicy", "spec");
  for (
    const [i, rule] of (policy ? c.recs(policy, "rules", "spec.podFailurePolicy") ?? [] : [])
      .entries()
  ) {
    const action = c.str(rule, "action", `spec.podFailurePolicy.rules[${i}]`);
    if (!["FailJob", "Ignore", "Count", "FailIndex"].includes(action ?? "")) {
      c.add(
        fieldNotSupported(`spec.podFailurePolicy.rules[${i}].action`, action ?? "", [
          "Count",
          "FailIndex",
          "FailJob",
          "Ignore",
        ]),
      );
    }
  }
  validateSelectedTemplate(c, spec, "Job", ["OnFailure", "Never"]);
  selectorImmutable(c, spec, old);
}

function jobState(job: Job): string {
  const conds = job.status?.conditions ?? [];
  const has = (type: string) => conds.some((c) => c.type === type && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

function completions(job: Job): string {
  const done = job.status?.succeeded ?? 0;
  const want = job.spec?.completions;
  if (want !== undefined && want !== null) return `${done}/${want}`;
  const parallelism = job.spec?.parallelism ?? 1;
  return parallelism > 1 ? `${done}/1 of ${parallelism}` : `${done}/1`;
}

function duration(job: Job, now: number): string {
  const start = Date.parse(job.status?.startTime ?? "");
  if (!Number.isFinite(start)) return "";
  const end = Date.parse(job.status?.completionTime ?? "");
  return humanDuration((Number.isFinite(end) ? end : now) - start);
}

/** Job of batch/v1. */
export const JOB_KIND = declareKind({
  group: "batch",
  version: "v1",
  resource: "jobs",
  kind: "Job",
  namespaced: true,
  categories: ["all"],
  subresources: statusSubresource("Job"),
  fields: ["spec", "status"],
  columns: [
    {
      name: "Status",
      type: "string",
      description: "Status of the job.",
      cell: (obj) => jobState(obj as Job),
    },
    {
      name: "Completions",
      type: "string",
      description: "The desired number of successfully finished pods the job should be run with.",
      cell: (obj) => completions(obj as Job),
    },
    {
      name: "Duration",
      type: "string",
      description: "Time required to complete the job.",
      cell: (obj, now) => duration(obj as Job, now),
    },
    ageColumn("job"),
    ...WIDE_WORKLOAD_COLUMNS,
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => defaultJob(spec),
    (c, spec, _obj, old) => validateJobSpec(c, spec, old),
    generateSelector,
  ),
});

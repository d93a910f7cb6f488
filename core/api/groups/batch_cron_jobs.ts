/**
 * batch/v1 CronJob (`cj`): Jobs created on a cron schedule. Defaults as kube's
 * (concurrencyPolicy Allow, suspend false, history limits 3 and 1); the schedule and timeZone
 * are checked. Printed NAME, SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE.
 */
import { fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import type { CronJob } from "../types/batch.ts";
import type { Checker } from "../validation/checker.ts";
import { validatePodTemplate } from "../validation/replication_controller.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";
import { checkTimeZone, parseCron } from "../cron_schedule.ts";
import { declareKind } from "./kind_declaration.ts";
import {
  ageColumn,
  defaultTemplate,
  statusSubresource,
  validateCounts,
  workloadBehaviour,
} from "./workload_common.ts";

function defaultCronJob(spec: JsonRecord): void {
  spec.concurrencyPolicy ??= "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = isRecord(spec.jobTemplate) ? spec.jobTemplate : undefined;
  const js = jt && isRecord(jt.spec) ? jt.spec : undefined;
  if (js) {
    if (js.completions === undefined && js.parallelism === undefined) js.completions = 1;
    js.parallelism ??= 1;
    js.backoffLimit ??= 6;
    js.completionMode ??= "NonIndexed";
    js.suspend ??= false;
    defaultTemplate(js.template);
  }
}

function validateCronJobSpec(c: Checker, spec: JsonRecord): void {
  const schedule = c.str(spec, "schedule", "spec");
  if (!schedule) c.add(fieldRequired("spec.schedule"));
  else {
    try {
      parseCron(schedule);
    } catch (e) {
      c.add(fieldInvalid("spec.schedule", schedule, (e as Error).message));
    }
  }
  const zone = c.str(spec, "timeZone", "spec");
  if (zone !== undefined) {
    try {
      checkTimeZone(zone);
    } catch {
      c.add(fieldInvalid("spec.timeZone", zone, "unknown time zone"));
    }
  }
  const policy = c.str(spec, "concurrencyPolicy", "spec");
  if (policy !== undefined && !["Allow", "Forbid", "Replace"].includes(policy)) {
    c.add(fieldNotSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
  }
  validateCounts(c, spec, [
    "startingDeadlineSeconds",
    "successfulJobsHistoryLimit",
    "failedJobsHistoryLimit",
  ]);
  const jt = c.rec(spec, "jobTemplate", "spec");
  const js = jt && c.rec(jt, "spec", "spec.jobTemplate");
  if (!js) c.add(fieldRequired("spec.jobTemplate.spec"));
  else validatePodTemplate(c, js, undefined, ["OnFailure", "Never"], "CronJob");
}

/** CronJob of batch/v1. */
export const CRON_JOB_KIND = declareKind({
  group: "batch",
  version: "v1",
  resource: "cronjobs",
  kind: "CronJob",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  subresources: statusSubresource("CronJob"),
  fields: ["spec", "status"],
  columns: [
    {
      name: "Schedule",
      type: "string",
      description: "The schedule in Cron format.",
      cell: (obj) => (obj as CronJob).spec?.schedule ?? "",
    },
    {
      name: "Timezone",
      type: "string",
      description: "The time zone of the schedule.",
      cell: (obj) => (obj as CronJob).spec?.timeZone ?? "<none>",
    },
    {
      name: "Suspend",
      type: "boolean",
      description: "Whether later executions are suspended.",
      // kube prints the pointer as text.
      cell: (obj) => (obj as CronJob).spec?.suspend ? "True" : "False",
    },
    {
      name: "Active",
      type: "integer",
      description: "Number of currently running jobs.",
      cell: (obj) => (obj as CronJob).status?.active?.length ?? 0,
    },
    {
      name: "Last Schedule",
      type: "string",
      description: "When the job was last scheduled.",
      cell: (obj, now) => {
        const t = (obj as CronJob).status?.lastScheduleTime;
        return t ? ageSince(t, now) : "<none>";
      },
    },
    ageColumn("cron job"),
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => defaultCronJob(spec),
    (c, spec) => validateCronJobSpec(c, spec),
  ),
});

/** batch/v1 Job and CronJob, the fields k8sm's controllers read and write. */
import type { KubeObject, ObjectMeta } from "../object.ts";
import type { LabelSelectorObject } from "../label_selector_object.ts";
import type { ObjectReference } from "./object_reference.ts";
import type { PodTemplateSpec } from "./pod.ts";
import type { WorkloadCondition } from "./apps.ts";
import type { Int32, Int64, Time } from "./scalars.ts";

/** Exit codes of a failed pod's containers a podFailurePolicy rule matches. */
export interface PodFailurePolicyOnExitCodesRequirement {
  /** Only this container's exit code is looked at (all containers when empty). */
  containerName?: string;
  /** In: the code is one of values; NotIn: it is none of them. */
  operator: "In" | "NotIn";
  /** The exit codes compared. @listType set */
  values: Int32[];
}

/** A pod condition a podFailurePolicy rule matches. */
export interface PodFailurePolicyOnPodConditionsPattern {
  /** The condition type (e.g. DisruptionTarget). */
  type: string;
  /** The condition status required (True by default). */
  status?: string;
}

/** One rule of a Job's podFailurePolicy. */
export interface PodFailurePolicyRule {
  /** What a match does: fail the Job, ignore the failure, count it, or fail the index. */
  action: "FailJob" | "Ignore" | "Count" | "FailIndex";
  /** Matches on the exit codes of the pod's containers. */
  onExitCodes?: PodFailurePolicyOnExitCodesRequirement;
  /** Matches on the pod's conditions. @listType atomic */
  onPodConditions?: PodFailurePolicyOnPodConditionsPattern[];
}

/** How pod failures of a Job are handled, rule by rule. */
export interface PodFailurePolicy {
  /** The rules, tried in order; the first match applies. @listType atomic */
  rules: PodFailurePolicyRule[];
}

/** The desired state of a Job. */
export interface JobSpec {
  /** How many pods may run at once (1 by default). */
  parallelism?: Int32;
  /** How many pods must succeed (1 when neither this nor parallelism is set). */
  completions?: Int32;
  /** Seconds the Job may be active before it is failed. */
  activeDeadlineSeconds?: Int64;
  /** Failures allowed before the Job is failed (6 by default). */
  backoffLimit?: Int32;
  /** Which pods the Job owns; generated from its uid unless manualSelector is set. */
  selector?: LabelSelectorObject;
  /** Whether the selector was written by the user. */
  manualSelector?: boolean;
  /** The pod made for each run. */
  template?: PodTemplateSpec;
  /** Seconds after finishing when the Job is deleted. */
  ttlSecondsAfterFinished?: Int32;
  /** NonIndexed, or Indexed (each pod gets a completion index 0…completions−1). */
  completionMode?: "NonIndexed" | "Indexed";
  /** Whether the Job's pods are stopped and no new ones start. */
  suspend?: boolean;
  /** How pod failures are counted or fail the Job. */
  podFailurePolicy?: PodFailurePolicy;
}

/** The observed state of a Job. */
export interface JobStatus {
  /** Complete, Failed, Suspended and the like. @listType atomic */
  conditions?: WorkloadCondition[];
  /** When the Job started. */
  startTime?: Time;
  /** When the Job completed. */
  completionTime?: Time;
  /** Pods running or pending. */
  active?: Int32;
  /** Pods that succeeded. */
  succeeded?: Int32;
  /** Pods that failed (and counted). */
  failed?: Int32;
  /** Active pods that are ready. */
  ready?: Int32;
  /** Pods being deleted. */
  terminating?: Int32;
  /** The completed indexes of an Indexed Job ("0-2,4"). */
  completedIndexes?: string;
}

/** batch/v1 Job. */
export interface Job extends KubeObject {
  /** How many pods to run to completion, and from what template. */
  spec?: JobSpec;
  /** What the Job last saw. */
  status?: JobStatus;
}

/** The Job a CronJob creates on each run. */
export interface JobTemplateSpec {
  /** Labels and annotations given to the Jobs. */
  metadata?: ObjectMeta;
  /** The spec of the Jobs. */
  spec?: JobSpec;
}

/** The desired state of a CronJob. */
export interface CronJobSpec {
  /** The schedule in cron syntax ("*\/5 * * * *", "@hourly"). */
  schedule?: string;
  /** The IANA time zone of the schedule (UTC by default). */
  timeZone?: string;
  /** Seconds after a scheduled time within which a late run may still start. */
  startingDeadlineSeconds?: Int64;
  /** Allow runs to overlap, Forbid a run while one is active, or Replace the active one. */
  concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  /** Whether later runs are suspended. */
  suspend?: boolean;
  /** The Job each run creates. */
  jobTemplate?: JobTemplateSpec;
  /** Finished successful Jobs kept (3 by default). */
  successfulJobsHistoryLimit?: Int32;
  /** Finished failed Jobs kept (1 by default). */
  failedJobsHistoryLimit?: Int32;
}

/** The observed state of a CronJob. */
export interface CronJobStatus {
  /** The Jobs still running. @listType atomic */
  active?: ObjectReference[];
  /** When a Job was last scheduled. */
  lastScheduleTime?: Time;
  /** When a Job last completed successfully. */
  lastSuccessfulTime?: Time;
}

/** batch/v1 CronJob. */
export interface CronJob extends KubeObject {
  /** The schedule and the Job to run. */
  spec?: CronJobSpec;
  /** What the CronJob last saw. */
  status?: CronJobStatus;
}

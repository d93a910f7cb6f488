/**
 * The CronJob controller: creates a CronJob's Jobs at the times its cron schedule names, in its
 * `timeZone` (default UTC). A run later than `startingDeadlineSeconds` is skipped;
 * `concurrencyPolicy` Forbid skips a run while a Job is still active and Replace deletes the
 * active ones first; `suspend` stops new runs; finished Jobs beyond the success and failure
 * history limits are deleted. Jobs are named `<cronjob>-<scheduled minutes since the epoch>`,
 * so a run is created once even across restarts. The clock is injectable for tests.
 */
import { type CronSchedule, latestDue, nextDue, parseCron } from "../api/cron_schedule.ts";
import type { CronJob, CronJobStatus, Job } from "../api/types/batch.ts";
import { describeError, isConflict, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import { jobFinished } from "./job_controller.ts";
import { refOf } from "./owner_claims.ts";
import { controllerOf } from "./pod_conditions.ts";
import { controllerRef } from "./pod_control.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const CRON_JOB = { kind: "CronJob", apiVersion: "batch/v1" };
const JOBS = { resource: "jobs", groupVersion: "batch/v1" };
const CRON_JOBS = { resource: "cronjobs", groupVersion: "batch/v1" };

/** The annotation holding the time a Job was scheduled for. */
export const SCHEDULED_AT = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** Settings of the CronJob controller. */
export interface CronJobControllerOptions {
  client: RestClient;
  cronJobs: Informer<CronJob>;
  jobs: Informer<Job>;
  workers?: number;
  /** The clock (ms), injectable for tests. */
  now?: () => number;
  log?: Logger;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

function finishedAt(job: Job): string {
  return job.status?.completionTime ??
    job.status?.conditions?.find((c) => c.type === "Failed")?.lastTransitionTime ??
    job.metadata.creationTimestamp ?? "";
}

/** Runs every CronJob the informers show. */
export class CronJobController {
  readonly #opts: CronJobControllerOptions;
  readonly #queue: WorkQueue;
  readonly #log: Logger;
  readonly #events: EventRecorder;
  readonly #now: () => number;

  constructor(opts: CronJobControllerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#log = opts.log ?? logger("cronjob-controller");
    this.#events = new EventRecorder(opts.client, "cronjob-controller");
    this.#queue = new WorkQueue("cronjob-controller", (k) => this.sync(k), opts.workers ?? 5);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { cronJobs, jobs } = this.#opts;
    await cronJobs.addHandlers({
      onAdd: (cj) => this.#queue.add(objectKey(cj)),
      onUpdate: (_o, cj) => this.#queue.add(objectKey(cj)),
    });
    const jobChanged = (job: Job) => {
      const ref = controllerOf(job.metadata);
      if (ref?.kind === "CronJob") this.#queue.add(`${job.metadata.namespace}/${ref.name}`);
    };
    await jobs.addHandlers({
      onAdd: jobChanged,
      onUpdate: (_o, j) => jobChanged(j),
      onDelete: jobChanged,
    });
    await this.#queue.startAfterSync(cronJobs, jobs);
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  /** Reconciles one CronJob ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const cj = this.#opts.cronJobs.get(key);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const now = this.#now();
    const owned = this.#opts.jobs.list().filter((j) =>
      j.metadata.namespace === cj.metadata.namespace &&
      controllerOf(j.metadata)?.uid === cj.metadata.uid
    );
    let active = owned.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp);
    await this.#trimHistory(cj, owned);
    const status: CronJobStatus = { ...cj.status };
    const succeeded = owned.filter((j) => jobFinished(j) === "Complete").map(finishedAt).sort();
    if (succeeded.length > 0) status.lastSuccessfulTime = succeeded[succeeded.length - 1];
    let schedule: CronSchedule;
    try {
      schedule = parseCron(cj.spec?.schedule ?? "");
    } catch (e) {
      this.#event(
        cj,
        "Warning",
        "UnparseableSchedule",
        `unparseable schedule: ${(e as Error).message}`,
      );
      return;
    }
    const zone = cj.spec?.timeZone ?? "UTC";
    if (!cj.spec?.suspend) {
      const deadline = cj.spec?.startingDeadlineSeconds;
      let after = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? "");
      if (!Number.isFinite(after)) after = now;
      if (deadline !== undefined) after = Math.max(after, now - deadline * 1000 - 60_000);
      const { time, missed } = latestDue(schedule, after, now, zone);
      if (missed > 100) {
        this.#log.warn(`${key}: ${missed} start times were missed; running the latest only`);
      }
      if (time !== undefined && deadline !== undefined && time + deadline * 1000 < now) {
        this.#event(
          cj,
          "Warning",
          "MissSchedule",
          `Missed scheduled time to start a job: ${timestamp(time)}`,
        );
      } else if (time !== undefined) {
        const policy = cj.spec?.concurrencyPolicy ?? "Allow";
        if (policy === "Forbid" && active.length > 0) {
          this.#log.v(1, `${key}: skipping ${timestamp(time)}: a job is still active (Forbid)`);
        } else {
          if (policy === "Replace") {
            for (const j of active) await this.#deleteJob(j);
            active = [];
          }
          const job = await this.#createJob(cj, time);
          if (job) active.push(job);
          status.lastScheduleTime = timestamp(time);
        }
      }
    }
    status.active = active.length > 0
      ? active.map((j) => ({
        kind: "Job",
        apiVersion: "batch/v1",
        namespace: j.metadata.namespace,
        name: j.metadata.name,
        uid: j.metadata.uid,
        resourceVersion: j.metadata.resourceVersion,
      }))
      : undefined;
    await this.#writeStatus(cj, status);
    const next = nextDue(schedule, now, zone);
    this.#queue.addAfter(key, next === undefined ? 3_600_000 : next - now + 100);
  }

  async #createJob(cj: CronJob, time: number): Promise<Job | undefined> {
    const tpl = cj.spec?.jobTemplate ?? {};
    const name = `${cj.metadata.name}-${Math.floor(time / 60_000)}`;
    const job: Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...tpl.metadata?.labels },
        annotations: { ...tpl.metadata?.annotations, [SCHEDULED_AT]: timestamp(time) },
        ownerReferences: [controllerRef(cj, CRON_JOB)],
      },
      spec: structuredClone(tpl.spec ?? {}),
    };
    try {
      const created = await this.#opts.client.create<Job>(
        { ...JOBS, namespace: cj.metadata.namespace },
        job,
      );
      this.#event(cj, "Normal", "SuccessfulCreate", `Created job ${name}`);
      return created;
    } catch (e) {
      if (isConflict(e)) return this.#opts.jobs.get(`${cj.metadata.namespace}/${name}`);
      const message = `creating job ${name} failed: ${describeError(e)}`;
      this.#event(cj, "Warning", "FailedCreate", message);
      throw new Error(message);
    }
  }

  async #trimHistory(cj: CronJob, owned: Job[]): Promise<void> {
    const trim = async (state: "Complete" | "Failed", limit: number) => {
      const done = owned.filter((j) => jobFinished(j) === state && !j.metadata.deletionTimestamp)
        .sort((a, b) => finishedAt(a).localeCompare(finishedAt(b)));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) await this.#deleteJob(j);
    };
    await trim("Complete", cj.spec?.successfulJobsHistoryLimit ?? 3);
    await trim("Failed", cj.spec?.failedJobsHistoryLimit ?? 1);
  }

  async #deleteJob(job: Job): Promise<void> {
    try {
      await this.#opts.client.delete(refOf(JOBS, job), { propagationPolicy: "Background" });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #writeStatus(cj: CronJob, status: CronJobStatus): Promise<void> {
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
      await writeStatus(this.#opts.client, CRON_JOBS, cj, status);
    }
  }

  #event(cj: CronJob, type: "Normal" | "Warning", reason: string, message: string): void {
    this.#events.record({ ...cj, ...CRON_JOB }, type, reason, message);
  }
}

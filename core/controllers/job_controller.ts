/**
 * The Job controller: runs a Job's pods to completion. It keeps up to `parallelism` pods
 * active until `completions` have succeeded (Indexed Jobs: one success per index 0…n−1, each
 * pod with its index in the `batch.kubernetes.io/job-completion-index` annotation and label,
 * `JOB_COMPLETION_INDEX` in its environment and hostname `<job>-<index>`), fails the Job when
 * failures exceed `backoffLimit`, `activeDeadlineSeconds` passes or a podFailurePolicy FailJob
 * rule matches (Ignore rules do not count), stops the pods of a suspended or finished Job, and
 * deletes a finished Job `ttlSecondsAfterFinished` later.
 */
import type { WorkloadCondition } from "../api/types/apps.ts";
import type { Job, JobStatus } from "../api/types/batch.ts";
import type { Pod } from "../api/types/pod.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import { ControllerExpectations } from "./controller_expectations.ts";
import { COMPLETION_INDEX, formatIndexes, indexOf, matchFailurePolicy } from "./job_pods.ts";
import { compareForDeletion, controllerOf, isPodActive, isPodReady } from "./pod_conditions.ts";
import { ownedPodHandlers } from "./owned_pod_handlers.ts";
import { PodControl } from "./pod_control.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const JOB = { kind: "Job", apiVersion: "batch/v1" };
const JOB_REF = { resource: "jobs", groupVersion: "batch/v1" };

/** Settings of the Job controller. */
export interface JobControllerOptions {
  client: RestClient;
  jobs: Informer<Job>;
  pods: Informer<Pod>;
  workers?: number;
  /** The clock (ms), injectable for tests. */
  now?: () => number;
  log?: Logger;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** True when the Job has a Complete or Failed condition. */
export function jobFinished(job: Job): "Complete" | "Failed" | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

/** Runs every Job the informers show. */
export class JobController {
  readonly expectations = new ControllerExpectations();
  readonly #opts: JobControllerOptions;
  readonly #queue: WorkQueue;
  readonly #pods: PodControl;
  readonly #log: Logger;
  readonly #events: EventRecorder;
  readonly #now: () => number;

  constructor(opts: JobControllerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#log = opts.log ?? logger("job-controller");
    this.#events = new EventRecorder(opts.client, "job-controller");
    this.#pods = new PodControl(opts.client);
    this.#queue = new WorkQueue("job-controller", (k) => this.sync(k), opts.workers ?? 5);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { jobs, pods } = this.#opts;
    await jobs.addHandlers({
      onAdd: (j) => this.#queue.add(objectKey(j)),
      onUpdate: (_o, j) => this.#queue.add(objectKey(j)),
      onDelete: (j) => this.expectations.forget(objectKey(j)),
    });
    await pods.addHandlers(ownedPodHandlers("Job", this.expectations, this.#queue));
    await this.#queue.startAfterSync(jobs, pods);
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  /** Reconciles one Job ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const job = this.#opts.jobs.get(key);
    if (!job || job.metadata.deletionTimestamp) return;
    const now = this.#now();
    if (jobFinished(job)) return await this.#expire(key, job, now);
    const pods = this.#opts.pods.list().filter((p) =>
      p.metadata.namespace === job.metadata.namespace &&
      controllerOf(p.metadata)?.uid === job.metadata.uid
    );
    let active = pods.filter(isPodActive);
    const indexed = job.spec?.completionMode === "Indexed";
    const succeededPods = pods.filter((p) => p.status?.phase === "Succeeded");
    const done = new Set(succeededPods.map(indexOf).filter((i) => i !== undefined));
    const succeeded = indexed ? done.size : succeededPods.length;
    let failure: { reason: string; message: string } | undefined;
    let failed = 0;
    for (const p of pods.filter((p) => p.status?.phase === "Failed")) {
      const m = matchFailurePolicy(job, p);
      if (m?.rule.action === "FailJob") {
        failure ??= { reason: "PodFailurePolicy", message: m.message };
      }
      if (m?.rule.action !== "Ignore") failed++;
    }
    if (job.spec?.template?.spec?.restartPolicy === "OnFailure") {
      for (const p of active) {
        for (const s of p.status?.containerStatuses ?? []) failed += s.restartCount ?? 0;
      }
    }
    const suspended = job.spec?.suspend === true;
    const start = job.status?.startTime ?? (suspended ? undefined : timestamp(now));
    const deadline = job.spec?.activeDeadlineSeconds;
    if (!failure && failed > (job.spec?.backoffLimit ?? 6)) {
      failure = {
        reason: "BackoffLimitExceeded",
        message: "Job has reached the specified backoff limit",
      };
    }
    const startMs = start ? Date.parse(start) : NaN;
    if (!failure && deadline !== undefined && now - startMs >= deadline * 1000) {
      failure = {
        reason: "DeadlineExceeded",
        message: "Job was active longer than specified deadline",
      };
    }
    const completions = job.spec?.completions;
    const complete = !failure &&
      (completions !== undefined && completions !== null
        ? succeeded >= completions
        : succeeded > 0 && active.length === 0);
    if (failure || complete || suspended) {
      await this.#deletePods(key, active);
      active = [];
    } else if (this.expectations.satisfied(key)) {
      await this.#manage(key, job, active, succeeded, done);
    }
    const status: JobStatus = {
      ...job.status,
      startTime: start,
      active: active.length,
      ready: active.filter(isPodReady).length,
      succeeded,
      failed,
    };
    if (indexed) status.completedIndexes = formatIndexes(done as Set<number>);
    let conds = (job.status?.conditions ?? []).filter((c) => c.type !== "Suspended");
    const cond = (type: string, reason?: string, message?: string): WorkloadCondition => ({
      type,
      status: "True",
      lastProbeTime: timestamp(now),
      lastTransitionTime: timestamp(now),
      reason,
      message,
    });
    if (suspended) conds.push(cond("Suspended", "JobSuspended", "Job suspended"));
    if (failure) {
      conds = [...conds, cond("FailureTarget", failure.reason, failure.message)];
      conds.push(cond("Failed", failure.reason, failure.message));
      this.#event(job, "Warning", failure.reason, failure.message);
    } else if (complete) {
      conds = [
        ...conds,
        cond(
          "SuccessCriteriaMet",
          "CompletionsReached",
          "Reached expected number of succeeded pods",
        ),
      ];
      conds.push(
        cond("Complete", "CompletionsReached", "Reached expected number of succeeded pods"),
      );
      status.completionTime = timestamp(now);
      this.#event(job, "Normal", "Completed", "Job completed");
    }
    status.conditions = conds.length > 0 ? conds : undefined;
    await this.#writeStatus(job, status);
    if (!failure && !complete && deadline !== undefined && Number.isFinite(startMs)) {
      this.#queue.addAfter(key, Math.max(0, startMs + deadline * 1000 - now) + 100);
    }
  }

  /** Deletes a finished Job once ttlSecondsAfterFinished has passed; requeues until then. */
  async #expire(key: string, job: Job, now: number): Promise<void> {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const finished = job.status?.completionTime ??
      job.status?.conditions?.find((c) => c.type === "Failed")?.lastTransitionTime;
    const at = Date.parse(finished ?? "") + ttl * 1000;
    if (Number.isFinite(at) && at > now) {
      this.#queue.addAfter(key, at - now + 100);
      return;
    }
    try {
      await this.#opts.client.delete(
        { ...JOB_REF, namespace: job.metadata.namespace, name: job.metadata.name },
        { propagationPolicy: "Background" },
      );
      this.#log.info(`${key}: deleted ${ttl} s after it finished (ttlSecondsAfterFinished)`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #manage(
    key: string,
    job: Job,
    active: Pod[],
    succeeded: number,
    done: Set<number | undefined>,
  ): Promise<void> {
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    if (job.spec?.completionMode === "Indexed") {
      const running = new Set(active.map(indexOf));
      const pending: number[] = [];
      for (let i = 0; i < (completions ?? 0); i++) {
        if (!done.has(i) && !running.has(i)) pending.push(i);
      }
      const n = Math.min(parallelism - active.length, pending.length);
      if (n > 0) await this.#create(key, job, pending.slice(0, n));
      return;
    }
    const want = completions !== undefined && completions !== null
      ? Math.min(parallelism, completions - succeeded)
      : succeeded > 0
      ? 0
      : parallelism;
    if (active.length < want) {
      await this.#create(key, job, Array.from({ length: want - active.length }, () => undefined));
    } else if (active.length > want) {
      await this.#deletePods(
        key,
        [...active].sort(compareForDeletion).slice(0, active.length - want),
      );
    }
  }

  async #create(key: string, job: Job, indexes: (number | undefined)[]): Promise<void> {
    const template = job.spec?.template;
    if (!template) return;
    this.expectations.expect(key, indexes.length);
    const results = await Promise.allSettled(
      indexes.map((i) =>
        this.#pods.create(template, job, JOB, (pod) => {
          if (i === undefined) return;
          const name = job.metadata.name ?? "job";
          pod.metadata.generateName = `${name}-${i}-`;
          pod.metadata.annotations = { ...pod.metadata.annotations, [COMPLETION_INDEX]: String(i) };
          pod.metadata.labels = { ...pod.metadata.labels, [COMPLETION_INDEX]: String(i) };
          if (pod.spec) {
            pod.spec.hostname ??= `${name}-${i}`;
            for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
              c.env = [...(c.env ?? []), { name: "JOB_COMPLETION_INDEX", value: String(i) }];
            }
          }
        })
      ),
    );
    for (const r of results) {
      if (r.status === "fulfilled") {
        this.#event(job, "Normal", "SuccessfulCreate", `Created pod: ${r.value.metadata.name}`);
        continue;
      }
      this.expectations.creationObserved(key);
      const message = `creating a pod for job ${key} failed: ${describeError(r.reason)}`;
      this.#log.warn(message);
      this.#event(job, "Warning", "FailedCreate", message);
    }
  }

  async #deletePods(key: string, pods: Pod[]): Promise<void> {
    if (pods.length === 0) return;
    const names = pods.map((p) => p.metadata.name ?? "");
    this.expectations.expect(key, 0, names);
    await Promise.all(pods.map(async (p) => {
      try {
        if (!(await this.#pods.delete(p.metadata.namespace ?? "", p.metadata.name ?? ""))) {
          this.expectations.deletionObserved(key, p.metadata.name ?? "");
        }
      } catch (e) {
        this.expectations.deletionObserved(key, p.metadata.name ?? "");
        this.#log.warn(`${key}: deleting pod ${p.metadata.name}: ${describeError(e)}`);
      }
    }));
  }

  async #writeStatus(job: Job, status: JobStatus): Promise<void> {
    const strip = (s: JobStatus | undefined) =>
      JSON.stringify(
        s ?? {},
        (k, v) => k === "lastProbeTime" || k === "lastTransitionTime" ? undefined : v,
      );
    if (strip(status) !== strip(job.status)) {
      await writeStatus(this.#opts.client, JOB_REF, job, status);
    }
  }

  #event(job: Job, type: "Normal" | "Warning", reason: string, message: string): void {
    this.#events.record({ ...job, ...JOB }, type, reason, message);
  }
}

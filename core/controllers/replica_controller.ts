/**
 * The replica loop shared by ReplicationControllers and apps/v1 ReplicaSets (a ReplicaSet is
 * an RC whose selector is a LabelSelector object): keeps the number of active pods of every
 * owner equal to `spec.replicas`. It creates pods from the template in batches that grow 1, 2, 4… (a failing
 * batch stops the burst), deletes the surplus best-to-delete first, adopts matching orphans,
 * releases pods that stop matching, replaces Failed pods and writes the RC's status. Expectations
 * keep it from acting twice on the same change while its informers catch up.
 */
import type { LabelSelector } from "../api/label_selector.ts";
import type { KubeObject } from "../api/object.ts";
import type { Pod, PodTemplateSpec } from "../api/types/pod.ts";
import type { ReplicationControllerStatus } from "../api/types/replication_controller.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import { ControllerExpectations } from "./controller_expectations.ts";
import { compareForDeletion, controllerOf, isPodActive, isPodReady } from "./pod_conditions.ts";
import { PodControl } from "./pod_control.ts";
import { rcStatus, statusChanged } from "./rc_status.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

/** An object the replica loop manages: replicas, a template and an RC-shaped status. */
export interface ReplicaOwner extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; template?: PodTemplateSpec };
  status?: ReplicationControllerStatus;
}

/** What differs between the kinds the replica loop manages. */
export interface ReplicaKind<T extends ReplicaOwner> {
  kind: string;
  /** The owner's apiVersion ("v1", "apps/v1"), for ownerReferences and its URL. */
  apiVersion: string;
  /** Its resource ("replicationcontrollers"). */
  resource: string;
  /** The component name of its events and logs ("replication-controller"). */
  component: string;
  selector(owner: T): LabelSelector;
}

/** Settings of a replica controller. */
export interface ReplicaControllerOptions<T extends ReplicaOwner> {
  client: RestClient;
  /** A started (or to be started by the caller) informer of every pod. */
  pods: Informer<Pod>;
  /** A started informer of every owner. */
  owners: Informer<T>;
  /** Owners synced at once (`--concurrent-rc-syncs`, default 5). */
  workers?: number;
  /** At most this many creations or deletions per sync (default 500). */
  burstReplicas?: number;
  log?: Logger;
}

/** Runs the replica loop for every owner of one kind the informers show. */
export class ReplicaController<T extends ReplicaOwner> {
  readonly expectations = new ControllerExpectations();
  readonly #opts: ReplicaControllerOptions<T>;
  readonly #kind: ReplicaKind<T>;
  readonly #queue: WorkQueue;
  readonly #pods: PodControl;
  readonly #log: Logger;
  readonly #events: EventRecorder;

  constructor(opts: ReplicaControllerOptions<T>, kind: ReplicaKind<T>) {
    this.#opts = opts;
    this.#kind = kind;
    this.#log = opts.log ?? logger(kind.component);
    this.#events = new EventRecorder(opts.client, kind.component);
    this.#pods = new PodControl(opts.client);
    this.#queue = new WorkQueue(kind.component, (k) => this.sync(k), opts.workers ?? 5);
  }

  /** Registers the handlers and starts the workers once both informers have synced. */
  async start(): Promise<void> {
    const { owners: rcs, pods } = this.#opts;
    await rcs.addHandlers({
      onAdd: (rc) => this.#queue.add(objectKey(rc)),
      onUpdate: (_old, rc) => this.#queue.add(objectKey(rc)),
      onDelete: (rc) => this.expectations.forget(objectKey(rc)),
    });
    await pods.addHandlers({
      onAdd: (pod) => this.#podAdded(pod),
      onUpdate: (old, pod) => this.#podUpdated(old, pod),
      onDelete: (pod) => this.#podDeleted(pod),
    });
    await Promise.all([rcs.waitForSync(), pods.waitForSync()]);
    for (const rc of rcs.list()) this.#queue.add(objectKey(rc));
    this.#queue.start();
  }

  /** Stops the workers (the informers belong to the caller). */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  /** Owners waiting to be synced or being synced. */
  get queueLength(): number {
    return this.#queue.length;
  }

  /** The RC key owning `pod` when its controller is an RC the cache knows. */
  #ownerKey(pod: Pod): string | undefined {
    const ref = controllerOf(pod.metadata);
    if (!ref || ref.kind !== this.#kind.kind) return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    const rc = this.#opts.owners.get(key);
    return rc && rc.metadata.uid === ref.uid ? key : undefined;
  }

  /** RCs whose selector matches an orphan pod (they may adopt it). */
  #matchingKeys(pod: Pod): string[] {
    return this.#opts.owners.list()
      .filter((rc) => {
        if (rc.metadata.namespace !== pod.metadata.namespace) return false;
        const selector = this.#kind.selector(rc);
        return !selector.empty() && selector.matches(pod.metadata.labels);
      })
      .map(objectKey);
  }

  #podAdded(pod: Pod): void {
    const key = this.#ownerKey(pod);
    if (key) {
      this.expectations.creationObserved(key);
      this.#queue.add(key);
    } else if (!controllerOf(pod.metadata)) {
      for (const k of this.#matchingKeys(pod)) this.#queue.add(k);
    }
  }

  #podUpdated(old: Pod, pod: Pod): void {
    const key = this.#ownerKey(pod);
    if (key && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      this.expectations.deletionObserved(key, pod.metadata.name ?? "");
    }
    const oldKey = this.#ownerKey(old);
    if (oldKey && oldKey !== key) this.#queue.add(oldKey);
    if (key) {
      this.#queue.add(key);
      if (!isPodReady(old) && isPodReady(pod)) {
        const minReady = this.#opts.owners.get(key)?.spec?.minReadySeconds ?? 0;
        if (minReady > 0) this.#queue.addAfter(key, minReady * 1000 + 100);
      }
    } else if (!controllerOf(pod.metadata)) {
      for (const k of this.#matchingKeys(pod)) this.#queue.add(k);
    }
  }

  #podDeleted(pod: Pod): void {
    const key = this.#ownerKey(pod);
    if (!key) return;
    this.expectations.deletionObserved(key, pod.metadata.name ?? "");
    this.#queue.add(key);
  }

  /** Reconciles one RC ("namespace/name"); exported for tests and the work queue. */
  async sync(key: string): Promise<void> {
    const rc = this.#opts.owners.get(key);
    if (!rc) {
      this.expectations.forget(key);
      return;
    }
    if (rc.metadata.deletionTimestamp) return;
    const owned = await this.#claimPods(rc);
    const active = owned.filter(isPodActive);
    let failure: { reason: string; message: string } | undefined;
    // Finished pods (Failed, or Succeeded after their executor was shut down) do not count;
    // they are removed so that their replacements take their place in listings too.
    for (const pod of owned) {
      const phase = pod.status?.phase;
      if ((phase === "Failed" || phase === "Succeeded") && !pod.metadata.deletionTimestamp) {
        this.#log.v(1, `${key}: deleting ${phase} pod ${pod.metadata.name}`);
        await this.#pods.delete(pod.metadata.namespace ?? "", pod.metadata.name ?? "")
          .catch((e) => this.#log.warn(`${key}: ${describeError(e)}`));
      }
    }
    if (this.expectations.satisfied(key)) {
      failure = await this.#manage(key, rc, active);
    }
    await this.#writeStatus(rc, active, failure);
    if (failure) throw new Error(failure.message);
  }

  /** The pods `rc` controls after adopting matching orphans and releasing non-matching ones. */
  async #claimPods(rc: T): Promise<Pod[]> {
    const selector = this.#kind.selector(rc);
    const ns = rc.metadata.namespace;
    const owned: Pod[] = [];
    for (const pod of this.#opts.pods.list()) {
      if (pod.metadata.namespace !== ns) continue;
      const ref = controllerOf(pod.metadata);
      const matches = !selector.empty() && selector.matches(pod.metadata.labels);
      try {
        if (ref?.uid === rc.metadata.uid) {
          if (matches) owned.push(pod);
          else if (!pod.metadata.deletionTimestamp) {
            await this.#pods.release(pod, rc.metadata.uid ?? "");
            this.#log.info(`${objectKey(rc)}: released pod ${pod.metadata.name}`);
          }
        } else if (!ref && matches && isPodActive(pod)) {
          owned.push(await this.#pods.adopt(pod, rc, this.#kind));
          this.#log.info(`${objectKey(rc)}: adopted pod ${pod.metadata.name}`);
        }
      } catch (e) {
        if (!isNotFound(e)) {
          this.#log.v(1, `${objectKey(rc)}: claiming ${pod.metadata.name}: ${describeError(e)}`);
        }
      }
    }
    return owned;
  }

  async #manage(
    key: string,
    rc: T,
    active: Pod[],
  ): Promise<{ reason: string; message: string } | undefined> {
    const want = rc.spec?.replicas ?? 1;
    const burst = this.#opts.burstReplicas ?? 500;
    const diff = active.length - want;
    if (diff < 0) {
      const template = rc.spec?.template;
      if (!template) return { reason: "FailedCreate", message: `${key} has no pod template` };
      const count = Math.min(-diff, burst);
      this.expectations.expect(key, count);
      this.#log.v(1, `${key}: creating ${count} pod(s) (have ${active.length}, want ${want})`);
      let created = 0;
      for (let batch = 1; created < count; batch *= 2) {
        const size = Math.min(batch, count - created);
        const results = await Promise.allSettled(
          Array.from({ length: size }, () => this.#pods.create(template, rc, this.#kind)),
        );
        created += size;
        for (const r of results) {
          if (r.status === "fulfilled") {
            this.#event(rc, "Normal", "SuccessfulCreate", `Created pod: ${r.value.metadata.name}`);
          }
        }
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed.length > 0) {
          for (let i = 0; i < failed.length + (count - created); i++) {
            this.expectations.creationObserved(key);
          }
          const message = `creating pods for ${key} failed: ${describeError(failed[0].reason)}`;
          this.#log.warn(message);
          this.#event(rc, "Warning", "FailedCreate", message);
          return { reason: "FailedCreate", message };
        }
      }
    } else if (diff > 0) {
      const victims = [...active].sort(compareForDeletion).slice(0, Math.min(diff, burst));
      const names = victims.map((p) => p.metadata.name ?? "");
      this.expectations.expect(key, 0, names);
      this.#log.v(1, `${key}: deleting ${names.length} pod(s): ${names.join(", ")}`);
      const results = await Promise.allSettled(
        victims.map((p) => this.#pods.delete(p.metadata.namespace ?? "", p.metadata.name ?? "")),
      );
      let failure: { reason: string; message: string } | undefined;
      results.forEach((r, i) => {
        if (r.status === "fulfilled" && r.value) {
          this.#event(rc, "Normal", "SuccessfulDelete", `Deleted pod: ${names[i]}`);
          return;
        }
        this.expectations.deletionObserved(key, names[i]);
        if (r.status === "rejected") {
          failure ??= {
            reason: "FailedDelete",
            message: `deleting pod ${names[i]} of ${key} failed: ${describeError(r.reason)}`,
          };
        }
      });
      return failure;
    }
    return undefined;
  }

  #event(rc: T, type: "Normal" | "Warning", reason: string, msg: string): void {
    const { apiVersion, kind } = this.#kind;
    this.#events.record({ ...rc, apiVersion, kind }, type, reason, msg);
  }

  async #writeStatus(
    rc: T,
    active: Pod[],
    failure: { reason: string; message: string } | undefined,
  ): Promise<void> {
    const status = rcStatus(rc, active, failure);
    if (!statusChanged(rc.status, status)) return;
    const collection = { resource: this.#kind.resource, groupVersion: this.#kind.apiVersion };
    await writeStatus(this.#opts.client, collection, rc, status);
  }
}

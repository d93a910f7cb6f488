/**
 * Background deletion of dependents, since the apiserver does not collect garbage itself: when a
 * ReplicationController is deleted, every pod whose controller ownerReference names its uid is
 * deleted; a pod whose controller RC no longer exists (checked with a GET, not only the cache)
 * is deleted too, so pods orphaned while the controller-manager was down also go. Pods an
 * Orphan deletion released (ownerReference removed, checked on the live pod) are kept.
 */
import type { Pod } from "../api/types/pod.ts";
import type { ReplicationController } from "../api/types/replication_controller.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import type { Informer } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { type Logger, logger } from "../util/log.ts";
import { controllerOf } from "./pod_conditions.ts";
import { PodControl } from "./pod_control.ts";
import { WorkQueue } from "./work_queue.ts";

/** Settings of the garbage collector. */
export interface GarbageCollectorOptions {
  client: RestClient;
  pods: Informer<Pod>;
  rcs: Informer<ReplicationController>;
  log?: Logger;
}

/** Deletes pods whose controlling ReplicationController is gone. */
export class GarbageCollector {
  readonly #opts: GarbageCollectorOptions;
  readonly #pods: PodControl;
  readonly #queue: WorkQueue;
  readonly #log: Logger;

  constructor(opts: GarbageCollectorOptions) {
    this.#opts = opts;
    this.#pods = new PodControl(opts.client);
    this.#log = opts.log ?? logger("garbage-collector");
    this.#queue = new WorkQueue("garbage-collector", (k) => this.#check(k), 4, this.#log);
  }

  /** Registers the handlers and starts checking once both informers have synced. */
  async start(): Promise<void> {
    const { rcs, pods } = this.#opts;
    await rcs.addHandlers({
      onDelete: (rc) => {
        for (const pod of pods.list()) {
          if (controllerOf(pod.metadata)?.uid === rc.metadata.uid) this.#enqueue(pod);
        }
      },
    });
    await pods.addHandlers({
      onAdd: (pod) => this.#maybeOrphan(pod),
      onUpdate: (_old, pod) => this.#maybeOrphan(pod),
    });
    await Promise.all([rcs.waitForSync(), pods.waitForSync()]);
    for (const pod of pods.list()) this.#maybeOrphan(pod);
    this.#queue.start();
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
  }

  #enqueue(pod: Pod): void {
    this.#queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  #maybeOrphan(pod: Pod): void {
    const ref = controllerOf(pod.metadata);
    if (!ref || ref.kind !== "ReplicationController" || pod.metadata.deletionTimestamp) return;
    if (!this.#opts.rcs.hasSynced()) return;
    const rc = this.#opts.rcs.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rc || rc.metadata.uid !== ref.uid) this.#enqueue(pod);
  }

  async #check(key: string): Promise<void> {
    const pod = this.#opts.pods.get(key);
    const ref = pod && controllerOf(pod.metadata);
    if (!pod || !ref || ref.kind !== "ReplicationController") return;
    const namespace = pod.metadata.namespace ?? "default";
    try {
      const rc = await this.#opts.client.get<ReplicationController>({
        resource: "replicationcontrollers",
        namespace,
        name: ref.name,
      });
      if (rc.metadata.uid === ref.uid) return;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    // The cached pod may predate an orphan deletion that took the ownerReference off it.
    if (!(await this.#stillOwnedBy(namespace, pod.metadata.name ?? "", ref.uid))) return;
    try {
      if (await this.#pods.delete(namespace, pod.metadata.name ?? "")) {
        this.#log.info(
          `deleted pod ${key}: its ReplicationController ${ref.name} (uid ${ref.uid}) is gone`,
        );
      }
    } catch (e) {
      throw new Error(`deleting the orphaned pod ${key} failed: ${describeError(e)}`);
    }
  }

  /** True when the live pod still names `uid` as its controller (false when it is gone). */
  async #stillOwnedBy(namespace: string, name: string, uid: string): Promise<boolean> {
    try {
      const live = await this.#opts.client.get<Pod>({ resource: "pods", namespace, name });
      return controllerOf(live.metadata)?.uid === uid;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}

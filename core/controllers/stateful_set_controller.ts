/**
 * The StatefulSet controller: pods named `<set>-<ordinal>` with hostname = pod name and
 * subdomain = `serviceName` (so the headless Service's Endpoints carry per-pod hostnames).
 * OrderedReady creates ordinals 0…n−1 one at a time, each only once every lower one is Running
 * and Ready, and removes surplus ordinals highest first, one at a time; Parallel creates and
 * removes them all at once. A template change rolls out from the highest ordinal down to the
 * RollingUpdate partition, one pod at a time, each replaced once the others are ready
 * (OnDelete: only where a pod was deleted). Revisions are `<set>-<template hash>` in the
 * `controller-revision-hash` label; k8sm keeps no ControllerRevisions, so a pod below the
 * partition that is deleted comes back with the current template.
 */
import type { StatefulSet, StatefulSetStatus } from "../api/types/apps.ts";
import type { Pod } from "../api/types/pod.ts";
import { describeError, isConflict } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import { REVISION_HASH } from "./daemon_set_controller.ts";
import { templateHash } from "./deployment_revisions.ts";
import { controllerOf, isPodActive, isPodAvailable, isPodReady } from "./pod_conditions.ts";
import { PodControl } from "./pod_control.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const STATEFUL_SET = { kind: "StatefulSet", apiVersion: "apps/v1" };
const STS_REF = { resource: "statefulsets", groupVersion: "apps/v1" };
/** The label naming a StatefulSet pod (for per-pod Services). */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

/** Settings of the StatefulSet controller. */
export interface StatefulSetControllerOptions {
  client: RestClient;
  statefulSets: Informer<StatefulSet>;
  pods: Informer<Pod>;
  workers?: number;
  log?: Logger;
}

function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? "";
  if (!name.startsWith(prefix)) return undefined;
  const n = Number(name.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function healthy(pod: Pod | undefined): boolean {
  return pod !== undefined && isPodActive(pod) && pod.status?.phase === "Running" &&
    isPodReady(pod);
}

/** Runs every StatefulSet the informers show. */
export class StatefulSetController {
  readonly #opts: StatefulSetControllerOptions;
  readonly #queue: WorkQueue;
  readonly #pods: PodControl;
  readonly #log: Logger;
  readonly #events: EventRecorder;

  constructor(opts: StatefulSetControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("statefulset-controller");
    this.#events = new EventRecorder(opts.client, "statefulset-controller");
    this.#pods = new PodControl(opts.client);
    this.#queue = new WorkQueue("statefulset-controller", (k) => this.sync(k), opts.workers ?? 2);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { statefulSets, pods } = this.#opts;
    await statefulSets.addHandlers({
      onAdd: (s) => this.#queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.#queue.add(objectKey(s)),
    });
    const owner = (p: Pod) => {
      const ref = controllerOf(p.metadata);
      if (ref?.kind === "StatefulSet") this.#queue.add(`${p.metadata.namespace}/${ref.name}`);
    };
    await pods.addHandlers({ onAdd: owner, onUpdate: (_o, p) => owner(p), onDelete: owner });
    await this.#queue.startAfterSync(statefulSets, pods);
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  /** Reconciles one StatefulSet ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const set = this.#opts.statefulSets.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const replicas = set.spec?.replicas ?? 1;
    const updateRevision = `${set.metadata.name}-${templateHash(set.spec?.template)}`;
    const byOrdinal = new Map<number, Pod>();
    const strays: Pod[] = [];
    for (const p of this.#opts.pods.list()) {
      if (p.metadata.namespace !== set.metadata.namespace) continue;
      if (controllerOf(p.metadata)?.uid !== set.metadata.uid) continue;
      const i = ordinalOf(set, p);
      if (i === undefined) strays.push(p);
      else byOrdinal.set(i, p);
    }
    const parallel = set.spec?.podManagementPolicy === "Parallel";
    await this.#manage(set, replicas, updateRevision, byOrdinal, strays, parallel);
    await this.#writeStatus(set, replicas, updateRevision, byOrdinal);
  }

  async #manage(
    set: StatefulSet,
    replicas: number,
    revision: string,
    byOrdinal: Map<number, Pod>,
    strays: Pod[],
    parallel: boolean,
  ): Promise<void> {
    for (const p of strays) await this.#delete(set, p);
    // Failed pods are replaced under the same name.
    for (const [i, p] of byOrdinal) {
      if (p.status?.phase === "Failed" && !p.metadata.deletionTimestamp) {
        await this.#delete(set, p);
        byOrdinal.delete(i);
      }
    }
    for (let i = 0; i < replicas; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        await this.#create(set, i, revision);
        if (!parallel) return;
        continue;
      }
      // OrderedReady: every lower ordinal must be Running and Ready before the next goes on.
      if (!parallel && !healthy(pod)) return;
    }
    const condemned = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    for (const i of condemned) {
      const pod = byOrdinal.get(i)!;
      if (pod.metadata.deletionTimestamp) {
        if (!parallel) return;
        continue;
      }
      await this.#delete(set, pod);
      if (!parallel) return;
    }
    if (set.spec?.updateStrategy?.type === "OnDelete") return;
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const all = [...Array(replicas).keys()].map((i) => byOrdinal.get(i));
    if (!all.every(healthy)) return;
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = byOrdinal.get(i)!;
      if (pod.metadata.labels?.[REVISION_HASH] !== revision) {
        await this.#delete(set, pod);
        return;
      }
    }
  }

  async #create(set: StatefulSet, ordinal: number, revision: string): Promise<void> {
    const template = set.spec?.template;
    if (!template) return;
    const name = `${set.metadata.name}-${ordinal}`;
    try {
      await this.#pods.create(template, set, STATEFUL_SET, (pod) => {
        pod.metadata.name = name;
        delete pod.metadata.generateName;
        pod.metadata.labels = {
          ...pod.metadata.labels,
          [REVISION_HASH]: revision,
          [POD_NAME_LABEL]: name,
          "apps.kubernetes.io/pod-index": String(ordinal),
        };
        if (pod.spec) {
          pod.spec.hostname = name;
          if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
        }
      });
      this.#event(
        set,
        "Normal",
        "SuccessfulCreate",
        `create Pod ${name} in StatefulSet ${set.metadata.name} successful`,
      );
    } catch (e) {
      if (isConflict(e)) return; // the informer has not seen it yet
      throw new Error(
        `creating pod ${name} of statefulset ${objectKey(set)} failed: ${describeError(e)}`,
      );
    }
  }

  async #delete(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.#pods.delete(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
      this.#event(
        set,
        "Normal",
        "SuccessfulDelete",
        `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      );
    } catch (e) {
      this.#log.warn(`${objectKey(set)}: deleting pod ${pod.metadata.name}: ${describeError(e)}`);
    }
  }

  async #writeStatus(
    set: StatefulSet,
    replicas: number,
    updateRevision: string,
    byOrdinal: Map<number, Pod>,
  ): Promise<void> {
    const pods = [...byOrdinal.values()].filter(isPodActive);
    const updated = pods.filter((p) => p.metadata.labels?.[REVISION_HASH] === updateRevision);
    const previous = set.status?.currentRevision ?? updateRevision;
    const done = updated.length === replicas && pods.length === replicas &&
      updated.every(isPodReady);
    const currentRevision = done ? updateRevision : previous;
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_HASH] === currentRevision)
        .length,
      updatedReplicas: updated.length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, set.spec?.minReadySeconds ?? 0))
        .length,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    if (JSON.stringify(status) !== JSON.stringify(set.status)) {
      await writeStatus(this.#opts.client, STS_REF, set, status);
    }
  }

  #event(set: StatefulSet, type: "Normal" | "Warning", reason: string, message: string): void {
    this.#events.record({ ...set, ...STATEFUL_SET }, type, reason, message);
  }
}

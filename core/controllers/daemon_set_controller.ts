/**
 * The DaemonSet controller: one pod of each DaemonSet on every Node its template admits
 * (nodeSelector, required node affinity). Pods are pinned with `spec.nodeName`, so the Mesos
 * scheduler places each only through that agent's offers; a new Node (agent) gets its pod,
 * pods on Nodes that no longer qualify, duplicates and failed pods are deleted. Template
 * changes roll out node by node (RollingUpdate: old pods deleted while at most maxUnavailable
 * nodes lack an available pod; OnDelete: only where a pod was deleted). Pods carry the
 * template's hash as `controller-revision-hash`.
 */
import type { DaemonSet, DaemonSetStatus } from "../api/types/apps.ts";
import type { Node } from "../api/types/node.ts";
import type { Pod } from "../api/types/pod.ts";
import { describeError } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import { ControllerExpectations } from "./controller_expectations.ts";
import { templateHash } from "./deployment_revisions.ts";
import { nodeAdmits } from "./node_eligibility.ts";
import { controllerOf, isPodActive, isPodAvailable, isPodReady } from "./pod_conditions.ts";
import { ownedPodHandlers } from "./owned_pod_handlers.ts";
import { PodControl } from "./pod_control.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const DAEMON_SET = { kind: "DaemonSet", apiVersion: "apps/v1" };
const DS_REF = { resource: "daemonsets", groupVersion: "apps/v1" };
/** The label holding the template hash of a daemon pod. */
export const REVISION_HASH = "controller-revision-hash";

/** Settings of the DaemonSet controller. */
export interface DaemonSetControllerOptions {
  client: RestClient;
  daemonSets: Informer<DaemonSet>;
  nodes: Informer<Node>;
  pods: Informer<Pod>;
  workers?: number;
  log?: Logger;
}

/** Runs every DaemonSet the informers show. */
export class DaemonSetController {
  readonly expectations = new ControllerExpectations();
  readonly #opts: DaemonSetControllerOptions;
  readonly #queue: WorkQueue;
  readonly #pods: PodControl;
  readonly #log: Logger;
  readonly #events: EventRecorder;

  constructor(opts: DaemonSetControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("daemonset-controller");
    this.#events = new EventRecorder(opts.client, "daemonset-controller");
    this.#pods = new PodControl(opts.client);
    this.#queue = new WorkQueue("daemonset-controller", (k) => this.sync(k), opts.workers ?? 2);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { daemonSets, nodes, pods } = this.#opts;
    await daemonSets.addHandlers({
      onAdd: (ds) => this.#queue.add(objectKey(ds)),
      onUpdate: (_o, ds) => this.#queue.add(objectKey(ds)),
      onDelete: (ds) => this.expectations.forget(objectKey(ds)),
    });
    const all = () => daemonSets.list().forEach((ds) => this.#queue.add(objectKey(ds)));
    await nodes.addHandlers({ onAdd: all, onUpdate: all, onDelete: all });
    await pods.addHandlers(ownedPodHandlers("DaemonSet", this.expectations, this.#queue));
    await Promise.all([daemonSets.waitForSync(), nodes.waitForSync(), pods.waitForSync()]);
    all();
    this.#queue.start();
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  /** Reconciles one DaemonSet ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const ds = this.#opts.daemonSets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = templateHash(ds.spec?.template);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const nodes = this.#opts.nodes.list().filter((n) => !n.metadata.deletionTimestamp);
    const eligible = new Set(
      nodes.filter((n) => nodeAdmits(ds.spec?.template?.spec, n)).map((n) => n.metadata.name),
    );
    const owned = this.#opts.pods.list().filter((p) =>
      p.metadata.namespace === ds.metadata.namespace &&
      controllerOf(p.metadata)?.uid === ds.metadata.uid
    );
    const failed = owned.filter((p) =>
      p.status?.phase === "Failed" && !p.metadata.deletionTimestamp
    );
    const byNode = new Map<string, Pod[]>();
    for (const p of owned.filter(isPodActive)) {
      const node = p.spec?.nodeName ?? "";
      byNode.set(node, [...(byNode.get(node) ?? []), p]);
    }
    const create: string[] = [];
    const remove: Pod[] = [...failed];
    for (const node of eligible) {
      const here = byNode.get(node ?? "") ?? [];
      if (here.length === 0) create.push(node ?? "");
      // Duplicates: the oldest stays.
      const sorted = [...here].sort((a, b) =>
        (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "")
      );
      remove.push(...sorted.slice(1));
    }
    for (const [node, pods] of byNode) if (!eligible.has(node)) remove.push(...pods);
    if (this.expectations.satisfied(key)) {
      remove.push(...this.#rollingDeletes(ds, hash, eligible, byNode, minReady));
      await this.#apply(key, ds, hash, create, remove);
    }
    await this.#writeStatus(key, ds, hash, eligible, byNode, minReady);
  }

  /** Old-template pods to delete now, within maxUnavailable (RollingUpdate only). */
  #rollingDeletes(
    ds: DaemonSet,
    hash: string,
    eligible: Set<string | undefined>,
    byNode: Map<string, Pod[]>,
    minReady: number,
  ): Pod[] {
    const strategy = ds.spec?.updateStrategy;
    if (strategy?.type === "OnDelete") return [];
    const max = strategy?.rollingUpdate?.maxUnavailable ?? 1;
    const budgetTotal = typeof max === "number"
      ? max
      : Math.ceil((Number(max.replace("%", "")) * eligible.size) / 100);
    let unavailable = 0;
    const oldAvailable: Pod[] = [];
    const out: Pod[] = [];
    for (const node of eligible) {
      const pod = (byNode.get(node ?? "") ?? [])[0];
      const available = pod !== undefined && isPodAvailable(pod, minReady);
      if (!available) unavailable++;
      if (!pod || pod.metadata.labels?.[REVISION_HASH] === hash) continue;
      if (available) oldAvailable.push(pod);
      else out.push(pod); // an old pod that is not available anyway goes at once
    }
    const budget = Math.max(1, budgetTotal) - unavailable;
    return [...out, ...oldAvailable.slice(0, Math.max(0, budget))];
  }

  async #apply(key: string, ds: DaemonSet, hash: string, create: string[], remove: Pod[]) {
    const template = ds.spec?.template;
    if (!template) return;
    const names = [...new Set(remove.map((p) => p.metadata.name ?? ""))];
    this.expectations.expect(key, create.length, names);
    await Promise.all(create.map(async (node) => {
      try {
        const pod = await this.#pods.create(template, ds, DAEMON_SET, (p) => {
          p.metadata.labels = { ...p.metadata.labels, [REVISION_HASH]: hash };
          if (p.spec) p.spec.nodeName = node;
        });
        this.#event(ds, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
      } catch (e) {
        this.expectations.creationObserved(key);
        this.#event(
          ds,
          "Warning",
          "FailedCreate",
          `creating a pod on ${node}: ${describeError(e)}`,
        );
      }
    }));
    await Promise.all(names.map(async (name) => {
      try {
        if (!(await this.#pods.delete(ds.metadata.namespace ?? "", name))) {
          this.expectations.deletionObserved(key, name);
        } else this.#event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
      } catch (e) {
        this.expectations.deletionObserved(key, name);
        this.#log.warn(`${key}: deleting pod ${name}: ${describeError(e)}`);
      }
    }));
  }

  async #writeStatus(
    key: string,
    ds: DaemonSet,
    hash: string,
    eligible: Set<string | undefined>,
    byNode: Map<string, Pod[]>,
    minReady: number,
  ): Promise<void> {
    const first = (node: string | undefined) => (byNode.get(node ?? "") ?? [])[0];
    const scheduled = [...eligible].filter((n) => first(n) !== undefined);
    const available = scheduled.filter((n) => isPodAvailable(first(n)!, minReady)).length;
    const status: DaemonSetStatus = {
      currentNumberScheduled: scheduled.length,
      numberMisscheduled: [...byNode.keys()].filter((n) => !eligible.has(n)).length,
      desiredNumberScheduled: eligible.size,
      numberReady: scheduled.filter((n) => isPodReady(first(n)!)).length,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled:
        scheduled.filter((n) => first(n)!.metadata.labels?.[REVISION_HASH] === hash).length,
      numberAvailable: available,
      numberUnavailable: eligible.size - available,
    };
    if (JSON.stringify(status) !== JSON.stringify(ds.status)) {
      await writeStatus(this.#opts.client, DS_REF, ds, status);
    }
    if (minReady > 0 && available < scheduled.length) this.#queue.addAfter(key, minReady * 1000);
  }

  #event(ds: DaemonSet, type: "Normal" | "Warning", reason: string, message: string): void {
    this.#events.record({ ...ds, ...DAEMON_SET }, type, reason, message);
  }
}

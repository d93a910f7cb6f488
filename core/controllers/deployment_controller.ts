/**
 * The Deployment controller: rolls a Deployment's pod template out through ReplicaSets named
 * `<deployment>-<pod-template-hash>`. It adopts matching orphan ReplicaSets and releases
 * those that stop matching, creates the new ReplicaSet (or re-labels an old one with the same
 * template as the newest revision: `kubectl rollout undo`), scales new up and old down within
 * maxSurge/maxUnavailable (RollingUpdate) or old to zero before new (Recreate), only scales
 * while paused, keeps revisionHistoryLimit old ReplicaSets and writes the status kubectl's
 * `rollout status` reads.
 */
import { selectorFromObject } from "../api/label_selector_object.ts";
import type { Deployment, ReplicaSet } from "../api/types/apps.ts";
import type { Pod } from "../api/types/pod.ts";
import { isConflict, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { EventRecorder } from "../scheduler/event_recorder.ts";
import { type Logger, logger } from "../util/log.ts";
import {
  DESIRED_REPLICAS,
  HASH_LABEL,
  inheritedAnnotations,
  MAX_REPLICAS,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  sameTemplate,
  templateHash,
} from "./deployment_revisions.ts";
import {
  newReplicaSetReplicas,
  oldestFirst,
  oldScaleDowns,
  specReplicas,
  surgeAndUnavailable,
} from "./deployment_rollout.ts";
import { deploymentStatus, type SyncEvent } from "./deployment_status.ts";
import { adoptObject, refOf, releaseObject } from "./owner_claims.ts";
import { controllerOf, isPodActive } from "./pod_conditions.ts";
import { controllerRef } from "./pod_control.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const DEPLOYMENT = { kind: "Deployment", apiVersion: "apps/v1" };
const RS_REF = { resource: "replicasets", groupVersion: "apps/v1" };
const DEPLOY_REF = { resource: "deployments", groupVersion: "apps/v1" };

/** Settings of the Deployment controller. */
export interface DeploymentControllerOptions {
  client: RestClient;
  deployments: Informer<Deployment>;
  replicaSets: Informer<ReplicaSet>;
  pods: Informer<Pod>;
  workers?: number;
  log?: Logger;
}

/** Runs rollouts for every Deployment the informers show. */
export class DeploymentController {
  readonly #opts: DeploymentControllerOptions;
  readonly #queue: WorkQueue;
  readonly #log: Logger;
  readonly #events: EventRecorder;
  /** ReplicaSets as this controller last wrote them, until the informer catches up. */
  readonly #written = new Map<string, ReplicaSet>();

  constructor(opts: DeploymentControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("deployment-controller");
    this.#events = new EventRecorder(opts.client, "deployment-controller");
    this.#queue = new WorkQueue("deployment-controller", (k) => this.sync(k), opts.workers ?? 5);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { deployments, replicaSets, pods } = this.#opts;
    await deployments.addHandlers({
      onAdd: (d) => this.#queue.add(objectKey(d)),
      onUpdate: (_o, d) => this.#queue.add(objectKey(d)),
    });
    const rsChanged = (rs: ReplicaSet) => this.#enqueueOwnerOf(rs);
    await replicaSets.addHandlers({
      onAdd: rsChanged,
      onUpdate: (old, rs) => {
        rsChanged(old);
        rsChanged(rs);
      },
      onDelete: rsChanged,
    });
    // Recreate waits for the old pods to go.
    await pods.addHandlers({
      onDelete: (pod) => {
        const ref = controllerOf(pod.metadata);
        if (ref?.kind !== "ReplicaSet") return;
        const rs = replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
        if (rs) this.#enqueueOwnerOf(rs);
      },
    });
    await this.#queue.startAfterSync(deployments, replicaSets, pods);
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
    await this.#events.flush();
  }

  #enqueueOwnerOf(rs: ReplicaSet): void {
    const ref = controllerOf(rs.metadata);
    if (ref?.kind === "Deployment") {
      this.#queue.add(`${rs.metadata.namespace}/${ref.name}`);
      return;
    }
    if (ref) return;
    // An orphan: the Deployments that would adopt it.
    for (const d of this.#opts.deployments.list()) {
      if (d.metadata.namespace !== rs.metadata.namespace) continue;
      if (selectorFromObject(d.spec?.selector).matches(rs.metadata.labels)) {
        this.#queue.add(objectKey(d));
      }
    }
  }

  /** The cached ReplicaSet, or the one this controller wrote last if that is newer. */
  #fresh(rs: ReplicaSet): ReplicaSet {
    const mine = this.#written.get(rs.metadata.uid ?? "");
    if (!mine) return rs;
    if (Number(mine.metadata.resourceVersion) > Number(rs.metadata.resourceVersion)) return mine;
    this.#written.delete(rs.metadata.uid ?? "");
    return rs;
  }

  /** Reconciles one Deployment ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const d = this.#opts.deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const selector = selectorFromObject(d.spec?.selector);
    if (selector.empty()) return;
    const owned = await this.#claim(d);
    const event: SyncEvent = {};
    let newRS = owned.find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
    let old = owned.filter((rs) => rs !== newRS);
    const recreate = d.spec?.strategy?.type === "Recreate";
    if (d.spec?.paused) {
      await this.#scalePaused(d, newRS, old);
    } else if (recreate && old.some((rs) => specReplicas(rs) > 0)) {
      for (const rs of old) if (specReplicas(rs) > 0) await this.#scale(d, rs, 0);
    } else if (recreate && this.#oldPodsRunning(d, old)) {
      // Wait for the old pods to terminate before starting new ones.
    } else {
      if (!newRS || revisionOf(newRS) <= Math.max(0, ...old.map(revisionOf))) {
        const made = await this.#newReplicaSet(d, newRS, old);
        if (!made) return;
        event.createdNewRS = made.created;
        newRS = made.rs;
      }
      await this.#revisionOnDeployment(d, newRS);
      newRS = await this.#copyAnnotations(d, newRS);
      const want = newReplicaSetReplicas(d, [...old, newRS], specReplicas(newRS));
      if (want !== specReplicas(newRS)) newRS = await this.#scale(d, newRS, want);
      else if (!recreate) {
        const downs = oldScaleDowns(d, newRS, old);
        old = await Promise.all(old.map((rs) => {
          const to = downs.get(rs.metadata.name ?? "");
          return to === undefined ? rs : this.#scale(d, rs, to);
        }));
      }
    }
    const all = newRS ? [...old, newRS] : old;
    const { status, recheckMs } = deploymentStatus(d, newRS, all, event);
    if (status.conditions?.some((c) => c.reason === "NewReplicaSetAvailable")) {
      await this.#cleanup(d, old);
    }
    await this.#writeStatus(d, status);
    if (recheckMs !== undefined) this.#queue.addAfter(key, recheckMs);
  }

  /** The ReplicaSets `d` controls after adopting matching orphans and releasing others. */
  async #claim(d: Deployment): Promise<ReplicaSet[]> {
    const selector = selectorFromObject(d.spec?.selector);
    const owned: ReplicaSet[] = [];
    for (const cached of this.#opts.replicaSets.list()) {
      if (cached.metadata.namespace !== d.metadata.namespace) continue;
      const rs = this.#fresh(cached);
      const ref = controllerOf(rs.metadata);
      const matches = selector.matches(rs.metadata.labels);
      try {
        if (ref?.uid === d.metadata.uid) {
          if (matches) owned.push(rs);
          else if (!rs.metadata.deletionTimestamp) {
            await releaseObject(this.#opts.client, refOf(RS_REF, rs), rs, d.metadata.uid ?? "");
          }
        } else if (!ref && matches && !rs.metadata.deletionTimestamp) {
          owned.push(
            await adoptObject<ReplicaSet>(this.#opts.client, refOf(RS_REF, rs), rs, d, DEPLOYMENT),
          );
          this.#log.info(`${objectKey(d)}: adopted ReplicaSet ${rs.metadata.name}`);
        }
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
    }
    return owned;
  }

  #oldPodsRunning(d: Deployment, old: ReplicaSet[]): boolean {
    const uids = new Set(old.map((rs) => rs.metadata.uid));
    return this.#opts.pods.list().some((p) =>
      p.metadata.namespace === d.metadata.namespace && uids.has(controllerOf(p.metadata)?.uid) &&
      (isPodActive(p) || p.metadata.deletionTimestamp !== undefined)
    );
  }

  /** While paused only the replica count follows the Deployment (no new template rolls out). */
  async #scalePaused(d: Deployment, newRS: ReplicaSet | undefined, old: ReplicaSet[]) {
    const active = [...(newRS ? [newRS] : []), ...old].filter((rs) => specReplicas(rs) > 0);
    const target = active.length === 1 ? active[0] : active.length === 0 ? newRS : undefined;
    if (target && specReplicas(target) !== specReplicas(d)) {
      await this.#scale(d, target, specReplicas(d));
    }
  }

  /**
   * Creates the ReplicaSet of `d`'s template (revision max(old) + 1), or gives `existing` (an
   * old one with this template, a rollback) the newest revision; undefined after a hash
   * collision (the next sync retries with the new collisionCount).
   */
  async #newReplicaSet(
    d: Deployment,
    existing: ReplicaSet | undefined,
    old: ReplicaSet[],
  ): Promise<{ rs: ReplicaSet; created: boolean } | undefined> {
    const revision = String(Math.max(0, ...old.map(revisionOf)) + 1);
    const annotations = {
      ...inheritedAnnotations(d),
      [REVISION]: revision,
      [DESIRED_REPLICAS]: String(specReplicas(d)),
      [MAX_REPLICAS]: String(specReplicas(d) + surgeAndUnavailable(d).surge),
    };
    if (existing) {
      const before = existing.metadata.annotations?.[REVISION];
      const history = [existing.metadata.annotations?.[REVISION_HISTORY], before]
        .filter((x) => x).join(",");
      if (history) (annotations as Record<string, string>)[REVISION_HISTORY] = history;
      return { rs: await this.#patchRS(existing, { metadata: { annotations } }), created: false };
    }
    const hash = templateHash(d.spec?.template, d.status?.collisionCount ?? 0);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [HASH_LABEL]: hash },
    };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations,
        ownerReferences: [controllerRef(d, DEPLOYMENT)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector,
        template,
      },
    };
    rs.spec!.replicas = newReplicaSetReplicas(d, [...old, rs], 0);
    try {
      const created = await this.#opts.client.create<ReplicaSet>(
        { ...RS_REF, namespace: d.metadata.namespace },
        rs,
      );
      this.#event(
        d,
        "ScalingReplicaSet",
        `Scaled up replica set ${created.metadata.name} from 0 to ${rs.spec!.replicas}`,
      );
      return { rs: created, created: true };
    } catch (e) {
      if (!isConflict(e)) throw e;
      // The name is taken: by this template's ReplicaSet the informer has not shown yet (it
      // is the new one; creating another beside it would surge twice) or by another
      // template's (a hash collision). The API, not the cache, tells which.
      const taken = await this.#opts.client.get<ReplicaSet>(refOf(RS_REF, rs)).catch((e) => {
        if (isNotFound(e)) return undefined; // deleted since: its DELETED event requeues d
        throw e;
      });
      if (!taken) return undefined;
      if (
        controllerOf(taken.metadata)?.uid === d.metadata.uid &&
        sameTemplate(taken.spec?.template, d.spec?.template)
      ) return { rs: taken, created: false };
      const collisionCount = (d.status?.collisionCount ?? 0) + 1;
      await this.#writeStatus(d, { ...d.status, collisionCount });
      return undefined;
    }
  }

  async #revisionOnDeployment(d: Deployment, newRS: ReplicaSet): Promise<void> {
    const revision = newRS.metadata.annotations?.[REVISION];
    if (!revision || d.metadata.annotations?.[REVISION] === revision) return;
    await this.#opts.client.patch(
      { ...DEPLOY_REF, namespace: d.metadata.namespace, name: d.metadata.name },
      { metadata: { annotations: { [REVISION]: revision } } },
      "merge",
    );
  }

  /** Copies the Deployment's inheritable annotations (change-cause, …) to its current ReplicaSet. */
  async #copyAnnotations(d: Deployment, rs: ReplicaSet): Promise<ReplicaSet> {
    const have = rs.metadata.annotations ?? {};
    const missing = Object.entries(inheritedAnnotations(d)).filter(([k, v]) => have[k] !== v);
    if (missing.length === 0) return rs;
    return await this.#patchRS(rs, { metadata: { annotations: Object.fromEntries(missing) } });
  }

  async #scale(d: Deployment, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> {
    const from = specReplicas(rs);
    const scaled = await this.#patchRS(rs, {
      metadata: {
        annotations: {
          [DESIRED_REPLICAS]: String(specReplicas(d)),
          [MAX_REPLICAS]: String(specReplicas(d) + surgeAndUnavailable(d).surge),
        },
      },
      spec: { replicas, minReadySeconds: d.spec?.minReadySeconds ?? 0 },
    });
    const verb = replicas > from ? "up" : "down";
    this.#event(
      d,
      "ScalingReplicaSet",
      `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    );
    return scaled;
  }

  async #patchRS(rs: ReplicaSet, patch: unknown): Promise<ReplicaSet> {
    const out = await this.#opts.client.patch<ReplicaSet>(refOf(RS_REF, rs), patch, "merge");
    this.#written.set(out.metadata.uid ?? "", out);
    return out;
  }

  /** Deletes the oldest drained ReplicaSets beyond revisionHistoryLimit. */
  async #cleanup(d: Deployment, old: ReplicaSet[]): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const drained = oldestFirst(old).filter((rs) =>
      specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp
    );
    for (const rs of drained.slice(0, Math.max(0, drained.length - limit))) {
      try {
        await this.#opts.client.delete(refOf(RS_REF, rs), { propagationPolicy: "Background" });
        this.#log.v(1, `${objectKey(d)}: deleted old ReplicaSet ${rs.metadata.name}`);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  async #writeStatus(d: Deployment, status: Deployment["status"]): Promise<void> {
    if (JSON.stringify(status) !== JSON.stringify(d.status)) {
      await writeStatus(this.#opts.client, DEPLOY_REF, d, status);
    }
  }

  #event(d: Deployment, reason: string, message: string): void {
    this.#events.record({ ...d, ...DEPLOYMENT }, "Normal", reason, message);
  }
}

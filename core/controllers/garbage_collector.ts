/**
 * Garbage collection by ownerReferences, for every kind the controller-manager watches (pods,
 * replication controllers, ReplicaSets, Deployments, Jobs, CronJobs, …), like kube's:
 * - an object whose owners are all gone (checked with a GET, not only the cache) is deleted
 *   (Background), so dependents of a background-deleted owner, and of owners deleted while the
 *   controller-manager was down, go;
 * - an owner being deleted with the `foregroundDeletion` finalizer has its dependents deleted
 *   (Foreground for those that own objects themselves), and loses the finalizer (and so is
 *   removed) once no dependent with `blockOwnerDeletion` is left;
 * - an owner being deleted with the `orphan` finalizer has its ownerReference taken off its
 *   dependents, then loses the finalizer;
 * - an object with some owners alive keeps them and loses its references to gone owners.
 */
import { apiVersionOf, resourceForKind, type ResourceInfo } from "../api/kinds.ts";
import type { KubeObject, OwnerReference } from "../api/object.ts";
import { ApiError, describeError, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "../registry/orphan_dependents.ts";
import { type Logger, logger } from "../util/log.ts";
import { WorkQueue } from "./work_queue.ts";

/** One watched kind: its resource entry and a started informer of all its objects. */
export interface GcSource {
  info: ResourceInfo;
  informer: Informer<KubeObject>;
}

/** Settings of the garbage collector. */
export interface GarbageCollectorOptions {
  client: RestClient;
  sources: GcSource[];
  workers?: number;
  log?: Logger;
}

/** A node of the ownership graph: where an object lives. */
interface Node {
  source: GcSource;
  key: string;
}

/** Deletes dependents of gone owners and runs the foreground and orphan finalizers. */
export class GarbageCollector {
  readonly #opts: GarbageCollectorOptions;
  readonly #queue: WorkQueue;
  readonly #log: Logger;
  /** uid → where the object is. */
  readonly #byUid = new Map<string, Node>();
  /** owner uid → "resource\0key" of its dependents. */
  readonly #dependents = new Map<string, Set<string>>();

  constructor(opts: GarbageCollectorOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("garbage-collector");
    this.#queue = new WorkQueue("garbage-collector", (k) => this.#process(k), opts.workers ?? 4);
  }

  /** Registers the handlers and starts processing once every informer has synced. */
  async start(): Promise<void> {
    for (const source of this.#opts.sources) {
      await source.informer.addHandlers({
        onAdd: (obj) => this.#observe(source, undefined, obj),
        onUpdate: (old, obj) => this.#observe(source, old, obj),
        onDelete: (obj) => this.#removed(source, obj),
      });
    }
    await Promise.all(this.#opts.sources.map((s) => s.informer.waitForSync()));
    for (const source of this.#opts.sources) {
      for (const obj of source.informer.list()) this.#enqueueIfInteresting(source, obj);
    }
    this.#queue.start();
  }

  /** Stops the workers (the informers belong to the caller). */
  async stop(): Promise<void> {
    await this.#queue.stop();
  }

  /** Items waiting to be processed. */
  get queueLength(): number {
    return this.#queue.length;
  }

  #itemKey(source: GcSource, obj: KubeObject): string {
    return `${source.info.group}/${source.info.resource}\u0000${objectKey(obj)}`;
  }

  #observe(source: GcSource, old: KubeObject | undefined, obj: KubeObject): void {
    const uid = obj.metadata.uid ?? "";
    const item = this.#itemKey(source, obj);
    this.#byUid.set(uid, { source, key: objectKey(obj) });
    for (const r of old?.metadata.ownerReferences ?? []) this.#dependents.get(r.uid)?.delete(item);
    for (const r of obj.metadata.ownerReferences ?? []) {
      let set = this.#dependents.get(r.uid);
      if (!set) this.#dependents.set(r.uid, set = new Set());
      set.add(item);
    }
    this.#enqueueIfInteresting(source, obj);
    // A dependent that starts terminating may be what a foreground owner waits for.
    if (obj.metadata.deletionTimestamp && !old?.metadata.deletionTimestamp) {
      this.#enqueueOwners(obj);
    }
  }

  #removed(source: GcSource, obj: KubeObject): void {
    const uid = obj.metadata.uid ?? "";
    const item = this.#itemKey(source, obj);
    if (this.#byUid.get(uid)?.key === objectKey(obj)) this.#byUid.delete(uid);
    for (const r of obj.metadata.ownerReferences ?? []) this.#dependents.get(r.uid)?.delete(item);
    // Its dependents may now be garbage; its owners may be waiting for it.
    for (const dep of this.#dependents.get(uid) ?? []) this.#queue.add(dep);
    this.#enqueueOwners(obj);
  }

  #enqueueOwners(obj: KubeObject): void {
    for (const r of obj.metadata.ownerReferences ?? []) {
      const node = this.#byUid.get(r.uid);
      if (node) {
        this.#queue.add(`${node.source.info.group}/${node.source.info.resource}\u0000${node.key}`);
      }
    }
  }

  #enqueueIfInteresting(source: GcSource, obj: KubeObject): void {
    const m = obj.metadata;
    const finalizing = m.deletionTimestamp !== undefined &&
      (m.finalizers ?? []).some((f) => f === FOREGROUND_FINALIZER || f === ORPHAN_FINALIZER);
    if (finalizing) {
      this.#queue.add(this.#itemKey(source, obj));
      return;
    }
    const refs = m.ownerReferences ?? [];
    if (refs.length === 0) return;
    const missing = refs.some((r) => {
      const owner = this.#ownerInCache(r);
      return !owner || owner.metadata.deletionTimestamp !== undefined;
    });
    if (missing) this.#queue.add(this.#itemKey(source, obj));
  }

  #ownerInCache(ref: OwnerReference): KubeObject | undefined {
    const node = this.#byUid.get(ref.uid);
    return node?.source.informer.get(node.key);
  }

  #lookup(item: string): { source: GcSource; obj: KubeObject } | undefined {
    const [res, key] = item.split("\u0000");
    const source = this.#opts.sources.find((s) => `${s.info.group}/${s.info.resource}` === res);
    const obj = source?.informer.get(key);
    return source && obj ? { source, obj } : undefined;
  }

  async #process(item: string): Promise<void> {
    const found = this.#lookup(item);
    if (!found) return;
    const { source, obj } = found;
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp !== undefined) {
      if (finalizers.includes(ORPHAN_FINALIZER)) return await this.#orphan(source, obj);
      if (finalizers.includes(FOREGROUND_FINALIZER)) return await this.#foreground(source, obj);
      return;
    }
    await this.#collect(source, obj);
  }

  /** The live dependents of `uid` (cache), as source and object. */
  #dependentsOf(uid: string): { source: GcSource; obj: KubeObject }[] {
    const out = [];
    for (const item of this.#dependents.get(uid) ?? []) {
      const d = this.#lookup(item);
      if (d && d.obj.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push(d);
    }
    return out;
  }

  async #orphan(source: GcSource, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid ?? "";
    for (const d of this.#dependentsOf(uid)) {
      const refs = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      await this.#patchOwners(d.source, d.obj, refs);
    }
    await this.#dropFinalizer(source, owner, ORPHAN_FINALIZER);
    this.#log.info(`orphaned the dependents of ${source.info.resource} ${objectKey(owner)}`);
  }

  async #foreground(source: GcSource, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid ?? "";
    const deps = this.#dependentsOf(uid);
    for (const d of deps) {
      if (d.obj.metadata.deletionTimestamp) continue;
      const hasOwn = this.#dependentsOf(d.obj.metadata.uid ?? "").length > 0;
      await this.#delete(d.source, d.obj, hasOwn ? "Foreground" : "Background");
    }
    const blocking = deps.filter((d) =>
      d.obj.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true)
    );
    if (blocking.length > 0) return;
    await this.#dropFinalizer(source, owner, FOREGROUND_FINALIZER);
    this.#log.info(`foreground deletion of ${source.info.resource} ${objectKey(owner)} done`);
  }

  /** Deletes `obj` when every owner is gone; drops references to gone owners otherwise. */
  async #collect(source: GcSource, cached: KubeObject): Promise<void> {
    const refs = cached.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    // The cached object may predate an orphan deletion that took references off it.
    const obj = await this.#live(source, cached);
    if (!obj) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = await this.#owner(ref, obj.metadata.namespace);
      if (!owner) dangling.push(ref);
      else if (
        owner.metadata.deletionTimestamp &&
        (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)
      ) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length + waiting.length > 0) await this.#patchOwners(source, obj, solid);
      return;
    }
    if (dangling.length + waiting.length === 0) return;
    const hasOwn = this.#dependentsOf(obj.metadata.uid ?? "").length > 0;
    const policy = waiting.length > 0 && hasOwn ? "Foreground" : "Background";
    await this.#delete(source, obj, policy);
    this.#log.info(
      `deleted ${source.info.resource} ${objectKey(obj)}: its owners ${
        [...dangling, ...waiting].map((r) => `${r.kind} ${r.name}`).join(", ")
      } are gone or being deleted`,
    );
  }

  /** The owner named by `ref` when it exists with the same uid (cache first, then a GET). */
  async #owner(ref: OwnerReference, namespace?: string): Promise<KubeObject | undefined> {
    const cached = this.#ownerInCache(ref);
    if (cached) return cached;
    const info = resourceForKind(ref.kind, ref.apiVersion);
    // A kind this apiserver does not serve cannot be checked: keep the dependent.
    if (!info) return { metadata: { name: ref.name, uid: ref.uid } };
    try {
      const owner = await this.#opts.client.get({
        resource: info.resource,
        groupVersion: apiVersionOf(info),
        namespace: info.namespaced ? namespace : undefined,
        name: ref.name,
      });
      return owner.metadata.uid === ref.uid ? owner : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      // An owner kind the controller-manager may not read cannot be checked either.
      if (e instanceof ApiError && e.code === 403) return { metadata: { name: ref.name } };
      throw e;
    }
  }

  async #live(source: GcSource, obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await this.#opts.client.get(this.#ref(source, obj));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  #ref(source: GcSource, obj: KubeObject) {
    return {
      resource: source.info.resource,
      groupVersion: apiVersionOf(source.info),
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
  }

  async #delete(source: GcSource, obj: KubeObject, propagationPolicy: string): Promise<void> {
    try {
      await this.#opts.client.delete(this.#ref(source, obj), { propagationPolicy });
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(
        `deleting ${source.info.resource} ${objectKey(obj)} failed: ${describeError(e)}`,
      );
    }
  }

  async #patchOwners(source: GcSource, obj: KubeObject, refs: OwnerReference[]): Promise<void> {
    await this.#patchMeta(source, obj, { ownerReferences: refs.length > 0 ? refs : null });
  }

  async #dropFinalizer(source: GcSource, obj: KubeObject, finalizer: string): Promise<void> {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.#patchMeta(source, obj, { finalizers: rest.length > 0 ? rest : null });
  }

  async #patchMeta(source: GcSource, obj: KubeObject, meta: Record<string, unknown>) {
    try {
      await this.#opts.client.patch(
        this.#ref(source, obj),
        { metadata: { ...meta, resourceVersion: obj.metadata.resourceVersion } },
        "merge",
      );
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(
        `updating ${source.info.resource} ${objectKey(obj)} failed: ${describeError(e)}`,
      );
    }
  }
}

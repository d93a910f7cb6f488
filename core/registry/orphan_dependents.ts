/**
 * Orphan deletion (`propagationPolicy: Orphan`, `kubectl delete --cascade=orphan`): the owner
 * is marked deleted and held by the `orphan` finalizer, the ownerReferences naming its uid are
 * taken off its dependents of every namespaced kind, then the finalizer is removed (which
 * removes the owner). Done in the apiserver so it needs no controller-manager; the garbage
 * collector finishes the job for an owner left with the finalizer (an apiserver that died
 * half-way, or a client that set the finalizer itself).
 */
import { RESOURCES } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import { nowTimestamp } from "./object_names.ts";
import type { Registry } from "./registry.ts";
import type { DeleteOptions } from "./strategy.ts";

/** The finalizer holding an owner whose dependents are being orphaned. */
export const ORPHAN_FINALIZER = "orphan";
/** The finalizer holding an owner until its blocking dependents are deleted. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";

/** The propagation policies a DeleteOptions may name. */
export const PROPAGATION_POLICIES = ["Orphan", "Background", "Foreground"] as const;

/** True when `options` asks for the dependents to be orphaned (also the legacy boolean). */
export function wantsOrphan(options: DeleteOptions & { orphanDependents?: unknown }): boolean {
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === "Orphan";
  return options.orphanDependents === true;
}

/** Throws a 400 naming the accepted values when `policy` is not a known propagation policy. */
export function checkPropagationPolicy(policy: unknown): void {
  if (policy === undefined) return;
  if (!(PROPAGATION_POLICIES as readonly unknown[]).includes(policy)) {
    throw errors.badRequest(
      `propagationPolicy ${JSON.stringify(policy)} is not supported; use one of ${
        PROPAGATION_POLICIES.join(", ")
      }`,
    );
  }
}

/**
 * Removes the ownerReferences pointing at `ownerUid` from every object of `dependents` in
 * `namespace`; returns the names of the objects changed. Objects deleted meanwhile are skipped.
 */
export async function orphanDependents(
  dependents: Registry,
  namespace: string,
  ownerUid: string,
): Promise<string[]> {
  if (ownerUid === "") return [];
  const { entries } = await dependents.list(namespace);
  const changed: string[] = [];
  for (const e of entries) {
    const obj = JSON.parse(e.json) as KubeObject;
    if (!obj.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) continue;
    const name = obj.metadata.name ?? "";
    try {
      await dependents.mutate(namespace, name, (current) => dropOwner(current, ownerUid), "system");
      changed.push(name);
    } catch (err) {
      if (!errors.isApiError(err, 404)) throw err;
    }
  }
  return changed;
}

/**
 * Deletes `name` with the Orphan policy: finalizer `orphan` and deletionTimestamp first (so its
 * controller stops syncing it and cannot re-adopt), dependents of every namespaced kind in its
 * namespace released, then the finalizer removed. Returns the owner as last written.
 */
export async function orphanDelete(
  reg: Registry,
  registryOf: (info: (typeof RESOURCES)[number]) => Registry,
  namespace: string,
  name: string,
  options: DeleteOptions,
): Promise<KubeObject> {
  const releaseAll = async (uid: string) => {
    if (!reg.info.namespaced) return;
    for (const info of RESOURCES) {
      if (info.namespaced && info.verbs.includes("list") && info.verbs.includes("patch")) {
        await orphanDependents(registryOf(info), namespace, uid);
      }
    }
  };
  if (reg.strategy.planDelete !== undefined) {
    // Graceful kinds (pods) keep their own deletion; their dependents are released first.
    await releaseAll((await reg.get(namespace, name)).metadata.uid ?? "");
    return await reg.delete(namespace, name, options);
  }
  const owner = await reg.mutate(
    namespace,
    name,
    (cur) => {
      const finalizers = cur.metadata.finalizers ?? [];
      return {
        ...cur,
        metadata: {
          ...cur.metadata,
          deletionTimestamp: cur.metadata.deletionTimestamp ?? nowTimestamp(),
          deletionGracePeriodSeconds: 0,
          finalizers: finalizers.includes(ORPHAN_FINALIZER)
            ? finalizers
            : [...finalizers, ORPHAN_FINALIZER],
        },
      };
    },
    "system",
    options.preconditions,
  );
  await releaseAll(owner.metadata.uid ?? "");
  try {
    return await reg.mutate(namespace, name, (cur) => {
      const rest = (cur.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER);
      const { finalizers: _f, ...meta } = cur.metadata;
      return { ...cur, metadata: rest.length > 0 ? { ...meta, finalizers: rest } : meta };
    }, "system");
  } catch (e) {
    if (errors.isApiError(e, 404)) return owner;
    throw e;
  }
}

/**
 * Marks `current` for foreground deletion: deletionTimestamp, grace 0 and the
 * `foregroundDeletion` finalizer; the garbage collector deletes its dependents, then removes it.
 */
export function markForeground(current: KubeObject): KubeObject {
  const meta = current.metadata;
  const finalizers = meta.finalizers ?? [];
  return {
    ...current,
    metadata: {
      ...meta,
      deletionTimestamp: meta.deletionTimestamp ?? nowTimestamp(),
      deletionGracePeriodSeconds: 0,
      finalizers: finalizers.includes(FOREGROUND_FINALIZER)
        ? finalizers
        : [...finalizers, FOREGROUND_FINALIZER],
    },
  };
}

function dropOwner(obj: KubeObject, ownerUid: string): KubeObject {
  const { ownerReferences = [], ...rest } = obj.metadata;
  const refs = ownerReferences.filter((r) => r.uid !== ownerUid);
  return { ...obj, metadata: refs.length > 0 ? { ...rest, ownerReferences: refs } : rest };
}

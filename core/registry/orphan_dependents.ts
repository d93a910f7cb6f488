/**
 * Orphan deletion (`propagationPolicy: Orphan`, `kubectl delete --cascade=orphan`): before an
 * owner is removed, the ownerReferences naming its uid are taken off its dependents, so the
 * garbage collector no longer sees them as belonging to a deleted owner and leaves them alone.
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { Registry } from "./registry.ts";
import type { DeleteOptions } from "./strategy.ts";

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

function dropOwner(obj: KubeObject, ownerUid: string): KubeObject {
  const { ownerReferences = [], ...rest } = obj.metadata;
  const refs = ownerReferences.filter((r) => r.uid !== ownerUid);
  return { ...obj, metadata: refs.length > 0 ? { ...rest, ownerReferences: refs } : rest };
}

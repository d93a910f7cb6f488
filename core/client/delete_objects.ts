/**
 * Deleting objects as kubectl does: DELETE with propagationPolicy Background, then (unless told
 * not to) wait until the object is gone by watching for its DELETED event.
 */
import { resourceForKind } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import type { ManifestTarget } from "./manifest_target.ts";
import { refOf, type TypedNames } from "./resource_args.ts";
import { delay } from "../util/backoff.ts";
import { ApiError, isNotFound } from "./client_errors.ts";
import type { ResourceRef } from "./resource_path.ts";
import type { RestClient } from "./rest_client.ts";

/** DELETEs `ref` (propagationPolicy Background unless given) and returns the object's uid if known. */
export async function deleteObject(
  client: RestClient,
  ref: ResourceRef,
  opts: { propagationPolicy?: string; gracePeriodSeconds?: number } = {},
): Promise<string | undefined> {
  const answer = await client.delete<KubeObject>(ref, {
    propagationPolicy: opts.propagationPolicy ?? "Background",
    gracePeriodSeconds: opts.gracePeriodSeconds,
  });
  return answer?.metadata?.uid;
}

/** The names of `ref`'s collection matching a label selector (all when undefined). */
export async function namesMatching(
  client: RestClient,
  ref: ResourceRef,
  labelSelector?: string,
): Promise<string[]> {
  const list = await client.list({ ...ref, name: undefined }, { labelSelector });
  return (list.items ?? []).map((o) => o.metadata.name ?? "").filter((n) => n !== "");
}

/** True while `ref` exists (with `uid`, if given: a recreated object counts as gone). */
async function stillThere(
  client: RestClient,
  ref: ResourceRef,
  uid?: string,
): Promise<KubeObject | undefined> {
  try {
    const obj = await client.get(ref);
    return uid && obj.metadata.uid && obj.metadata.uid !== uid ? undefined : obj;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Resolves once `ref` no longer exists; throws after `timeoutMs`. Watches for the DELETED
 * event; when the server cannot watch by name, polls instead.
 */
export async function waitForDeletion(
  client: RestClient,
  ref: ResourceRef,
  uid: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    while (Date.now() < deadline) {
      const obj = await stillThere(client, ref, uid);
      if (!obj) return;
      try {
        const events = client.watch({ ...ref, name: undefined }, {
          fieldSelector: `metadata.name=${ref.name}`,
          resourceVersion: obj.metadata.resourceVersion,
          timeoutSeconds: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)),
        }, abort.signal);
        for await (const ev of events) {
          if (ev.type === "DELETED" && ev.object.metadata.name === ref.name) return;
        }
      } catch (e) {
        if (abort.signal.aborted) break;
        if (!(e instanceof ApiError)) throw e;
        await delay(200, abort.signal);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  if (await stillThere(client, ref, uid)) {
    throw new Error(
      `timed out after ${
        Math.round(timeoutMs / 1000)
      }s waiting for ${ref.resource} "${ref.name}" to be deleted; it may still be terminating`,
    );
  }
}

/** One object to delete, and the singular used in its `pod "x" deleted` line. */
export interface Deletion {
  ref: ResourceRef;
  singular: string;
}

/** The objects named by manifests (v1beta1 ones as their v1 counterparts in `namespace`). */
export function deletionsFromManifests(targets: ManifestTarget[], namespace: string): Deletion[] {
  const out: Deletion[] = [];
  for (const t of targets) {
    const info = t.legacy
      ? resourceForKind(t.kind === "Minion" ? "Node" : t.kind)
      : resourceForKind(t.kind, String(t.body.apiVersion ?? "v1"));
    if (!info) continue;
    const ns = info.namespaced ? (t.legacy ? namespace : t.ref.namespace) : undefined;
    out.push({
      ref: refOf(info, ns, t.name),
      singular: t.singular,
    });
  }
  return out;
}

/** The objects named by `TYPE NAME…` arguments, or matching `-l` / `--all` when no names. */
export async function deletionsFromArgs(
  client: RestClient,
  targets: TypedNames[],
  namespace: string,
  opts: { selector?: string; all?: boolean },
): Promise<Deletion[]> {
  const out: Deletion[] = [];
  for (const t of targets) {
    const ns = t.info.namespaced ? namespace : undefined;
    let names = t.names;
    if (names.length === 0) {
      if (!opts.selector && !opts.all) {
        throw new Error(
          `resource(s) were provided, but no name was specified; name them, or use -l SELECTOR or --all`,
        );
      }
      names = await namesMatching(
        client,
        refOf(t.info, ns),
        opts.selector,
      );
    }
    for (const name of names) {
      out.push({
        ref: refOf(t.info, ns, name),
        singular: t.info.singular,
      });
    }
  }
  return out;
}

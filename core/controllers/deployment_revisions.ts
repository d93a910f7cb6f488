/**
 * The bookkeeping of Deployment rollouts kubectl reads: the `pod-template-hash` of a template
 * (FNV-1a over its canonical JSON and the collision count, encoded as kube's SafeEncodeString
 * does), template equality ignoring that label, revision annotations, and which Deployment
 * annotations a ReplicaSet inherits (change-cause, user annotations).
 */
import type { Deployment, ReplicaSet } from "../api/types/apps.ts";
import type { PodTemplateSpec } from "../api/types/pod.ts";

/** The label naming the template hash on a Deployment's ReplicaSets and pods. */
export const HASH_LABEL = "pod-template-hash";
/** The revision of a ReplicaSet, and the Deployment's current one. */
export const REVISION = "deployment.kubernetes.io/revision";
/** Earlier revisions a ReplicaSet had (a rollback reused it). */
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
/** The Deployment's replicas when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
/** replicas + maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

/** Deployment annotations a ReplicaSet does not inherit. */
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  "deprecated.deployment.rollback.to",
]);

const SAFE = "bcdfghjklmnpqrstvwxz2456789";

/** JSON with object keys sorted, so equal objects give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * The template as it is hashed and compared: without the hash label, and without a null or
 * empty metadata.creationTimestamp (kubectl's undo patch writes `"creationTimestamp": null`;
 * Kubernetes' semantic equality treats it as absent), nor metadata left empty by that.
 */
function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(t ?? {});
  const meta = copy.metadata as Record<string, unknown> | undefined;
  if (!meta) return copy;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if ("creationTimestamp" in meta && !meta.creationTimestamp) delete meta.creationTimestamp;
  if (Object.values(meta).every((v) => v === undefined)) delete copy.metadata;
  return copy;
}

/** The pod-template-hash of a template with a collision count. */
export function templateHash(t: PodTemplateSpec | undefined, collisionCount = 0): string {
  const text = canonicalJson(withoutHash(t)) + (collisionCount > 0 ? `#${collisionCount}` : "");
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join("");
}

/** True when two templates are equal once the hash label is left out. */
export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined) {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

/** The revision of a ReplicaSet (0 when it has none). */
export function revisionOf(rs: ReplicaSet | Deployment): number {
  const n = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The annotations a new or reused ReplicaSet gets from its Deployment. */
export function inheritedAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (!NOT_COPIED.has(k)) out[k] = v;
  }
  return out;
}

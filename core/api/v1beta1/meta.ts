/** The seed's v1beta1 flat metadata (`id`, `uid`, `labels`, numeric `resourceVersion`) ⇄ v1. */
import type { ObjectMeta } from "../object.ts";
import { isRecord, type JsonRecord, stringMap } from "../json_value.ts";

/**
 * Set on replication controllers created through v1beta1 whose id is not a valid v1 name
 * (the seed's "nginxController"); validation then accepts that id as the name.
 */
export const V1BETA1_ID_ANNOTATION = "k8s.mesosphere.io/v1beta1-id";

/** v1 ObjectMeta from a v1beta1 body's top-level fields (namespace "default" when absent). */
export function metaFromV1beta1(body: JsonRecord, fallbackName = ""): ObjectMeta {
  const meta: ObjectMeta = {
    name: typeof body.id === "string" ? body.id : fallbackName,
    namespace: typeof body.namespace === "string" && body.namespace ? body.namespace : "default",
  };
  const labels = stringMap(body.labels);
  if (labels && Object.keys(labels).length) meta.labels = labels;
  const annotations = stringMap(body.annotations);
  if (annotations && Object.keys(annotations).length) meta.annotations = annotations;
  if (typeof body.uid === "string" && body.uid) meta.uid = body.uid;
  if (typeof body.resourceVersion === "number" && body.resourceVersion > 0) {
    meta.resourceVersion = String(body.resourceVersion);
  } else if (typeof body.resourceVersion === "string" && body.resourceVersion) {
    meta.resourceVersion = body.resourceVersion;
  }
  if (typeof body.generateName === "string" && body.generateName) {
    meta.generateName = body.generateName;
  }
  return meta;
}

/** A resourceVersion as the number v1beta1 printed (undefined when not numeric). */
export function resourceVersionNumber(rv: string | undefined): number | undefined {
  return rv && /^[0-9]+$/.test(rv) ? Number(rv) : undefined;
}

/** The v1beta1 top-level fields for v1 metadata, in the seed's order. */
export function metaToV1beta1(kind: string, meta: ObjectMeta): JsonRecord {
  const out: JsonRecord = { kind, id: meta.name ?? "" };
  if (meta.uid) out.uid = meta.uid;
  out.creationTimestamp = meta.creationTimestamp ?? null;
  const rv = resourceVersionNumber(meta.resourceVersion);
  if (rv !== undefined) out.resourceVersion = rv;
  out.apiVersion = "v1beta1";
  if (meta.namespace) out.namespace = meta.namespace;
  if (meta.labels && Object.keys(meta.labels).length) out.labels = { ...meta.labels };
  const annotations = { ...meta.annotations };
  delete annotations[V1BETA1_ID_ANNOTATION];
  if (Object.keys(annotations).length) out.annotations = annotations;
  return out;
}

/** `obj[key]` when it is an object, else an empty object. */
export function rec(obj: unknown, key: string): JsonRecord {
  const v = isRecord(obj) ? obj[key] : undefined;
  return isRecord(v) ? v : {};
}

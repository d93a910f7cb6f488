/**
 * How a registry turns a request body into the object it stores: server-set metadata on
 * create, immutable metadata kept on update, then the kind's strategy, defaults and validation.
 */
import { apiVersionOf, type ResourceInfo } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import { applyDefaults } from "../api/defaults.ts";
import { validateObject, validateStatusUpdate } from "../api/validation.ts";
import * as errors from "../api/status.ts";
import type { Strategy } from "./strategy.ts";
import { generateObjectName, nowTimestamp } from "./object_names.ts";
import type { MutateMode } from "./registry.ts";

/**
 * The server-side fields of a new object (name from generateName, uid, creationTimestamp,
 * generation), then the kind's strategy, defaults and validation; kind and apiVersion first.
 */
export function prepareCreate(
  info: ResourceInfo,
  strategy: Strategy,
  namespace: string,
  obj: KubeObject,
  generate: boolean,
): KubeObject {
  const meta = obj.metadata;
  if (generate) meta.name = generateObjectName(meta.generateName ?? "");
  if (!meta.name) {
    throw errors.invalid(info.kind, "", [{
      type: "FieldValueRequired",
      field: "metadata.name",
      message: "Required value: name or generateName is required",
    }]);
  }
  if (info.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  meta.uid = crypto.randomUUID();
  meta.creationTimestamp = nowTimestamp();
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if ("spec" in obj) meta.generation = 1;
  else delete meta.generation;
  strategy.prepareForCreate(obj);
  defaultAndValidate(info, strategy, obj, undefined);
  return withTypeFirst(obj, info.kind, apiVersionOf(info));
}

/**
 * An update's object: the URL's name and namespace, immutable metadata kept from `current`
 * (status writes keep everything but status), strategy, defaults, validation, generation.
 */
export function prepareUpdate(
  info: ResourceInfo,
  strategy: Strategy,
  namespace: string,
  name: string,
  next: KubeObject,
  current: KubeObject,
  mode: MutateMode,
): KubeObject {
  if (typeof next !== "object" || next === null || typeof next.metadata !== "object") {
    throw errors.badRequest(`the new ${info.kind} "${name}" has no metadata object`);
  }
  let obj = next;
  if (mode === "status") obj = { ...current, status: next.status };
  const meta = obj.metadata = { ...obj.metadata };
  const cur = current.metadata;
  if (mode === "status") {
    for (const k of ["labels", "annotations", "finalizers", "ownerReferences"] as const) {
      if (cur[k] === undefined) delete meta[k];
      else (meta as Record<string, unknown>)[k] = cur[k];
    }
  }
  meta.name = name;
  if (info.namespaced) meta.namespace = namespace;
  // As kube-apiserver: an absent uid is the stored one, a different one fails validation
  // ("field is immutable"); a changed creationTimestamp is silently kept as stored.
  if (!meta.uid) meta.uid = cur.uid;
  meta.creationTimestamp = cur.creationTimestamp;
  if (mode !== "system") {
    for (const k of ["deletionTimestamp", "deletionGracePeriodSeconds"] as const) {
      if (cur[k] === undefined) delete meta[k];
      else (meta as Record<string, unknown>)[k] = cur[k];
    }
  }
  delete meta.resourceVersion;
  if (mode === "update") strategy.prepareForUpdate(obj, current);
  defaultAndValidate(info, strategy, obj, current, mode === "status");
  if (cur.generation !== undefined || "spec" in obj) {
    const changed = obj.spec !== current.spec &&
      JSON.stringify(obj.spec) !== JSON.stringify(current.spec);
    meta.generation = (cur.generation ?? 0) + (changed || cur.generation === undefined ? 1 : 0);
  }
  return withTypeFirst(obj, info.kind, apiVersionOf(info));
}

/**
 * Kubernetes defaults, the kind's defaults and validation (of a status write: see
 * validateStatusUpdate); a 400 or 422 on failure.
 */
function defaultAndValidate(
  info: ResourceInfo,
  strategy: Strategy,
  obj: KubeObject,
  old: KubeObject | undefined,
  statusWrite = false,
): void {
  let errs;
  try {
    applyDefaults(obj);
    strategy.defaults?.(obj);
    errs = statusWrite && old !== undefined
      ? validateStatusUpdate(obj, old)
      : validateObject(obj, old);
    const own = strategy.validate?.(obj, old);
    if (own !== undefined) errs = [...errs, ...own];
  } catch (e) {
    if (errors.isApiError(e)) throw e;
    throw errors.badRequest(
      `${info.kind} in version "${info.version}" cannot be handled as a ` +
        `${info.kind}: ` +
        (e instanceof Error ? e.message : String(e)),
    );
  }
  if (errs.length > 0) throw errors.invalid(info.kind, obj.metadata.name ?? "", errs);
}

/** The object with kind and apiVersion (default "v1") set and serialised first, like Kubernetes. */
export function withTypeFirst(obj: KubeObject, kind: string, apiVersion = "v1"): KubeObject {
  const { kind: _k, apiVersion: _a, metadata, ...rest } = obj;
  return { kind, apiVersion, metadata, ...rest };
}

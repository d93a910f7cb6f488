/**
 * Serves the verbs of `/api/v1` and `/apis/GROUP/VERSION` resources and their subresources
 * (status, binding, scale) on top of the registries: decoding and checking bodies, selectors, patches, watches, and the
 * Accept-dependent response shapes.
 */
import { apiVersionOf, type ResourceInfo } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import type { Registry } from "../registry/registry.ts";
import type { DeleteOptions } from "../registry/strategy.ts";
import { type Binding, bindPod } from "../registry/pod_binding.ts";
import { getScale, updateScale } from "../registry/scale_subresource.ts";
import { collectionPrefix } from "../registry/keys.ts";
import {
  checkPropagationPolicy,
  orphanDelete,
  wantsOrphan,
} from "../registry/orphan_dependents.ts";
import { checkFieldValidation, parseFieldValidation } from "./field_validation.ts";
import { checkFieldTypes } from "./field_types.ts";
import { applyRequest, isApplyPatch, managedCreate, managedWrite } from "./apply/apply_request.ts";
import { decodeObject } from "./decode_object.ts";
import {
  parseListQuery,
  parseResourceVersion,
  parseSelectors,
  parseSendInitialEvents,
  parseTimeoutSeconds,
} from "./list_options.ts";
import { listResource } from "./list_resource.ts";
import type { Patcher } from "./patchers.ts";
import { decodeBody, mediaType, readBody, readBodyText } from "./read_body.ts";
import { isTrue, type RequestInfo } from "./request_info.ts";
import type { ResponseShaper, ShapeContext } from "./response_shaper.ts";
import { jsonBytes, jsonText, jsonValue, listText } from "./responses.ts";
import type { CacheEntry } from "../registry/watch_cache.ts";
import type { WatchStreams } from "./watch_stream.ts";

/** What the resource handler works with. */
export interface ResourceContext {
  registries: RegistrySet;
  watches: WatchStreams;
  patchers: Map<string, Patcher>;
  shapers: ResponseShaper[];
  /** Extra subresource handlers, keyed "pods/log" (served by other components). */
  subresources: Map<string, (req: Request, ri: RequestInfo) => Promise<Response>>;
}

/** Serves one parsed resource request (any group). */
export async function handleResource(
  ctx: ResourceContext,
  req: Request,
  url: URL,
  ri: RequestInfo,
): Promise<Response> {
  const q = url.searchParams;
  const dry = isDryRun(q, ri);
  const shape: ShapeContext = { info: ri.info, accept: req.headers.get("accept"), query: q };
  const extra = ctx.subresources.get(`${ri.info.resource}/${ri.subresource}`);
  if (extra !== undefined) return await extra(req, ri);
  if (ri.info.group === "" && ri.info.resource === "bindings") {
    if (ri.verb !== "create") throw errors.methodNotAllowed(req.method, url.pathname);
    const body = await readBody(req) as Binding;
    const pods = ctx.registries.must("pods");
    await bindPod(dry ? pods.dryRun() : pods, ri.namespace, body?.metadata?.name ?? "", body);
    return jsonValue(201, errors.successStatus(201));
  }
  const real = ctx.registries.forResource(ri.info);
  const reg = dry ? real.dryRun() : real;
  switch (ri.subresource) {
    case "":
      return await mainResource(ctx, reg, req, url, ri, shape);
    case "status":
      return await statusResource(ctx, reg, req, url, ri, shape);
    case "binding": {
      if (ri.verb !== "create") throw errors.methodNotAllowed(req.method, url.pathname);
      const body = await readBody(req) as Binding;
      await bindPod(reg, ri.namespace, ri.name, body);
      return jsonValue(201, errors.successStatus(201));
    }
    case "scale":
      return await scaleResource(ctx, reg, req, url, ri);
    default:
      throw errors.notFound(`${ri.info.resource}/${ri.subresource}`, ri.name);
  }
}

/**
 * `?dryRun=All` (repeatable, as kube-apiserver takes it): true when every value is "All";
 * 400 for any other value. Reads ignore it.
 */
function isDryRun(q: URLSearchParams, ri: RequestInfo): boolean {
  const values = q.getAll("dryRun").filter((v) => v !== "");
  const bad = values.find((v) => v !== "All");
  if (bad !== undefined) {
    throw errors.badRequest(
      `dryRun value "${bad}" is not supported; the only supported value is "All" (run every ` +
        `check and store nothing)`,
    );
  }
  return values.length > 0 && !["get", "list", "watch"].includes(ri.verb);
}

/** The JSON of an object a write returned: the watch cache's bytes when it has them. */
function written(reg: Registry, obj: KubeObject): string | CacheEntry {
  return reg.writtenEntry(obj) ?? JSON.stringify(obj);
}

function objectResponse(
  ctx: ResourceContext,
  shape: ShapeContext,
  code: number,
  json: string | CacheEntry,
  headers?: HeadersInit,
): Response {
  for (const s of ctx.shapers) {
    const text = () => typeof json === "string" ? json : json.json;
    const body = s.object?.(shape, () => JSON.parse(text()) as KubeObject);
    if (body !== undefined) return jsonText(code, body, headers);
  }
  return typeof json === "string"
    ? jsonText(code, json, headers)
    : jsonBytes(code, json.bytes, headers);
}

async function decodeChecked(
  req: Request,
  q: URLSearchParams,
  ri: RequestInfo,
  name: string,
): Promise<{ obj: KubeObject; warnings: string[] }> {
  const body = await readBody(req);
  const obj = decodeObject(body, {
    kind: ri.info.kind,
    apiVersion: apiVersionOf(ri.info),
    namespaced: ri.info.namespaced,
    namespace: ri.namespace,
    name,
  });
  let mode;
  try {
    mode = parseFieldValidation(q.get("fieldValidation"));
  } catch (e) {
    throw errors.badRequest(e instanceof Error ? e.message : String(e));
  }
  const check = checkFieldValidation(mode, ri.info.kind, obj);
  if (check.error !== undefined) throw errors.badRequest(check.error);
  return { obj, warnings: check.warnings };
}

function warningHeaders(warnings: string[]): HeadersInit | undefined {
  return warnings.length === 0
    ? undefined
    : warnings.map((w) => ["warning", w] as [string, string]);
}

/**
 * The producer of a PATCH: the patched current object, checked like a body. `shareUnchanged`
 * lets the result share what the patch left alone with the current object (a status write,
 * which keeps only the result's status and never changes it in place).
 */
async function patchFn(
  ctx: ResourceContext,
  req: Request,
  ri: RequestInfo,
  shareUnchanged = false,
): Promise<(current: KubeObject) => KubeObject> {
  const type = mediaType(req.headers.get("content-type"));
  const patcher = ctx.patchers.get(type);
  if (patcher === undefined) {
    throw errors.unsupportedMediaType(type || "(none)", [...ctx.patchers.keys()]);
  }
  const patch = decodeBody(await readBodyText(req), "application/json");
  return (current) =>
    decodeObject(patcher(current, patch, ri.info.kind, shareUnchanged), {
      kind: ri.info.kind,
      apiVersion: apiVersionOf(ri.info),
      namespaced: ri.info.namespaced,
      namespace: ri.namespace,
      name: ri.name,
      requireName: true,
    });
}

async function deleteOptions(req: Request, q: URLSearchParams): Promise<DeleteOptions> {
  const text = await readBodyText(req);
  const opts: DeleteOptions = {};
  if (text.trim() !== "") {
    const body = decodeBody(text, req.headers.get("content-type"));
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw errors.badRequest("the DeleteOptions body must be a JSON object");
    }
    Object.assign(opts, body);
  }
  const dry: unknown = (opts as { dryRun?: unknown }).dryRun;
  if (dry !== undefined && dry !== null) {
    const values = Array.isArray(dry) ? dry : [dry];
    const bad = values.find((v) => v !== "All");
    if (bad !== undefined) {
      throw errors.badRequest(
        `dryRun value ${JSON.stringify(bad)} is not supported; the only supported value is ` +
          `"All" (run every check and delete nothing)`,
      );
    }
  }
  opts.dryRun = Array.isArray(dry) && dry.length > 0 ? ["All"] : undefined;
  const policy = q.get("propagationPolicy");
  if (policy !== null && policy !== "") opts.propagationPolicy = policy;
  checkPropagationPolicy(opts.propagationPolicy);
  const grace = q.get("gracePeriodSeconds");
  if (grace !== null && grace !== "") opts.gracePeriodSeconds = Number(grace);
  if (opts.gracePeriodSeconds !== undefined && !Number.isInteger(opts.gracePeriodSeconds)) {
    throw errors.badRequest(`gracePeriodSeconds must be a whole number of seconds`);
  }
  return opts;
}

async function mainResource(
  ctx: ResourceContext,
  reg: Registry,
  req: Request,
  url: URL,
  ri: RequestInfo,
  shape: ShapeContext,
): Promise<Response> {
  const q = url.searchParams;
  switch (ri.verb) {
    case "get": {
      const entry = await reg.getEntry(ri.namespace, ri.name, parseResourceVersion(q));
      return objectResponse(ctx, shape, 200, entry);
    }
    case "list":
      return await listResource(ctx, reg, ri, q, shape);
    case "watch": {
      let transform;
      for (const s of ctx.shapers) transform ??= s.watch?.(shape);
      const lq = parseListQuery(q, true);
      return ctx.watches.open({
        info: ri.info,
        prefix: collectionPrefix(ri.info, ri.namespace),
        ...parseSelectors(q, ri.info, ri.name),
        resourceVersion: lq.resourceVersion,
        allowBookmarks: isTrue(q.get("allowWatchBookmarks")),
        sendInitialEvents: parseSendInitialEvents(q),
        timeoutSeconds: parseTimeoutSeconds(q),
        transform,
      });
    }
    case "create": {
      if (ri.name !== "") throw errors.methodNotAllowed(req.method, url.pathname);
      const { obj, warnings } = await decodeChecked(req, q, ri, "");
      const created = await reg.create(ri.namespace, managedCreate(obj, req, q, ri));
      return objectResponse(ctx, shape, 201, written(reg, created), warningHeaders(warnings));
    }
    case "update": {
      const { obj, warnings } = await decodeChecked(req, q, ri, ri.name);
      const write = managedWrite(() => structuredClone(obj), req, q, ri, false);
      const updated = await reg.mutate(ri.namespace, ri.name, write.produce, "update");
      return objectResponse(ctx, shape, 200, written(reg, updated), warningHeaders(warnings));
    }
    case "patch": {
      if (isApplyPatch(req)) {
        const applied = await applyRequest(reg, req, q, ri);
        const json = JSON.stringify(applied.object);
        return objectResponse(ctx, shape, applied.code, json, warningHeaders(applied.warnings));
      }
      const write = managedWrite(await patchFn(ctx, req, ri), req, q, ri);
      const patched = await reg.mutate(ri.namespace, ri.name, write.produce, "update");
      return objectResponse(
        ctx,
        shape,
        200,
        written(reg, patched),
        warningHeaders(write.warnings),
      );
    }
    case "delete": {
      const opts = await deleteOptions(req, q);
      // kubectl sends the dry run of a delete in the DeleteOptions body, not the query.
      if (opts.dryRun && !reg.dry) reg = reg.dryRun();
      if (wantsOrphan(opts) && !reg.dry) {
        const registryOf = (info: ResourceInfo) => ctx.registries.forResource(info);
        const last = await orphanDelete(reg, registryOf, ri.namespace, ri.name, opts);
        return objectResponse(ctx, shape, 200, JSON.stringify(last));
      }
      const deleted = await reg.delete(ri.namespace, ri.name, opts);
      return objectResponse(ctx, shape, 200, written(reg, deleted));
    }
    case "deletecollection": {
      const opts = await deleteOptions(req, q);
      if (opts.dryRun && !reg.dry) reg = reg.dryRun();
      const items = await reg.deleteCollection(ri.namespace, parseSelectors(q, ri.info), opts);
      const revision = items.reduce((m, o) => Math.max(m, Number(o.metadata.resourceVersion)), 0);
      return jsonText(
        200,
        listText(
          ri.info.listKind,
          revision,
          items.map((o) => JSON.stringify(o)),
          apiVersionOf(ri.info),
        ),
      );
    }
  }
}

async function statusResource(
  ctx: ResourceContext,
  reg: Registry,
  req: Request,
  url: URL,
  ri: RequestInfo,
  shape: ShapeContext,
): Promise<Response> {
  const q = url.searchParams;
  switch (ri.verb) {
    case "get":
      return objectResponse(ctx, shape, 200, await reg.getEntry(ri.namespace, ri.name));
    case "update": {
      const { obj } = await decodeChecked(req, q, ri, ri.name);
      const updated = await reg.updateStatus(ri.namespace, ri.name, obj);
      return objectResponse(ctx, shape, 200, written(reg, updated));
    }
    case "patch": {
      const produce = await patchFn(ctx, req, ri, true);
      const patched = await reg.mutate(ri.namespace, ri.name, produce, "status");
      return objectResponse(ctx, shape, 200, written(reg, patched));
    }
    default:
      throw errors.methodNotAllowed(req.method, url.pathname);
  }
}

async function scaleResource(
  ctx: ResourceContext,
  reg: Registry,
  req: Request,
  url: URL,
  ri: RequestInfo,
): Promise<Response> {
  switch (ri.verb) {
    case "get":
      return jsonValue(200, await getScale(reg, ri.namespace, ri.name));
    case "update": {
      const body = await readBody(req);
      if (typeof body === "object" && body !== null && "kind" in body && body.kind !== "Scale") {
        throw errors.badRequest(`the kind in the data must be "Scale" for this URL`);
      }
      checkFieldTypes("Scale", body);
      return jsonValue(200, await updateScale(reg, ri.namespace, ri.name, () => body));
    }
    case "patch": {
      const type = mediaType(req.headers.get("content-type"));
      const patcher = ctx.patchers.get(type);
      if (patcher === undefined) {
        throw errors.unsupportedMediaType(type || "(none)", [...ctx.patchers.keys()]);
      }
      const patch = decodeBody(await readBodyText(req), "application/json");
      const scale = await updateScale(reg, ri.namespace, ri.name, (cur) => {
        const { resourceVersion: _rv, ...meta } = cur.metadata;
        return checkFieldTypes("Scale", patcher({ ...cur, metadata: meta }, patch, "Scale"));
      });
      return jsonValue(200, scale);
    }
    default:
      throw errors.methodNotAllowed(req.method, url.pathname);
  }
}

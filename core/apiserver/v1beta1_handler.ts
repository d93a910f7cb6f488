/**
 * The seed's v1beta1 API: `/api/v1beta1/{pods,replicationControllers,services,minions}` with
 * create, list, get, update and delete, served by converting to and from the v1 objects the
 * registries hold. Namespace "default" unless `?namespace=` says otherwise.
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import {
  type V1beta1Resource,
  v1beta1ToV1,
  v1ListToV1beta1,
  v1ToV1beta1,
} from "../api/v1beta1/convert.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import { decodeObject } from "./decode_object.ts";
import { readBody } from "./read_body.ts";
import { jsonValue } from "./responses.ts";

const RESOURCE_MAP: Record<V1beta1Resource, string> = {
  pods: "pods",
  replicationControllers: "replicationcontrollers",
  services: "services",
  minions: "nodes",
};

/** The v1 resource a v1beta1 path segment stands for, for metrics ("" when unknown). */
export function v1beta1Resource(segment: string): string {
  return RESOURCE_MAP[segment as V1beta1Resource] ?? "";
}

/** Serves one request under `/api/v1beta1/` (`segments` = the path after it). */
export async function handleV1beta1(
  registries: RegistrySet,
  req: Request,
  url: URL,
  segments: string[],
): Promise<Response> {
  const [segment = "", id = "", ...extra] = segments;
  const v1 = RESOURCE_MAP[segment as V1beta1Resource];
  if (v1 === undefined || extra.length > 0) {
    throw new errors.ApiError(errors.makeStatus(
      404,
      "NotFound",
      `the server could not find the requested resource (${req.method} ${url.pathname}); ` +
        `v1beta1 serves ${Object.keys(RESOURCE_MAP).join(", ")}`,
    ));
  }
  const resource = segment as V1beta1Resource;
  const reg = registries.must(v1);
  const info = reg.info;
  const namespace = info.namespaced ? url.searchParams.get("namespace") || "default" : "";
  const toV1 = async (name: string): Promise<KubeObject> => {
    const body = await readBody(req);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw errors.badRequest(`the ${segment} body must be a JSON object in the v1beta1 shape`);
    }
    const converted = v1beta1ToV1(resource, body as Record<string, unknown>) as Record<
      string,
      unknown
    >;
    if (!converted.kind) delete converted.kind;
    const meta = converted.metadata as { namespace?: string } | undefined;
    if (meta && info.namespaced && meta.namespace === "default") meta.namespace = namespace;
    return decodeObject(converted, {
      kind: info.kind,
      namespaced: info.namespaced,
      namespace,
      name,
    });
  };
  const out = (code: number, obj: KubeObject) => jsonValue(code, v1ToV1beta1(resource, obj));
  switch (req.method) {
    case "GET":
      if (id === "") {
        const list = await reg.list(namespace);
        return jsonValue(
          200,
          v1ListToV1beta1(resource, {
            kind: info.listKind,
            apiVersion: "v1",
            metadata: { resourceVersion: String(list.revision) },
            items: list.entries.map((e) => JSON.parse(e.json) as KubeObject),
          }),
        );
      }
      return out(200, await reg.get(namespace, id));
    case "POST":
      if (id !== "") break;
      return out(201, await reg.create(namespace, await toV1("")));
    case "PUT":
      if (id === "") break;
      return out(200, await reg.update(namespace, id, await toV1(id)));
    case "DELETE":
      if (id === "") break;
      await reg.delete(namespace, id);
      return jsonValue(200, { ...errors.successStatus(200), apiVersion: "v1beta1" });
  }
  throw errors.methodNotAllowed(req.method, url.pathname);
}

/**
 * Checks that a decoded request body is an object of the kind its URL addresses, with fields
 * of the right JSON types, and fills in kind/apiVersion when absent (client-node omits them).
 * Every problem is a 400 BadRequest naming the field and what was found; known fields whose
 * type does not fit their Go type get the decoder's message (see field_types.ts).
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import { fieldTypeError } from "./field_types.ts";
import { declarationOfKind } from "../api/groups/declared_resources.ts";

/** Where a body was sent: the kind expected and the URL's namespace and name. */
export interface BodyTarget {
  kind: string;
  apiVersion?: string;
  namespaced: boolean;
  namespace: string;
  /** The URL's object name, for updates ("" for creates). */
  name: string;
  /** The body must carry the name (a patched object), as kube-apiserver's checkName demands. */
  requireName?: boolean;
}

const STRING_META = ["name", "generateName", "namespace", "uid", "resourceVersion", "selfLink"];
const MAP_META = ["labels", "annotations"];

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates the shape of `body` for `target`; returns it as a KubeObject. */
export function decodeObject(body: unknown, target: BodyTarget): KubeObject {
  const { kind } = target;
  const apiVersion = target.apiVersion ?? "v1";
  const bad = (msg: string) =>
    errors.badRequest(
      `${kind} in version "${apiVersion}" cannot be ` +
        `handled as a ${kind}: ${msg}`,
    );
  if (!isObject(body)) {
    throw bad(`the request body must be a JSON object, not ${typeName(body)}`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    throw errors.badRequest(
      `the API version in the data (${JSON.stringify(body.apiVersion)}) does not match the ` +
        `expected API version ("${apiVersion}") for this URL`,
    );
  }
  if (body.kind !== undefined && body.kind !== kind) {
    throw errors.badRequest(
      `the kind in the data (${JSON.stringify(body.kind)}) does not match the expected kind ` +
        `("${kind}") for this URL`,
    );
  }
  const meta = body.metadata ?? {};
  if (!isObject(meta)) throw bad(`metadata must be an object, not ${typeName(meta)}`);
  for (const f of STRING_META) {
    if (meta[f] !== undefined && meta[f] !== null && typeof meta[f] !== "string") {
      throw bad(`metadata.${f} must be a string, not ${typeName(meta[f])}`);
    }
  }
  for (const f of MAP_META) {
    const m = meta[f];
    if (m === undefined || m === null) continue;
    if (!isObject(m)) throw bad(`metadata.${f} must be an object of strings, not ${typeName(m)}`);
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== "string") {
        throw bad(`metadata.${f}.${k} must be a string, not ${typeName(v)}`);
      }
    }
  }
  for (const f of ["finalizers", "ownerReferences", "managedFields"]) {
    if (meta[f] !== undefined && meta[f] !== null && !Array.isArray(meta[f])) {
      throw bad(`metadata.${f} must be an array, not ${typeName(meta[f])}`);
    }
  }
  if (meta.generation !== undefined && typeof meta.generation !== "number") {
    throw bad(`metadata.generation must be a number, not ${typeName(meta.generation)}`);
  }
  for (const f of ["spec", "status"]) {
    if (body[f] !== undefined && body[f] !== null && !isObject(body[f])) {
      throw bad(`${f} must be an object, not ${typeName(body[f])}`);
    }
  }
  if (
    target.namespaced && typeof meta.namespace === "string" && meta.namespace !== "" &&
    meta.namespace !== target.namespace
  ) {
    throw errors.badRequest(
      `the namespace of the provided object ("${meta.namespace}") does not match the ` +
        `namespace sent on the request ("${target.namespace}")`,
    );
  }
  if (target.requireName && (typeof meta.name !== "string" || meta.name === "")) {
    throw errors.badRequest(
      `the name of the object (${target.name} based on URL) was undeterminable: ` +
        `name must be provided`,
    );
  }
  if (
    target.name !== "" && typeof meta.name === "string" && meta.name !== "" &&
    meta.name !== target.name
  ) {
    throw errors.badRequest(
      `the name of the object ("${meta.name}") does not match the name on the URL ` +
        `("${target.name}")`,
    );
  }
  for (const f of [...STRING_META, ...MAP_META]) if (meta[f] === null) delete meta[f];
  if (meta.creationTimestamp === null) delete meta.creationTimestamp;
  const { kind: _k, apiVersion: _a, metadata: _m, ...rest } = body;
  const obj = { kind, apiVersion, metadata: meta, ...rest };
  const typeError = fieldTypeError(kind, obj);
  if (typeError !== undefined) throw bad(typeError);
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  declarationOfKind(group, kind)?.behaviour?.convertIn?.(obj as KubeObject);
  return obj as KubeObject;
}

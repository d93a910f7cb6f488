/**
 * URL paths of the Kubernetes API: `/api/v1/namespaces/ns/pods/name/status`,
 * `/apis/autoscaling/v1/…`, the seed's `/api/v1beta1/replicationControllers`, and query strings.
 */

/** What a request addresses: a collection, one object, or one object's subresource. */
export interface ResourceRef {
  /** The URL segment of the resource ("pods", "replicationcontrollers", "replicationControllers"). */
  resource: string;
  /** The namespace; leave undefined for cluster-scoped resources and for all namespaces. */
  namespace?: string;
  /** The object name; undefined addresses the collection. */
  name?: string;
  /** A subresource ("status", "scale", "log", "binding"). */
  subresource?: string;
  /** "v1" (default) → /api/v1, "v1beta1" → /api/v1beta1 (no namespaces), "g/v" → /apis/g/v. */
  groupVersion?: string;
}

/** Query parameters; undefined and empty values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** The path of `ref` without a query string. */
export function resourcePath(ref: ResourceRef): string {
  const gv = ref.groupVersion ?? "v1";
  const root = gv.includes("/") ? `/apis/${gv}` : `/api/${gv}`;
  const parts = [root];
  if (ref.namespace !== undefined && ref.namespace !== "" && gv !== "v1beta1") {
    parts.push("namespaces", encodeURIComponent(ref.namespace));
  }
  parts.push(ref.resource);
  if (ref.name !== undefined) parts.push(encodeURIComponent(ref.name));
  if (ref.subresource !== undefined) parts.push(ref.subresource);
  return parts.join("/");
}

/** `?a=1&b=x` for the defined, non-empty entries of `query` ("" when none). */
export function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === "") continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s === "" ? "" : `?${s}`;
}

/** Joins a server base URL ("http://h:8080/prefix/") and an absolute API path. */
export function joinUrl(server: string, path: string): string {
  return server.replace(/\/+$/, "") + path;
}

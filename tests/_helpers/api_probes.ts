/**
 * Requests an outsider would try against a Kubernetes API — reads, watches, logs, metrics,
 * OpenAPI, discovery, exec/attach/port-forward upgrades, writes and deletes — and a check that
 * each one is refused with a 401 Status, made with the machine's curl.
 */
import { curl, type CurlRequest } from "./curl.ts";

/** One request of the probe list. */
export interface ApiProbe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const JSON_TYPE = { "Content-Type": "application/json" };
/** What kubectl exec/attach/port-forward send today (WebSocket, v5 channel protocol). */
const WEBSOCKET = {
  Connection: "Upgrade",
  Upgrade: "websocket",
  "Sec-WebSocket-Version": "13",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Protocol": "v5.channel.k8s.io",
};
/** What older kubectl sends for the same subresources (SPDY). */
const SPDY = {
  Connection: "Upgrade",
  Upgrade: "SPDY/3.1",
  "X-Stream-Protocol-Version": "v4.channel.k8s.io",
};

/**
 * The probes against namespace `default`, pod `pod` (which should exist, so a 401 is not a 404
 * in disguise), replication controller `rc`, and a pod named `intruder` that must never appear.
 */
export function apiProbes(pod: string, rc: string): ApiProbe[] {
  const pods = "/api/v1/namespaces/default/pods";
  const scale = `/api/v1/namespaces/default/replicationcontrollers/${rc}/scale`;
  const get = (path: string, headers?: Record<string, string>) => ({
    method: "GET",
    path,
    headers,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = JSON_TYPE) => ({
    method: "POST",
    path,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return [
    get(pods),
    get(`${pods}/${pod}`),
    get("/api/v1/pods"),
    get(`${pods}?watch=1`),
    get("/api/v1/watch/pods"),
    get(`/api/v1/watch/namespaces/default/pods/${pod}`),
    get(`${pods}/${pod}/log`),
    get(`${pods}/${pod}/log?follow=true`),
    get("/metrics"),
    get("/openapi/v3"),
    get("/openapi/v3/api/v1"),
    get("/api"),
    get("/apis"),
    get("/version"),
    get("/apis/rbac.authorization.k8s.io/v1/clusterroles"),
    get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"),
    get("/api/v1/namespaces/default/services"),
    get("/api/v1/namespaces/default/endpoints"),
    get("/api/v1/namespaces/default/secrets"),
    get("/api/v1/nodes"),
    get("/api/v1/namespaces"),
    get(scale),
    {
      method: "PUT",
      path: scale,
      headers: JSON_TYPE,
      body: JSON.stringify({
        apiVersion: "autoscaling/v1",
        kind: "Scale",
        metadata: { name: rc, namespace: "default" },
        spec: { replicas: 9 },
      }),
    },
    get(`${pods}/${pod}/exec?command=id&stdout=true`, WEBSOCKET),
    post(`${pods}/${pod}/exec?command=id&stdout=true`, undefined, SPDY),
    get(`${pods}/${pod}/portforward?ports=80`, WEBSOCKET),
    post(`${pods}/${pod}/portforward?ports=80`, undefined, SPDY),
    get(`${pods}/${pod}/attach?stdout=true`, WEBSOCKET),
    post(`${pods}/${pod}/attach?stdout=true`, undefined, SPDY),
    get("/api/v1beta1/pods"),
    get(`/api/v1beta1/pods/${pod}`),
    post("/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    }),
    post("/api/v1/namespaces/default/serviceaccounts/default/token", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {},
    }),
    post(pods, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "intruder" },
      spec: { containers: [{ name: "main", image: "busybox", command: ["id"] }] },
    }),
    {
      method: "PATCH",
      path: `${pods}/${pod}`,
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ metadata: { labels: { owned: "yes" } } }),
    },
    { method: "DELETE", path: `${pods}/${pod}` },
    { method: "DELETE", path: "/api/v1/namespaces/default" },
  ];
}

/**
 * Sends every probe to `apiUrl` with `req`'s TLS options and credentials; returns one line per
 * probe that was not a 401 with a Status body of reason Unauthorized (empty when all were).
 */
export async function notUnauthorized(
  apiUrl: string,
  probes: ApiProbe[],
  req: CurlRequest,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const p of probes) {
    const headers = { ...req.headers, ...p.headers };
    const got = await curl(`${apiUrl}${p.path}`, { ...req, ...p, headers, maxTimeS: 10 });
    let status: { kind?: string; reason?: string; code?: number } = {};
    try {
      status = JSON.parse(got.body);
    } catch { /* not JSON: reported below */ }
    const ok = got.code === 401 && status.kind === "Status" && status.reason === "Unauthorized" &&
      status.code === 401;
    if (!ok) wrong.push(`${p.method} ${p.path}: ${got.code} ${got.body.slice(0, 200)}`);
  }
  return wrong;
}

/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: finds the node running the pod, its address
 * and the kubelet (executor) port it published in `status.daemonEndpoints.kubeletEndpoint`, and
 * streams that executor's `/containerLogs/{ns}/{pod}/{container}` back as plain text (with
 * `follow`, `tailLines`, `timestamps`, `previous`, `sinceSeconds`, `sinceTime`, `limitBytes`).
 * Which addresses may be dialled, and how, is decided by kubelet_target.ts.
 */
import * as errors from "../api/status.ts";
import type { Node } from "../api/types/node.ts";
import type { Pod } from "../api/types/pod.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import { KubeletDialer, kubeletTarget } from "./kubelet_target.ts";
import type { RequestInfo } from "./request_info.ts";

const PASSED = [
  "follow",
  "tailLines",
  "timestamps",
  "previous",
  "sinceSeconds",
  "sinceTime",
  "limitBytes",
];

function containerOf(pod: Pod, asked: string | null): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (asked) {
    if (!names.includes(asked)) {
      throw errors.badRequest(
        `container ${asked} is not valid for pod ${pod.metadata.name}; its containers are ` +
          `[${names.join(" ")}]`,
      );
    }
    return asked;
  }
  if (names.length === 1) return names[0];
  throw errors.badRequest(
    `a container name must be specified for pod ${pod.metadata.name}, choose one of: ` +
      `[${names.join(" ")}]`,
  );
}

/** The `pods/log` subresource handler over the registries. */
export function podLogProxy(
  registries: RegistrySet,
  dialer: KubeletDialer = new KubeletDialer(undefined),
): (req: Request, ri: RequestInfo) => Promise<Response> {
  return async (req, ri) => {
    if (req.method !== "GET") throw errors.methodNotAllowed(req.method, new URL(req.url).pathname);
    const q = new URL(req.url).searchParams;
    const pod = await registries.must("pods").get(ri.namespace, ri.name) as Pod;
    const container = containerOf(pod, q.get("container"));
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) throw errors.badRequest(`pod ${ri.name} does not have a host assigned`);
    let node: Node;
    try {
      node = await registries.must("nodes").get("", nodeName) as Node;
    } catch (e) {
      if (errors.isApiError(e, 404)) {
        throw errors.badRequest(`pod ${ri.name} runs on node ${nodeName}, which is not registered`);
      }
      throw e;
    }
    const kubelet = kubeletTarget(node, dialer.secured);
    const target = new URL(
      `${kubelet.baseUrl}/containerLogs/` +
        [ri.namespace, ri.name, container].map(encodeURIComponent).join("/"),
    );
    for (const k of PASSED) {
      const v = q.get(k);
      if (v !== null) target.searchParams.set(k, v);
    }
    let res: Response;
    try {
      res = await dialer.fetch(kubelet, target.pathname + target.search, { signal: req.signal });
    } catch (e) {
      throw new errors.ApiError(errors.makeStatus(
        503,
        "ServiceUnavailable",
        `cannot reach the executor of node ${nodeName} at ${target.host}: ${
          e instanceof Error ? e.message : e
        }`,
      ));
    }
    if (!res.ok) {
      const text = (await res.text()).trim();
      throw new errors.ApiError(errors.makeStatus(
        res.status === 404 ? 404 : res.status < 500 ? 400 : 500,
        res.status === 404 ? "NotFound" : res.status < 500 ? "BadRequest" : "InternalError",
        text || `the executor on node ${nodeName} answered ${res.status}`,
      ));
    }
    return new Response(res.body, {
      headers: { "content-type": "text/plain", "cache-control": "no-cache" },
    });
  };
}

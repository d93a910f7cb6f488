/**
 * The downward API's values, shared by env vars (`valueFrom.fieldRef`/`resourceFieldRef`) and
 * downwardAPI volume files: pod fields (name, namespace, uid, labels, annotations, node, service
 * account, pod and host IPs) and container resource requests/limits divided by a divisor.
 */
import type { Container, Pod } from "../../api/types/pod.ts";
import { parseQuantity } from "../../api/quantity.ts";
import type { SandboxInfo } from "../runtime.ts";

function mapKey(path: string, prefix: string): string | undefined {
  const m = new RegExp(`^${prefix}\\['(.+)'\\]$`).exec(path);
  return m?.[1];
}

/** `key="value"` lines sorted by key, as the kubelet writes labels and annotations to files. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join("\n");
}

/**
 * The value of pod field `path`, or undefined when the path is not one the downward API
 * offers. `wholeMaps` allows `metadata.labels` / `metadata.annotations` (volumes only).
 */
export function podFieldValue(
  pod: Pod,
  path: string,
  sandbox: SandboxInfo | undefined,
  wholeMaps = false,
): string | undefined {
  const meta = pod.metadata;
  switch (path) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "default";
    case "metadata.uid":
      return meta.uid ?? "";
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.podIP":
    case "status.podIPs":
      return sandbox?.podIP ?? "";
    case "status.hostIP":
    case "status.hostIPs":
      return sandbox?.hostIP ?? "";
    case "metadata.labels":
      return wholeMaps ? formatMap(meta.labels) : undefined;
    case "metadata.annotations":
      return wholeMaps ? formatMap(meta.annotations) : undefined;
  }
  const label = mapKey(path, "metadata\\.labels");
  if (label !== undefined) return meta.labels?.[label] ?? "";
  const annotation = mapKey(path, "metadata\\.annotations");
  if (annotation !== undefined) return meta.annotations?.[annotation] ?? "";
  return undefined;
}

/** A container resource (`limits.memory`, `requests.cpu`) in units of `divisor` (rounded up). */
export function resourceFieldValue(
  pod: Pod,
  self: Container | undefined,
  ref: { containerName?: string; resource: string; divisor?: string },
): string {
  const c = ref.containerName
    ? [...pod.spec?.containers ?? [], ...pod.spec?.initContainers ?? []]
      .find((x) => x.name === ref.containerName)
    : self;
  const [kind, res] = ref.resource.split(".") as ["limits" | "requests", string];
  const q = c?.resources?.[kind]?.[res];
  if (q === undefined) return "0";
  const divisor = parseQuantity(ref.divisor ?? "1");
  return String(Math.ceil(parseQuantity(q) / (divisor || 1)));
}

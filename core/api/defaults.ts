/** Kubernetes' defaulting, by kind, applied in place before validation. */
import type { KubeObject } from "./object.ts";
import { isRecord, type JsonRecord } from "./json_value.ts";
import { defaultPod, defaultPodSpec } from "./defaults/pod_defaults.ts";
import { defaultService } from "./defaults/service_defaults.ts";

export {
  defaultContainer,
  defaultPod,
  defaultPodSpec,
  defaultProbe,
  imageTag,
} from "./defaults/pod_defaults.ts";
export { defaultService } from "./defaults/service_defaults.ts";

/** Defaults a replication controller: selector and labels from the template, replicas 1. */
export function defaultReplicationController(rc: KubeObject): void {
  const spec = rc.spec;
  if (!isRecord(spec)) return;
  const template = isRecord(spec.template) ? spec.template : undefined;
  const templateLabels = isRecord(template?.metadata) ? template.metadata.labels : undefined;
  if (isRecord(templateLabels) && Object.keys(templateLabels).length) {
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0) {
      spec.selector = { ...templateLabels };
    }
    if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0) {
      rc.metadata.labels = { ...(templateLabels as Record<string, string>) };
    }
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (template && isRecord(template.spec)) defaultPodSpec(template.spec);
}

/** Defaults a namespace: phase Active and the `kubernetes.io/metadata.name` label. */
export function defaultNamespace(ns: KubeObject): void {
  const status: JsonRecord = isRecord(ns.status) ? ns.status : {};
  if (!status.phase) status.phase = "Active";
  ns.status = status;
  if (ns.metadata.name) {
    ns.metadata.labels = { ...ns.metadata.labels, "kubernetes.io/metadata.name": ns.metadata.name };
  }
}

/** Defaults a node: allocatable = capacity when unset. */
export function defaultNode(node: KubeObject): void {
  const status = node.status;
  if (!isRecord(status)) return;
  if (isRecord(status.capacity) && status.allocatable === undefined) {
    status.allocatable = { ...status.capacity };
  }
}

/** Defaults endpoints: port protocol TCP. */
export function defaultEndpoints(ep: KubeObject): void {
  if (!Array.isArray(ep.subsets)) return;
  for (const subset of ep.subsets) {
    if (!isRecord(subset) || !Array.isArray(subset.ports)) continue;
    for (const port of subset.ports) if (isRecord(port) && !port.protocol) port.protocol = "TCP";
  }
}

/**
 * Fills in Kubernetes' defaults for the object's kind, in place (restartPolicy, dnsPolicy,
 * protocol TCP, imagePullPolicy, terminationGracePeriodSeconds, service type, …).
 * Fields of the wrong JSON type are left alone for validation to report.
 */
export function applyDefaults(obj: KubeObject): void {
  if (!isRecord(obj) || !isRecord(obj.metadata)) return;
  switch (obj.kind) {
    case "Pod":
      return defaultPod(obj);
    case "Service":
      return defaultService(obj);
    case "ReplicationController":
      return defaultReplicationController(obj);
    case "Namespace":
      return defaultNamespace(obj);
    case "Node":
      return defaultNode(obj);
    case "Endpoints":
      return defaultEndpoints(obj);
  }
}

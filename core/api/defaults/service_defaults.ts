/** Kubernetes' defaults for services (core/v1 SetDefaults_Service). */
import { isRecord, type JsonRecord } from "../json_value.ts";

/** Defaults a service in place: type, session affinity, port protocols and target ports. */
export function defaultService(svc: JsonRecord): void {
  const spec = svc.spec;
  if (!isRecord(spec)) return;
  if (!spec.type) spec.type = "ClusterIP";
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "ClientIP") {
    const cfg = isRecord(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : {};
    const clientIP = isRecord(cfg.clientIP) ? cfg.clientIP : {};
    if (clientIP.timeoutSeconds === undefined) clientIP.timeoutSeconds = 10800;
    cfg.clientIP = clientIP;
    spec.sessionAffinityConfig = cfg;
  }
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isRecord(port)) continue;
      if (!port.protocol) port.protocol = "TCP";
      if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") {
        port.targetPort = port.port;
      }
    }
  }
  if (spec.type !== "ExternalName" && !spec.internalTrafficPolicy) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if ((spec.type === "NodePort" || spec.type === "LoadBalancer") && !spec.externalTrafficPolicy) {
    spec.externalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  if (spec.type !== "ExternalName") {
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = "SingleStack";
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
      const ip = typeof spec.clusterIP === "string" ? spec.clusterIP : "";
      spec.ipFamilies = [ip.includes(":") ? "IPv6" : "IPv4"];
    }
  }
  if (
    typeof spec.clusterIP === "string" && spec.clusterIP !== "" && spec.clusterIPs === undefined
  ) {
    spec.clusterIPs = [spec.clusterIP];
  }
}

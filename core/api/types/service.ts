/** core/v1 Service. */
import type { KubeList, KubeObject } from "../object.ts";
import type { IntOrString } from "../int_or_string.ts";

/** One port a service exposes and where it forwards to. */
export interface ServicePort {
  name?: string;
  protocol?: "TCP" | "UDP" | "SCTP";
  appProtocol?: string;
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

/** The service types. */
export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** The desired state of a service. */
export interface ServiceSpec {
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  type?: ServiceType;
  externalIPs?: string[];
  sessionAffinity?: "None" | "ClientIP";
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  loadBalancerIP?: string;
  externalName?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  internalTrafficPolicy?: "Cluster" | "Local";
  ipFamilies?: ("IPv4" | "IPv6")[];
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  publishNotReadyAddresses?: boolean;
}

/** A load balancer ingress point. */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

/** The observed state of a service. */
export interface ServiceStatus {
  loadBalancer?: { ingress?: LoadBalancerIngress[] };
  conditions?: Record<string, unknown>[];
}

/** core/v1 Service. */
export interface Service extends KubeObject {
  spec?: ServiceSpec;
  status?: ServiceStatus;
}

/** core/v1 ServiceList. */
export type ServiceList = KubeList<Service>;

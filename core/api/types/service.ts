/** core/v1 Service. */
import type { KubeList, KubeObject } from "../object.ts";
import type { IntOrString } from "../int_or_string.ts";
import type { Int32, Int64, Time } from "./scalars.ts";

/** One port a service exposes and where it forwards to. */
export interface ServicePort {
  /** The port's name; required when the service has several ports. */
  name?: string;
  /** TCP (the default), UDP or SCTP. */
  protocol?: "TCP" | "UDP" | "SCTP";
  /** The application protocol spoken on the port (such as http). */
  appProtocol?: string;
  /** The port the service listens on. */
  port: Int32;
  /** The backends' port, by number or by container port name; the port itself by default. */
  targetPort?: IntOrString;
  /** The port opened on every node for NodePort and LoadBalancer services. */
  nodePort?: Int32;
}

/** The service types. */
export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** Client-IP session affinity settings. */
export interface ClientIPConfig {
  /** How long a client sticks to one backend, in seconds (10800 by default). */
  timeoutSeconds?: Int32;
}

/** Session affinity settings. */
export interface SessionAffinityConfig {
  /** Settings of ClientIP affinity. */
  clientIP?: ClientIPConfig;
}

/** The desired state of a service. */
export interface ServiceSpec {
  /**
   * The ports the service exposes.
   * @mergeKey port
   * @listMapKeys port protocol
   */
  ports?: ServicePort[];
  /**
   * Labels of the pods that back the service; none means endpoints are managed by hand.
   * @mapType atomic
   */
  selector?: Record<string, string>;
  /** The service's virtual IP; allocated when empty, None for a headless service. */
  clusterIP?: string;
  /**
   * The service's virtual IPs, one per IP family.
   * @listType atomic
   */
  clusterIPs?: string[];
  /** ClusterIP (the default), NodePort, LoadBalancer or ExternalName. */
  type?: ServiceType;
  /**
   * Extra addresses on which nodes accept traffic for the service.
   * @listType atomic
   */
  externalIPs?: string[];
  /** None (the default) or ClientIP: whether a client keeps going to the same backend. */
  sessionAffinity?: "None" | "ClientIP";
  /** Settings of session affinity. */
  sessionAffinityConfig?: SessionAffinityConfig;
  /** Deprecated: the address asked of the load balancer. */
  loadBalancerIP?: string;
  /**
   * Client address ranges the load balancer lets in.
   * @listType atomic
   */
  loadBalancerSourceRanges?: string[];
  /** For ExternalName services: the DNS name the service aliases. */
  externalName?: string;
  /** Cluster or Local: whether external traffic may go to backends on other nodes. */
  externalTrafficPolicy?: "Cluster" | "Local";
  /** Cluster or Local: whether in-cluster traffic may go to backends on other nodes. */
  internalTrafficPolicy?: "Cluster" | "Local";
  /** The node port used for health checks with the Local external policy. */
  healthCheckNodePort?: Int32;
  /**
   * The IP families of the service (IPv4, IPv6).
   * @listType atomic
   */
  ipFamilies?: ("IPv4" | "IPv6")[];
  /** SingleStack, PreferDualStack or RequireDualStack. */
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  /** Lists backends in endpoints even when they are not ready. */
  publishNotReadyAddresses?: boolean;
  /** Whether LoadBalancer services also get node ports (true by default). */
  allocateLoadBalancerNodePorts?: boolean;
  /** The load balancer implementation to use. */
  loadBalancerClass?: string;
  /** A hint on how traffic is spread over backends (such as PreferClose). */
  trafficDistribution?: string;
}

/** A port of a load balancer ingress point. */
export interface PortStatus {
  /** The port number. */
  port: Int32;
  /** TCP, UDP or SCTP. */
  protocol: "TCP" | "UDP" | "SCTP";
  /** Why the port could not be set up, if it could not. */
  error?: string;
}

/** A load balancer ingress point. */
export interface LoadBalancerIngress {
  /** The ingress point's IP address. */
  ip?: string;
  /** The ingress point's DNS name. */
  hostname?: string;
  /** VIP or Proxy: how traffic to the address reaches the nodes. */
  ipMode?: string;
  /**
   * The ports of the ingress point.
   * @listType atomic
   */
  ports?: PortStatus[];
}

/** The state of a service's load balancer. */
export interface LoadBalancerStatus {
  /**
   * Where the load balancer can be reached.
   * @listType atomic
   */
  ingress?: LoadBalancerIngress[];
}

/** A condition of a service. */
export interface ServiceCondition {
  /** The condition's type. */
  type: string;
  /** True, False or Unknown. */
  status: "True" | "False" | "Unknown";
  /** The generation of the service the condition was computed for. */
  observedGeneration?: Int64;
  /** When the status last changed. */
  lastTransitionTime: Time;
  /** A one-word CamelCase reason for the last change. */
  reason: string;
  /** A human-readable explanation of the last change. */
  message: string;
}

/** The observed state of a service. */
export interface ServiceStatus {
  /** The service's load balancer, if it has one. */
  loadBalancer?: LoadBalancerStatus;
  /**
   * The service's current conditions.
   * @mergeKey type
   */
  conditions?: ServiceCondition[];
}

/** core/v1 Service: a stable address in front of a set of pods. */
export interface Service extends KubeObject {
  /** The service's ports, selector and type. */
  spec?: ServiceSpec;
  /** The service's load balancer state. */
  status?: ServiceStatus;
}

/** core/v1 ServiceList. */
export type ServiceList = KubeList<Service>;

/** discovery.k8s.io/v1 EndpointSlice: a Service's backends, next to its Endpoints. */
import type { KubeObject } from "../object.ts";
import type { ObjectReference } from "./object_reference.ts";
import type { Int32 } from "./scalars.ts";

/** The state of one endpoint. */
export interface EndpointConditions {
  /** The endpoint takes traffic (ready and not terminating). */
  ready?: boolean;
  /** The endpoint is ready, whether or not it is terminating. */
  serving?: boolean;
  /** The endpoint's pod is being deleted. */
  terminating?: boolean;
}

/** One backend of a slice. */
export interface Endpoint {
  /** Its addresses (one IP for a pod). @listType set */
  addresses: string[];
  /** Ready, serving, terminating. */
  conditions?: EndpointConditions;
  /** Its host name under the Service (StatefulSet pods). */
  hostname?: string;
  /** The pod behind it. */
  targetRef?: ObjectReference;
  /** The node it runs on. */
  nodeName?: string;
}

/** A port of the slice's endpoints. */
export interface EndpointSlicePort {
  /** The Service port's name. */
  name?: string;
  /** TCP, UDP or SCTP. */
  protocol?: "TCP" | "UDP" | "SCTP";
  /** The port number on the endpoints. */
  port?: Int32;
  /** The application protocol spoken on the port. */
  appProtocol?: string;
}

/** discovery.k8s.io/v1 EndpointSlice. */
export interface EndpointSlice extends KubeObject {
  /** IPv4, IPv6 or FQDN. */
  addressType: "IPv4" | "IPv6" | "FQDN";
  /** The backends. @listType atomic */
  endpoints: Endpoint[];
  /** The ports every backend of the slice serves. @listType atomic */
  ports?: EndpointSlicePort[];
}

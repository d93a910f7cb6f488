/** core/v1 Endpoints. */
import type { KubeList, KubeObject } from "../object.ts";
import type { Int32 } from "./scalars.ts";
import type { ObjectReference } from "./object_reference.ts";

/** One backend address of a service. */
export interface EndpointAddress {
  /** The backend's IP address. */
  ip: string;
  /** The backend's host name, when it has one. */
  hostname?: string;
  /** The node the backend runs on. */
  nodeName?: string;
  /** The object (usually a pod) behind the address. */
  targetRef?: ObjectReference;
}

/** A port of the backends in a subset. */
export interface EndpointPort {
  /** The port's name, matching the service port's name. */
  name?: string;
  /** The port number. */
  port: Int32;
  /** TCP (the default), UDP or SCTP. */
  protocol?: "TCP" | "UDP" | "SCTP";
  /** The application protocol spoken on the port (such as http). */
  appProtocol?: string;
}

/** A group of addresses sharing the same ports. */
export interface EndpointSubset {
  /** Addresses ready to receive traffic. */
  addresses?: EndpointAddress[];
  /** Addresses not ready yet (failing readiness, or starting). */
  notReadyAddresses?: EndpointAddress[];
  /** The ports every address of this subset serves. */
  ports?: EndpointPort[];
}

/** core/v1 Endpoints: a service's backends, kept by the endpoints controller. */
export interface Endpoints extends KubeObject {
  /**
   * The backends, grouped by the ports they serve.
   * @listType atomic
   */
  subsets?: EndpointSubset[];
}

/** core/v1 EndpointsList. */
export type EndpointsList = KubeList<Endpoints>;

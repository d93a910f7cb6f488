/** core/v1 Endpoints. */
import type { KubeList, KubeObject } from "../object.ts";
import type { ObjectReference } from "./object_reference.ts";

/** One backend address of a service. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

/** A port of the backends in a subset. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: "TCP" | "UDP" | "SCTP";
  appProtocol?: string;
}

/** A group of addresses sharing the same ports. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** core/v1 Endpoints: a service's backends, kept by the endpoints controller. */
export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

/** core/v1 EndpointsList. */
export type EndpointsList = KubeList<Endpoints>;

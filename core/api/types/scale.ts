/** autoscaling/v1 Scale: the `replicationcontrollers/scale` subresource. */
import type { KubeObject } from "../object.ts";
import type { Int32 } from "./scalars.ts";

/** The replica count asked for. */
export interface ScaleSpec {
  /** The desired number of replicas. */
  replicas?: Int32;
}

/** The replica count observed. */
export interface ScaleStatus {
  /** The number of replicas that exist. */
  replicas: Int32;
  /** The label selector of the replicas, as text. */
  selector?: string;
}

/** autoscaling/v1 Scale; `status.selector` is the label selector as text. */
export interface Scale extends KubeObject {
  /** The desired scale. */
  spec?: ScaleSpec;
  /** The current scale, filled in by the server. */
  status?: ScaleStatus;
}

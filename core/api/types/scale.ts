/** autoscaling/v1 Scale: the `replicationcontrollers/scale` subresource. */
import type { KubeObject } from "../object.ts";

/** autoscaling/v1 Scale; `status.selector` is the label selector as text. */
export interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/** Selectors of a pod field or a container resource (env vars and downwardAPI files). */
import type { Quantity } from "./scalars.ts";

/** Selects a field of the pod (`metadata.name`, `status.podIP`, …) for an env var. */
export interface ObjectFieldSelector {
  /** The API version the field path is written in (v1 by default). */
  apiVersion?: string;
  /** The path of the field to read, such as metadata.name or status.podIP. */
  fieldPath: string;
}

/** Selects a container resource (`limits.cpu`, …) for an env var. */
export interface ResourceFieldSelector {
  /** The container whose resources are read; required in volumes, optional in env. */
  containerName?: string;
  /** The resource to read: limits.cpu, requests.memory and so on. */
  resource: string;
  /** The unit the value is expressed in (1 by default; 1m for millicores). */
  divisor?: Quantity;
}

/**
 * A container's resource limits as numbers a runtime can apply (Docker HostConfig Memory,
 * NanoCpus, CpuShares), parsed from Kubernetes quantities ("250m", "0.5", "64Mi", "1G").
 */

import { parseQuantity } from "../api/quantity.ts";
import type { RuntimeContainer } from "./pod_shape.ts";

/** The numbers a runtime applies for one container. */
export interface ContainerLimits {
  /** Memory limit in bytes (0 = none). */
  memoryBytes: number;
  /** CPU limit in nano-CPUs (0 = none). */
  nanoCpus: number;
  /** CPU request as Docker CpuShares (1024 per core, at least 2; 0 = none). */
  cpuShares: number;
}

/** Reads limits (and the cpu request for shares) from a container's `resources`. */
export function containerLimits(container: RuntimeContainer): ContainerLimits {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const mem = limits.memory !== undefined ? Math.floor(parseQuantity(limits.memory)) : 0;
  const cpu = limits.cpu !== undefined ? parseQuantity(limits.cpu) : 0;
  const reqCpu = requests.cpu ?? limits.cpu;
  const shares = reqCpu !== undefined ? Math.max(2, Math.round(parseQuantity(reqCpu) * 1024)) : 0;
  return { memoryBytes: mem, nanoCpus: Math.round(cpu * 1e9), cpuShares: shares };
}
